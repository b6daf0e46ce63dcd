/**
 * Start at login, as pure decisions (tested without Electron).
 *
 * How each platform starts Tunetray at login, and how Tunetray tells it was:
 *  - Windows: a Run key with `--hidden` (setLoginItemSettings' `args` is Windows-only).
 *  - Linux: the XDG autostart entry, whose Exec passes `--hidden` (main/autostart-entry.ts).
 *  - macOS: a login item that takes no arguments. Since macOS 13 Electron registers the app with
 *    SMAppService (`type` defaults to 'mainAppService'), where the old `openAsHidden` does nothing
 *    (Electron 45 no longer has it). What macOS does report is how the app was launched:
 *    app.getLoginItemSettings().wasOpenedAtLogin, "true if the app was opened at login
 *    automatically" (macOS only).
 * A login launch stays in the tray; any other launch opens the window.
 */
import type { Settings } from 'electron';

export const HIDDEN_ARG = '--hidden';

export interface LaunchFacts {
  platform: NodeJS.Platform;
  argv: readonly string[];
  /** app.getLoginItemSettings().wasOpenedAtLogin; only meaningful on macOS. */
  wasOpenedAtLogin: boolean;
}

export function startsInTray(facts: LaunchFacts): boolean {
  if (facts.argv.includes(HIDDEN_ARG)) return true;
  return facts.platform === 'darwin' && facts.wasOpenedAtLogin;
}

/** What to hand app.setLoginItemSettings, or null where Electron does nothing (Linux: an autostart file instead). */
export function loginItemSettings(platform: NodeJS.Platform, openAtLogin: boolean): Settings | null {
  if (platform === 'win32') return { openAtLogin, args: [HIDDEN_ARG] };
  if (platform === 'darwin') return { openAtLogin };
  return null;
}
