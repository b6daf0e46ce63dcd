/**
 * Provisions the Electron binary for `npm start`, `npm run dev`, `npm run demo` and the Electron
 * end-to-end suite.
 *
 * Why this exists: since Electron 42 `npm install electron` downloads nothing. The binary comes
 * from Electron's own `install-electron` command (node_modules/electron/install.js) or lazily
 * from a first `require('electron')`, and electron-vite reads node_modules/electron/path.txt
 * directly, so without this step it fails with "Error: Electron uninstall" on every fresh clone.
 *
 * findElectron() never starts a download (a `require('electron')` would); ensureElectron() runs
 * install-electron when the binary is missing (idempotent: instant when present) and, when that
 * cannot work (offline, a closed network), explains the next step in one plain sentence.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ELECTRON_PACKAGE_DIR = join(import.meta.dirname, '../node_modules/electron');

/** What Electron's install.js calls the executable inside dist/ on each platform. */
export function executableName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return 'electron.exe';
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return 'electron';
}

export interface ElectronLocation {
  /** The electron package folder (node_modules/electron, or another one in tests). */
  packageDir?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

/** The Electron executable if it is already on disk, without downloading anything; else null. */
export function findElectron(options: ElectronLocation = {}): string | null {
  const packageDir = options.packageDir ?? ELECTRON_PACKAGE_DIR;
  const env = options.env ?? process.env;
  const pathFile = join(packageDir, 'path.txt');
  const recorded = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  // Electron's own index.js: the override folder holds the executable under the recorded name.
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(override, recorded || executableName(options.platform));
    return existsSync(candidate) ? candidate : null;
  }
  if (!recorded) return null;
  const candidate = join(packageDir, 'dist', recorded);
  return existsSync(candidate) ? candidate : null;
}

export type EnsureResult = { ok: true; path: string; downloaded: boolean } | { ok: false; message: string };

export interface EnsureOptions extends ElectronLocation {
  /** A download that takes longer than this is given up (a network that drops packets). */
  timeoutMs?: number;
  /** Told once, before a download starts (it can take a while). */
  onDownload?: (version: string) => void;
}

const NEXT_STEPS =
  'run `npx install-electron` when you are online, set ELECTRON_MIRROR to a mirror you can reach, ' +
  'or set ELECTRON_OVERRIDE_DIST_PATH to a folder that holds an Electron build';

function electronVersion(packageDir: string): string {
  try {
    const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version?: string };
    return version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The gist of install.js's failure (its last "Error: ..." line), without the stack trace. */
export function failureReason(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((line) => line.trim());
  const errorLine = lines.filter((line) => /^([A-Za-z]*Error|Error)\b.*:/.test(line)).pop();
  const reason = (errorLine ?? lines.find((line) => line.length > 0) ?? 'no reason given')
    .replace(/^([A-Za-z]*Error):\s*/, '')
    .slice(0, 160);
  return reason;
}

/** Finds the Electron executable, downloading it with install-electron when it is missing. */
export async function ensureElectron(options: EnsureOptions = {}): Promise<EnsureResult> {
  const packageDir = options.packageDir ?? ELECTRON_PACKAGE_DIR;
  const env = options.env ?? process.env;
  const version = electronVersion(packageDir);
  const found = findElectron(options);
  if (found) return { ok: true, path: found, downloaded: false };
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    return {
      ok: false,
      message:
        `Tunetray cannot start: ELECTRON_OVERRIDE_DIST_PATH (${env.ELECTRON_OVERRIDE_DIST_PATH}) holds no ` +
        `${executableName(options.platform)}; point it at a folder with an Electron ${version} build, or unset it ` +
        'and run `npx install-electron`.',
    };
  }
  options.onDownload?.(version);
  const outcome = await runInstaller(packageDir, env, options.timeoutMs ?? 15 * 60_000);
  const path = findElectron(options);
  if (outcome.code === 0 && path) return { ok: true, path, downloaded: true };
  const reason = outcome.timedOut ? 'the download took too long' : failureReason(outcome.stderr);
  return {
    ok: false,
    message: `Tunetray could not download Electron ${version} (${reason}): ${NEXT_STEPS}.`,
  };
}

/** Electron's own install-electron (the package's install.js), output captured so no stack trace reaches the user. */
function runInstaller(
  packageDir: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ code: number | null; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(packageDir, 'install.js')], {
      cwd: packageDir,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let timedOut = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      // The reason is near the top; a megabyte of progress output is not needed.
      if (stderr.length < 64_000) stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill();
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stderr: String(error), timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, timedOut });
    });
  });
}
