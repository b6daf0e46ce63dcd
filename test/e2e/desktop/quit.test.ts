/**
 * Quitting through the double. From the tray menu, as a user would: the quit is held once for the
 * clean-up, the sign-in port is closed and main.log complete when the process ends, and a token
 * refresh already on the wire is saved before it does. At logout or shutdown (powerMonitor
 * 'shutdown' first), the quit is not held, since macOS cancels a logout that an app holds up.
 */
import { describe, expect, test } from 'vitest';
import { portIsClosed } from '../../support/net.ts';
import {
  beforeQuitHeld,
  linesNotInMainLog,
  quitFromTray,
  startConnected,
  storedTokens,
  waitForTrayItem,
  withClientId,
} from './desk.ts';
import { desktopAvailable, useDesk } from './suite.ts';

describe.skipIf(!desktopAvailable)('desktop: quitting', () => {
  const desk = useDesk();

  test('Quit is held once, then the app ends with the sign-in port closed and main.log complete', async () => {
    const profileDir = desk.profile();
    const app = desk.launch({ profileDir, env: withClientId });
    await waitForTrayItem(app, 'Connect Spotify');
    await app.clickTrayItem('Connect Spotify…');
    const authorizeUrl = await app.nextOpenedUrl();
    const port = Number(new URL(new URL(authorizeUrl).searchParams.get('redirect_uri') ?? 'http://x').port);
    expect(await portIsClosed(port)).toBe(false);
    await waitForTrayItem(app, 'Waiting for your browser');

    expect(await quitFromTray(app)).toBe(0);
    expect(await portIsClosed(port)).toBe(true);
    // Held once for the clean-up, then let go by the quit the clean-up asked for.
    expect(beforeQuitHeld(app)).toEqual([true, false]);
    expect(linesNotInMainLog(app, profileDir)).toEqual([]);
  });

  test('after the system says it is shutting down, the quit is not held and the tray goes away', async () => {
    const { app } = await startConnected(desk);
    await app.power('shutdown');
    // The session manager ends the app: Electron turns that into app.quit().
    await app.quit();
    expect((await app.waitForExit()).code).toBe(0);
    expect(beforeQuitHeld(app)).toEqual([false]);
    expect(app.events.some((e) => e.type === 'tray-destroyed')).toBe(true);
  });

  test('quitting during a token refresh saves the rotated token before the process ends', async () => {
    const { app, profileDir } = await startConnected(desk);
    await waitForTrayItem(app, 'Refresh now');
    const before = storedTokens(profileDir);

    // Spotify ends the access token early and is slow to issue the next one: the refresh is on the wire...
    desk.emulator.expireAccessToken(before.accessToken);
    desk.emulator.fault({ kind: 'latency', ms: 1500, path: '/api/token' });
    const since = desk.emulator.now();
    await app.clickTrayItem('Refresh now');
    await app.waitFor(
      () => desk.emulator.requests.some((r) => r.at >= since && r.status === 401),
      'the Web API to refuse the expired token',
    );
    // ...when the user quits.
    const quitAt = desk.emulator.now();
    expect(await quitFromTray(app)).toBe(0);
    desk.emulator.clearFaults();

    const refreshes = desk.emulator.requests.filter(
      (r) => r.path === '/api/token' && r.at >= since && r.form?.grant_type === 'refresh_token',
    );
    expect(refreshes.map((r) => r.status)).toEqual([200]);
    // It was still on the wire (1.5 s of latency) when Quit was chosen.
    expect((refreshes[0]?.at ?? 0) + 1500).toBeGreaterThan(quitAt);
    const after = storedTokens(profileDir);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    // The saved refresh token is the live one: Spotify (the emulator) accepts it.
    expect(desk.emulator.refreshTokenState(after.refreshToken)).toEqual({ status: 'active' });
  });
});
