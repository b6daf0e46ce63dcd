/**
 * main.log through the double: it lands under app.getPath('logs'), readable by its owner only, shows
 * error codes, and holds none of the secrets the emulator issued or received (authorization code,
 * PKCE verifier, access and refresh tokens) after a sign-in and a token refresh.
 */
import { statSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { mainLog, mainLogFile, quitFromTray, startConnected, storedTokens, waitForTrayItem } from './desk.ts';
import { desktopAvailable, useDesk } from './suite.ts';

describe.skipIf(!desktopAvailable)('desktop: main.log', () => {
  const desk = useDesk();

  test('owner-only under the logs path, error codes shown, no secret after a sign-in and a refresh', async () => {
    const { app, profileDir } = await startConnected(desk);
    await waitForTrayItem(app, 'Refresh now');
    await app.waitFor(
      () => mainLog(profileDir).includes('Library synced'),
      "main.log under app.getPath('logs') to record the sync",
      5_000,
    );

    // Spotify ends the access token early: the next library refresh renews it.
    const signedIn = storedTokens(profileDir);
    desk.emulator.expireAccessToken(signedIn.accessToken);
    const since = desk.emulator.now();
    await app.clickTrayItem('Refresh now');
    await app.waitFor(
      () => storedTokens(profileDir).accessToken !== signedIn.accessToken,
      'the renewed tokens to be saved',
    );
    await waitForTrayItem(app, 'Refresh now');
    expect(
      desk.emulator.requests.some(
        (r) => r.at >= since && r.path === '/api/token' && r.form?.grant_type === 'refresh_token' && r.status === 200,
      ),
    ).toBe(true);

    // Spotify refuses the next sync for an hour: the log says why, by its code.
    desk.emulator.fault({ kind: 'status', status: 429, retryAfterSec: 3600, path: '/v1/me/playlists' });
    await app.clickTrayItem('Refresh now');
    await app.waitFor(
      () => mainLog(profileDir).includes('Library sync did not complete code="rate-limited"'),
      'main.log to name the failure by its code',
    );
    const renewed = storedTokens(profileDir);
    expect(await quitFromTray(app)).toBe(0);
    desk.emulator.clearFaults();

    const file = mainLogFile(profileDir);
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    const log = mainLog(profileDir);
    // What the emulator issued (codes, access and refresh tokens) and the PKCE verifiers it was sent.
    const secrets = new Set(desk.emulator.issuedSecrets());
    for (const request of desk.emulator.requests) {
      if (request.form?.code_verifier) secrets.add(request.form.code_verifier);
    }
    for (const token of [signedIn.accessToken, signedIn.refreshToken, renewed.accessToken, renewed.refreshToken]) {
      expect(secrets).toContain(token);
    }
    expect([...secrets].filter((secret) => log.includes(secret))).toEqual([]);
  });
});
