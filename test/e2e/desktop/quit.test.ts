/**
 * Quitting through the double, from the tray menu as a user would: the sign-in port is closed when
 * the process ends, and a token refresh already on the wire is saved before it does.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CLIENT_ID } from '../../spotify-emulator/index.ts';
import { portIsClosed } from '../../support/net.ts';
import { chromiumAvailable } from '../browser/chromium.ts';
import { connectFromTray, type Desk, quitFromTray, startDesk, storedTokens, waitForTrayItem } from './desk.ts';

if (!chromiumAvailable()) console.log('skipped: no Chromium at /usr/bin/chromium (apt-get install -y chromium)');

const withClientId = { TUNETRAY_CLIENT_ID: DEMO_CLIENT_ID };

describe.skipIf(!chromiumAvailable())('desktop: quitting', () => {
  let desk: Desk;

  beforeAll(async () => {
    desk = await startDesk();
  });
  afterAll(async () => {
    await desk?.close();
  });

  test('quitting while the browser step is pending closes the sign-in port', async () => {
    const app = desk.launch({ profileDir: desk.profile(), env: withClientId });
    await waitForTrayItem(app, 'Connect Spotify');
    await app.clickTrayItem('Connect Spotify…');
    const authorizeUrl = await app.nextOpenedUrl();
    const port = Number(new URL(new URL(authorizeUrl).searchParams.get('redirect_uri') ?? 'http://x').port);
    expect(await portIsClosed(port)).toBe(false);
    await waitForTrayItem(app, 'Waiting for your browser');

    expect(await quitFromTray(app)).toBe(0);
    expect(await portIsClosed(port)).toBe(true);
  });

  test('quitting during a token refresh saves the rotated token before the process ends', async () => {
    const profileDir = desk.profile();
    const app = desk.launch({ profileDir, env: withClientId });
    await connectFromTray(desk, app);
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
    const check = await fetch(`${desk.emulator.accountsUrl}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: after.refreshToken,
        client_id: DEMO_CLIENT_ID,
      }),
    });
    expect(check.status).toBe(200);
  });
});
