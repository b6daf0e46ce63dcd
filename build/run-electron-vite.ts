/**
 * `npm start` / `npm run dev`: provision Electron (build/electron-binary.ts), then run
 * electron-vite with ELECTRON_EXEC_PATH set to the binary found, which electron-vite honours
 * before reading path.txt (so ELECTRON_OVERRIDE_DIST_PATH works too). When Electron cannot be
 * had, one plain sentence and exit code 1, never electron-vite's stack trace.
 *
 *   node build/run-electron-vite.ts preview|dev [more electron-vite arguments]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureElectron } from './electron-binary.ts';

const [command, ...rest] = process.argv.slice(2);
if (command !== 'preview' && command !== 'dev') {
  console.error('Usage: node build/run-electron-vite.ts preview|dev [electron-vite arguments]');
  process.exit(2);
}

const electron = await ensureElectron({
  onDownload: (version) => console.log(`Downloading Electron ${version} (once; about 100 MB)…`),
});
if (!electron.ok) {
  console.error(electron.message);
  process.exit(1);
}

const cli = join(import.meta.dirname, '../node_modules/electron-vite/bin/electron-vite.js');
const child = spawn(process.execPath, [cli, command, ...rest], {
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: electron.path },
});
// Ctrl-C reaches the child through the terminal; pass on a termination from elsewhere.
for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
