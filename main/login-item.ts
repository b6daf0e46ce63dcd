/**
 * "Start Tunetray when you log in": the login item on macOS and Windows, an XDG autostart
 * entry on Linux (Electron's setLoginItemSettings does nothing there).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app } from 'electron';
import { autostartDesktopEntry } from './autostart-entry.ts';
import { loginItemSettings } from './login-launch.ts';

export function setStartAtLogin(enabled: boolean): void {
  const settings = loginItemSettings(process.platform, enabled);
  if (settings) {
    app.setLoginItemSettings(settings);
    return;
  }
  const configHome = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  const file = join(configHome, 'autostart', 'tunetray.desktop');
  if (!enabled) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(join(configHome, 'autostart'), { recursive: true });
  // An AppImage runs from a temporary mount; APPIMAGE is the file the user launched.
  writeFileSync(file, autostartDesktopEntry(process.env.APPIMAGE || process.execPath));
}
