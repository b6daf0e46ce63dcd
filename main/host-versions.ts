/**
 * What the diagnostics report says about the host: Tunetray's version and the Electron, Chrome and
 * Node it runs on (process.versions in Electron's main process), and the operating system.
 */
import { release } from 'node:os';
import type { App } from 'electron';
import type { HostVersions } from '../app/ports.ts';

export function hostVersions(app: Pick<App, 'getVersion'>): HostVersions {
  return {
    app: app.getVersion(),
    electron: process.versions.electron ?? null,
    chrome: process.versions.chrome ?? null,
    node: process.versions.node,
    os: `${process.platform} ${process.arch} ${release()}`,
  };
}
