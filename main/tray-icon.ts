/**
 * Which tray image to load, and from where (pure, so it is tested without Electron).
 *
 * macOS: trayTemplate.png, black on transparent; main/tray.ts marks it a template image so the
 * menu bar draws it in its own colour, light or dark. Windows and Linux have no template images:
 * there a black glyph nearly vanishes on a dark panel, so they get tray.png, drawn in colour by
 * build/make-icons.ts. nativeImage picks up the @2x file next to either on HiDPI screens.
 *
 * A packaged app reads them from <resources>/tray (electron-builder.yml copies build/tray there
 * as extraResources, next to app.asar); in development, from build/tray in the app folder.
 */
import { join } from 'node:path';

export interface TrayIconInput {
  platform: NodeJS.Platform;
  /** app.isPackaged */
  packaged: boolean;
  /** process.resourcesPath */
  resourcesPath: string;
  /** app.getAppPath() */
  appPath: string;
}

export const trayIconFile = (platform: NodeJS.Platform): string =>
  platform === 'darwin' ? 'trayTemplate.png' : 'tray.png';

export function trayIconPath(input: TrayIconInput): string {
  const folder = input.packaged ? join(input.resourcesPath, 'tray') : join(input.appPath, 'build', 'tray');
  return join(folder, trayIconFile(input.platform));
}
