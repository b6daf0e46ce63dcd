/**
 * Finds the Electron binary WITHOUT triggering electron's lazy download (electron 45
 * starts one from require('electron') when path.txt is missing, which cannot work here).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ELECTRON_DIR = join(import.meta.dirname, '../../../node_modules/electron');

export function electronExecutable(): string | null {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const name =
      process.platform === 'win32'
        ? 'electron.exe'
        : process.platform === 'darwin'
          ? 'Electron.app/Contents/MacOS/Electron'
          : 'electron';
    const candidate = join(override, name);
    return existsSync(candidate) ? candidate : null;
  }
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const candidate = join(ELECTRON_DIR, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(candidate) ? candidate : null;
}
