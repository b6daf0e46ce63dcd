/**
 * process.versions as Electron's main process has it: `electron` (the installed electron package's
 * version, the one electron.d.ts describes) and `chrome` (the Chromium that renders the windows,
 * known once the double is connected to it; until then, as before Electron's own start, unknown).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { browser } from './browser-connection.ts';
import { config } from './host-config.ts';
import { onReady } from './lifecycle.ts';

function electronPackageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(config.appPath, 'node_modules/electron/package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

let chrome = 'unknown';
Object.defineProperty(process.versions, 'electron', { value: electronPackageVersion(), enumerable: true });
Object.defineProperty(process.versions, 'chrome', { get: () => chrome, enumerable: true });

onReady(() => {
  if (!config.browser.wsEndpoint) return;
  void browser()
    .then((connected) => {
      chrome = connected.version();
    })
    .catch(() => {});
});
