/**
 * `npm run demo`: Tunetray against the local Spotify emulator, so anyone can try it
 * without a Spotify account. Starts the emulator with the demo listener, then the app
 * pointed at it with the demo Client ID, in its own profile folder (your real settings
 * and sign-in are untouched). Ctrl-C stops both.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureElectron } from '../build/electron-binary.ts';
import { DEMO_CLIENT_ID, startEmulator } from './spotify-emulator/index.ts';

const root = join(import.meta.dirname, '..');
const port = Number(process.env.TUNETRAY_DEMO_PORT ?? 8765);

// Before the emulator starts, so a machine that cannot get Electron is told at once.
const electron = await ensureElectron({
  onDownload: (version) => console.log(`Downloading Electron ${version} (once; about 100 MB)…`),
});
if (!electron.ok) {
  console.error(electron.message);
  process.exit(1);
}

const emulator = await startEmulator({ demo: true, port });
const userData = mkdtempSync(join(tmpdir(), 'tunetray-demo-'));
console.log(`Spotify emulator: ${emulator.url}  (demo Client ID ${DEMO_CLIENT_ID})`);
console.log(`Demo profile folder: ${userData}`);
console.log('Click "Connect Spotify", then "Agree" in your browser.');

// `electron-vite preview` builds main, preload and renderer first, then starts Electron.
const app = spawn(process.execPath, [join(root, 'build/run-electron-vite.ts'), 'preview'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl,
    TUNETRAY_API_URL: emulator.apiUrl,
    TUNETRAY_CLIENT_ID: DEMO_CLIENT_ID,
    TUNETRAY_USER_DATA_DIR: userData,
  },
});

const stop = async (code: number) => {
  app.kill();
  await emulator.close();
  process.exit(code);
};
app.on('exit', (code) => void stop(code ?? 0));
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
