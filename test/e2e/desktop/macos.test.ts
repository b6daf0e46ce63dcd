/**
 * Tunetray on macOS, through the double's platform knob (process.platform is 'darwin' before main
 * loads): the menu bar icon is the template image, drawn in the menu bar's own colour; a launch at
 * login stays in the menu bar with no window and no Dock icon; "Start Tunetray when you log in"
 * registers a login item with no arguments (`args` is Windows-only) and writes no XDG entry.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../electron-double/client.ts';
import { waitForTrayItem, waitForVisibleWindow, withClientId } from './desk.ts';
import { desktopAvailable, useDesk } from './suite.ts';

describe.skipIf(!desktopAvailable)('desktop: on macOS', () => {
  const desk = useDesk();

  test('the menu bar icon is the template image; start at login registers a login item without args', async () => {
    const profileDir = desk.profile();
    const app = desk.launch({ profileDir, env: withClientId, knobs: { platform: 'darwin' } });
    await waitForTrayItem(app, 'Connect Spotify');
    const { icon } = await app.tray();
    expect(icon).toMatchObject({ path: join(REPO_ROOT, 'build/tray/trayTemplate.png'), empty: false, template: true });

    await waitForVisibleWindow(app);
    expect(await app.dock()).toEqual({ visible: true });
    // Start at login is in Settings.
    await app.page.click({ role: 'button', name: 'Settings', exact: true });
    await app.page.click({ role: 'checkbox', name: 'Start Tunetray when you log in' });
    await app.waitFor(
      () => app.events.some((e) => e.type === 'login-item-settings'),
      'main to call app.setLoginItemSettings',
    );
    expect(app.events.flatMap((e) => (e.type === 'login-item-settings' ? [e.settings] : []))).toEqual([
      { openAtLogin: true },
    ]);
    expect(existsSync(join(profileDir, 'config', 'autostart'))).toBe(false);
  });

  test('a launch at login stays in the menu bar: no window, no Dock icon', async () => {
    const app = desk.launch({
      profileDir: desk.profile(),
      env: withClientId,
      knobs: { platform: 'darwin', login: { wasOpenedAtLogin: true } },
    });
    await waitForTrayItem(app, 'Connect Spotify');
    // The page has painted (the moment the window would be shown), and the window stays hidden.
    await app.waitFor(async () => (await app.window()).readyToShow !== null, 'the page to paint');
    const window = await app.window();
    expect([window.visible, window.firstShownAt]).toEqual([false, null]);
    expect(await app.dock()).toEqual({ visible: false });
  });
});
