/**
 * The essentials of the connection in the tray tooltip, and the diagnostics main puts together,
 * through the built app and the Electron host double: who and how many playlists (one playlist is
 * "1 playlist"), the reconnect reminder (with a tray item that reconnects), a sign-in kept in
 * memory only, a rate limit and when it lifts; "Copy diagnostics" from main's own log ring with
 * Electron's versions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REQUIRED_SCOPES, type TokenSet } from '../../../app/tokens/token-set.ts';
import { userDataDir } from '../../electron-double/client.ts';
import { encryptWith } from '../../electron-double/keyring.ts';
import { DEMO_CLIENT_ID, DEMO_USER_ID } from '../../spotify-emulator/index.ts';
import { approveInSystemBrowser, connectFromTray, labels, startDesk, waitForTrayItem, withClientId } from './desk.ts';
import { desktopAvailable, useDesk } from './suite.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

describe.skipIf(!desktopAvailable)('desktop: the tray tooltip and the diagnostics', () => {
  const desk = useDesk();

  test('connected: who and how many; a rate limit and when it lifts; the diagnostics from main', async () => {
    const app = desk.launch({ profileDir: desk.profile(), env: withClientId });
    await connectFromTray(desk, app);
    await app.waitFor(
      async () => (await app.tray()).tooltip === 'Tunetray: Demo Listener, 300 playlists',
      'the tooltip',
    );

    desk.emulator.fault({ kind: 'status', status: 429, retryAfterSec: 900, path: '/v1/me', times: 10 });
    await app.clickTrayItem('Refresh now');
    await app.waitFor(
      async () => /rate limited until \d/.test((await app.tray()).tooltip),
      'the rate limit in the tooltip',
    );
    const tooltip = (await app.tray()).tooltip;
    expect(tooltip).toMatch(/^Tunetray: Demo Listener, 300 playlists · rate limited until \d{1,2}:\d\d/);
    expect(Array.from(tooltip).length).toBeLessThanOrEqual(127);
    desk.emulator.clearFaults();

    // "Copy diagnostics" asks main: its log ring, Electron's versions (the double's), the connection.
    const report = await app.page.evaluate(async () => {
      const result = await (
        window as unknown as { tunetray: { getDiagnostics(): Promise<{ ok: boolean; value: string }> } }
      ).tunetray.getDiagnostics();
      return result.value;
    }, undefined);
    expect(report).toMatch(/^Electron \d+\.\d+\.\d+, Chrome \d+\.\d+/m);
    expect(report).toContain('Account: Demo Listener (demo)');
    expect(report).toMatch(/Rate limited by Spotify until \d{4}-\d\d-\d\dT/);
    expect(report).toMatch(/ INFO token endpoint granted tokens grant="authorization_code"/);
  });

  test('one playlist is "1 playlist"; a sign-in in memory only says so', async () => {
    const smallDesk = await startDesk({ playlists: 1 });
    try {
      const app = smallDesk.launch({
        profileDir: smallDesk.profile(),
        env: withClientId,
        knobs: { safeStorage: { backend: 'basic_text' } },
      });
      await connectFromTray(smallDesk, app);
      await app.waitFor(
        async () => (await app.tray()).tooltip === 'Tunetray: Demo Listener, 1 playlist · sign-in not saved',
        'the tooltip',
      );
    } finally {
      await smallDesk.close();
    }
  });

  test('two weeks before the six months: the reminder in the tooltip, and a tray item that reconnects', async () => {
    const profileDir = desk.profile();
    const minted = desk.emulator.mintTokens({
      clientId: DEMO_CLIENT_ID,
      userId: DEMO_USER_ID,
      scopes: [...REQUIRED_SCOPES],
    });
    const now = Date.now();
    const tokens: TokenSet = {
      accessToken: minted.access_token,
      refreshToken: minted.refresh_token,
      expiresAt: now + minted.expires_in * 1000,
      scopes: minted.scope.split(' '),
      obtainedAt: now,
      firstAuthorizedAt: now - 175 * DAY_MS,
    };
    const ciphertext = encryptWith(profileDir, 'gnome_libsecret', JSON.stringify(tokens)).toString('base64');
    mkdirSync(userDataDir(profileDir), { recursive: true });
    writeFileSync(
      join(userDataDir(profileDir), 'auth.json'),
      JSON.stringify({ tokens: { version: 1, ciphertext, savedAt: now } }),
    );

    const app = desk.launch({ profileDir, env: withClientId });
    await waitForTrayItem(app, 'Reconnect Spotify');
    const menu = await waitForTrayItem(app, 'Signed in as Demo Listener');
    expect(labels(menu).slice(0, 2)).toEqual([
      'Signed in as Demo Listener',
      'Reconnect Spotify to keep Tunetray signed in…',
    ]);
    const date = new Date(tokens.firstAuthorizedAt + 182 * DAY_MS).toLocaleDateString(undefined, {
      day: 'numeric',
      month: 'short',
    });
    await app.waitFor(
      async () => (await app.tray()).tooltip.includes(`approve again by ${date}`),
      'the reminder in the tooltip',
    );

    await app.clickTrayItem('Reconnect Spotify to keep Tunetray signed in…');
    await approveInSystemBrowser(desk.systemBrowser, await app.nextOpenedUrl());
    await app.waitFor(async () => {
      const tray = await app.tray();
      return (
        tray.tooltip === 'Tunetray: Demo Listener, 300 playlists' &&
        !labels(tray.menu).some((l) => l.startsWith('Reconnect'))
      );
    }, 'the reminder gone after reconnecting');
  });
});
