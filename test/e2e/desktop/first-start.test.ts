/**
 * The built app (out/main, out/preload, out/renderer) through the Electron host double, against the
 * emulator: a first start on a fresh profile, then a restart that is signed in from disk alone.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CLIENT_ID, DEMO_USER_ID } from '../../spotify-emulator/index.ts';
import {
  approveInSystemBrowser,
  authFile,
  labels,
  quitFromTray,
  storedTokens,
  waitForTrayItem,
  waitForVisibleWindow,
} from './desk.ts';
import { desktopAvailable, useDesk } from './suite.ts';

describe.skipIf(!desktopAvailable)('desktop: first start and restart', () => {
  const desk = useDesk();
  let profileDir: string;

  beforeAll(() => {
    profileDir = desk.profile();
  });

  test('tray and window appear; Client ID in the window; Connect from the tray; a playlist opens in Spotify', async () => {
    const app = desk.launch({ profileDir });

    await waitForTrayItem(app, 'Set up Tunetray');
    const tray = await app.tray();
    expect(tray.icon.empty).toBe(false);
    expect(tray.tooltip).toContain('set up');
    await waitForVisibleWindow(app);
    expect((await app.window()).url).toBe('app://tunetray/index.html');
    // The preload's bridge, and only the bridge: named functions, no ipcRenderer, no Node.
    const page = await app.page.evaluate(
      () => ({
        bridge: Object.keys((window as unknown as { tunetray?: object }).tunetray ?? {}).sort(),
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
      }),
      null,
    );
    expect(page.bridge).toContain('connect');
    expect(page.bridge).not.toContain('invoke');
    expect([page.require, page.process]).toEqual(['undefined', 'undefined']);

    const clientId = { role: 'textbox', name: 'Client ID' } as const;
    await app.page.waitFor(clientId);
    await app.page.fill(clientId, DEMO_CLIENT_ID);
    await app.page.click({ role: 'button', name: 'Save' });

    await waitForTrayItem(app, 'Connect Spotify');
    await app.clickTrayItem('Connect Spotify…');
    const authorizeUrl = await app.nextOpenedUrl();
    expect(new URL(authorizeUrl).origin).toBe(desk.emulator.accountsUrl);
    expect(new URL(authorizeUrl).searchParams.get('client_id')).toBe(DEMO_CLIENT_ID);
    await approveInSystemBrowser(desk.systemBrowser, authorizeUrl);

    const menu = await waitForTrayItem(app, 'Signed in as Demo Listener');
    const playlists = desk.emulator.getPlaylists(DEMO_USER_ID);
    await app.waitFor(async () => {
      const submenu = (await app.tray()).menu?.find((item) => item.label === 'Playlists')?.submenu ?? [];
      return labels(submenu).includes(playlists[0]?.name ?? '?');
    }, 'the playlists in the tray menu');
    expect(labels(menu)).toContain('Disconnect');
    const submenu = (await app.tray()).menu?.find((item) => item.label === 'Playlists')?.submenu ?? [];
    expect(labels(submenu).slice(0, 3)).toEqual(playlists.slice(0, 3).map((p) => p.name));
    expect(labels(submenu)).toContain(`All playlists (${playlists.length})…`);

    const first = playlists[0];
    if (!first) throw new Error('the demo user has no playlists');
    await app.clickTrayItem('Playlists', first.name);
    expect(await app.nextOpenedUrl()).toBe(`spotify:playlist:${first.id}`);

    expect(await quitFromTray(app)).toBe(0);
  });

  test('a restart with the same profile is signed in from the encrypted sign-in, with no network request', async () => {
    const saved = storedTokens(profileDir);
    // The very tokens the emulator issued, as it saw them on the wire.
    const seenOnWire = desk.emulator.requests.flatMap((r) => (r.accessToken ? [r.accessToken] : []));
    expect(seenOnWire).toContain(saved.accessToken);
    const onDisk = readFileSync(authFile(profileDir), 'utf8');
    expect(onDisk).not.toContain(saved.accessToken);
    expect(onDisk).not.toContain(saved.refreshToken);

    desk.emulator.clearRequests();
    const app = desk.launch({ profileDir });
    await waitForTrayItem(app, 'Signed in as Demo Listener');
    const signedInAt = (await app.tray()).menuChanges.find((change) =>
      change.labels.some((label) => label.startsWith('Signed in as')),
    )?.at;
    if (signedInAt === undefined) throw new Error('no tray menu ever said "Signed in as"');
    expect(desk.emulator.requests.filter((r) => r.at <= signedInAt)).toEqual([]);
    await waitForVisibleWindow(app);
    // The background sync that follows needs no new sign-in or refresh: nothing went to the token endpoint.
    await app.waitFor(
      async () =>
        desk.emulator.requests.some((r) => r.path.startsWith('/v1/me/playlists')) &&
        labels((await app.tray()).menu).includes('Refresh now'),
      'the background sync to finish',
    );
    expect(desk.emulator.requests.filter((r) => r.path.startsWith('/api/token'))).toEqual([]);
    expect(await quitFromTray(app)).toBe(0);
  });
});
