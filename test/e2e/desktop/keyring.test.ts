/**
 * A keyring still locked when Tunetray starts (a login launch before the keyring is unlocked):
 * safeStorage.decryptStringAsync rejects with Electron's "temporarily unavailable" error. The saved
 * sign-in is kept and the tray and window say the keyring is locked; unlocking the screen (which
 * unlocks a login keyring) connects with the same sign-in, without the browser.
 */
import { describe, expect, test } from 'vitest';
import {
  mainLog,
  quitFromTray,
  startConnected,
  storedTokens,
  waitForTrayItem,
  waitForVisibleWindow,
  waitForWindowText,
  withClientId,
} from './desk.ts';
import { desktopAvailable, useDesk } from './suite.ts';

describe.skipIf(!desktopAvailable)('desktop: a locked keyring', () => {
  const desk = useDesk();

  test('locked at start: the sign-in waits; unlocking the screen connects it with the same refresh token', async () => {
    const { app: earlier, profileDir } = await startConnected(desk);
    expect(await quitFromTray(earlier)).toBe(0);
    const saved = storedTokens(profileDir);
    desk.emulator.clearRequests();

    const app = desk.launch({ profileDir, env: withClientId, knobs: { safeStorage: { locked: true } } });
    await waitForTrayItem(app, 'Keyring locked: waiting to connect', { failOn: ['Connect Spotify', 'Signed in as'] });
    expect((await app.tray()).tooltip).toBe('Tunetray: your keyring is locked; connecting when it is unlocked');
    await waitForWindowText(app, 'Your keyring is locked: Tunetray will connect when it is unlocked');
    // The window's first showing asks the vault again too: let that attempt be refused while still
    // locked, so the answer below can only come from the unlock.
    await waitForVisibleWindow(app);
    const refusals = () => mainLog(profileDir).split('the keyring cannot open the saved record').length - 1;
    await app.waitFor(() => refusals() >= 2, "the window's attempt to be refused while locked");
    // The record is still there, unchanged.
    expect(storedTokens(profileDir)).toEqual(saved);

    await app.setKeyringLocked(false);
    await app.power('unlock-screen');
    await waitForTrayItem(app, 'Signed in as Demo Listener');
    expect(app.openedUrls()).toEqual([]);
    expect(storedTokens(profileDir).refreshToken).toBe(saved.refreshToken);
    await app.waitFor(
      () => desk.emulator.requests.some((r) => r.accessToken === saved.accessToken),
      'the Web API to be called with the saved access token',
    );
    expect(desk.emulator.requests.filter((r) => r.path === '/api/token')).toEqual([]);
    expect(await quitFromTray(app)).toBe(0);
    // Asked again because the screen was unlocked, not because a retry timer came round (main.log is
    // complete once the app has ended).
    expect(mainLog(profileDir)).toContain('keyring: asking the vault again why="resume"');
    // Spotify still honours the refresh token the app kept.
    expect(desk.emulator.refreshTokenState(saved.refreshToken)).toEqual({ status: 'active' });
  });
});
