import { describe, expect, test } from 'vitest';
import { loginItemSettings, startsInTray } from '../../main/login-launch.ts';

const argv = ['/Applications/Tunetray.app/Contents/MacOS/Tunetray'];

describe('start at login', () => {
  test('macOS: a login launch (no arguments there) stays in the tray; a launch by hand opens the window', () => {
    expect(startsInTray({ platform: 'darwin', argv, wasOpenedAtLogin: true })).toBe(true);
    expect(startsInTray({ platform: 'darwin', argv, wasOpenedAtLogin: false })).toBe(false);
  });

  test('Windows and Linux: --hidden (the Run key, the autostart entry) stays in the tray', () => {
    for (const platform of ['win32', 'linux'] as const) {
      expect(startsInTray({ platform, argv: ['tunetray', '--hidden'], wasOpenedAtLogin: false })).toBe(true);
      expect(startsInTray({ platform, argv: ['tunetray'], wasOpenedAtLogin: false })).toBe(false);
      // wasOpenedAtLogin is macOS-only: whatever it says elsewhere is not trusted.
      expect(startsInTray({ platform, argv: ['tunetray'], wasOpenedAtLogin: true })).toBe(false);
    }
  });

  test('the login item: arguments only on Windows, nothing from Electron on Linux', () => {
    expect(loginItemSettings('win32', true)).toEqual({ openAtLogin: true, args: ['--hidden'] });
    expect(loginItemSettings('darwin', true)).toEqual({ openAtLogin: true });
    expect(loginItemSettings('darwin', false)).toEqual({ openAtLogin: false });
    expect(loginItemSettings('linux', true)).toBeNull();
  });
});
