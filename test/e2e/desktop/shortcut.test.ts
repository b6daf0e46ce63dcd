/**
 * The global shortcut and Escape through the built app and the Electron host double: a shortcut
 * set in the window is registered by main with globalShortcut and toggles the window from anywhere;
 * a combination another app holds is refused in the window and nothing is registered; a restart
 * registers the saved one again; Escape with nothing open hides the window (main's BrowserWindow.hide).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { type DesktopApp, userDataDir } from '../../electron-double/client.ts';
import { waitForVisibleWindow, waitForWindowText, withClientId } from './desk.ts';
import { desktopAvailable, useDesk } from './suite.ts';

const storedSettings = (profileDir: string): Record<string, unknown> => {
  const file = join(userDataDir(profileDir), 'settings.json');
  return existsSync(file)
    ? ((JSON.parse(readFileSync(file, 'utf8')) as { settings?: Record<string, unknown> }).settings ?? {})
    : {};
};

describe.skipIf(!desktopAvailable)('desktop: the global shortcut and Escape', () => {
  const desk = useDesk();

  const recordShortcut = async (app: DesktopApp, keys: string) => {
    await app.page.click({ role: 'button', name: 'Settings', exact: true });
    await app.page.click({ role: 'button', name: 'Set shortcut' });
    await app.page.waitFor({ role: 'textbox', name: 'New shortcut' });
    await app.page.press(keys);
  };

  test('a shortcut set in the window toggles the window from anywhere, and again after a restart', async () => {
    const profileDir = desk.profile();
    const app = desk.launch({ profileDir, env: withClientId });
    await waitForVisibleWindow(app);
    // Off by default: nothing registered.
    expect(await app.call('globalShortcut.list', undefined)).toEqual([]);

    await recordShortcut(app, 'Control+Alt+KeyT');
    await waitForWindowText(app, 'Ctrl+Alt+T now shows and hides Tunetray.');
    expect(await app.call('globalShortcut.list', undefined)).toEqual(['Ctrl+Alt+T']);
    expect(storedSettings(profileDir).globalShortcut).toBe('Ctrl+Alt+T');

    // Pressed while another app has the focus: hides, then shows and focuses the window.
    expect(await app.call('globalShortcut.press', { accelerator: 'Control+Alt+T' })).toEqual({ delivered: true });
    await app.waitFor(async () => !(await app.window()).visible, 'the window hidden');
    await app.call('globalShortcut.press', { accelerator: 'Ctrl+Alt+T' });
    await waitForVisibleWindow(app);
    expect((await app.window()).focused).toBe(true);

    await app.quit();
    await app.waitForExit();
    const again = desk.launch({ profileDir, env: withClientId });
    await waitForVisibleWindow(again);
    await again.waitFor(
      async () => (await again.call('globalShortcut.list', undefined)).includes('Ctrl+Alt+T'),
      'the saved shortcut registered at start',
    );
    await again.call('globalShortcut.press', { accelerator: 'Control+Alt+T' });
    await again.waitFor(async () => !(await again.window()).visible, 'the window hidden by the shortcut');
  });

  test('a combination another app holds is refused in plain words, and nothing is registered', async () => {
    const profileDir = desk.profile();
    const app = desk.launch({ profileDir, env: withClientId, knobs: { globalShortcut: { taken: ['Ctrl+Alt+K'] } } });
    await waitForVisibleWindow(app);
    await recordShortcut(app, 'Control+Alt+KeyK');
    await waitForWindowText(
      app,
      'Ctrl+Alt+K is already used by another app or by the system. Choose another combination.',
    );
    expect(await app.call('globalShortcut.list', undefined)).toEqual([]);
    expect(await app.call('globalShortcut.press', { accelerator: 'Control+Alt+K' })).toEqual({ delivered: false });
    expect(storedSettings(profileDir).globalShortcut ?? null).toBe(null);
    expect((await app.window()).visible).toBe(true);
  });

  test('Escape with nothing open hides the window; the tray brings it back', async () => {
    const app = desk.launch({ profileDir: desk.profile(), env: withClientId });
    await waitForVisibleWindow(app);
    await app.page.waitFor({ role: 'button', name: 'Connect Spotify' });
    await app.page.press('Escape');
    await app.waitFor(async () => !(await app.window()).visible, 'the window hidden by Escape');
    expect((await app.window()).destroyed).toBe(false);
    await app.clickTrayItem('Open Tunetray');
    await waitForVisibleWindow(app);
  });
});
