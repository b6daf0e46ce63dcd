/**
 * A playlist's contents through the whole core (createCore, the handler table and dispatch())
 * against the emulator: cache first and one request to confirm, across a restart too; the
 * development-mode rule before and after asking Spotify; only loaded items can be opened;
 * disconnect forgets the saved contents.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { dispatch } from '../../app/handlers.ts';
import type { PlaylistItemsCheck, PlaylistItemsView } from '../../app/items/model.ts';
import type { Result } from '../../app/result.ts';
import { type Emulator, startEmulator } from '../spotify-emulator/index.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { waitUntil } from '../support/wait.ts';

const USER = 'owner';

describe('playlist contents through the core', () => {
  let emulator: Emulator;
  let clientId: string;
  const cores: TestCore[] = [];
  const key = Buffer.alloc(32, 9);

  beforeEach(async () => {
    emulator = await startEmulator();
    clientId = emulator.registerClient({ name: 'Items test', redirectUris: ['http://127.0.0.1/callback'] }).clientId;
    emulator.registerUser({ id: USER, displayName: 'Owner' });
    emulator.setPlaylists(USER, [
      { id: 'Mine', name: 'Mine', trackCount: 260 },
      { id: 'Theirs', name: 'Theirs', ownerId: 'friend', trackCount: 30 },
      { id: 'Shared', name: 'Shared', ownerId: 'friend', collaborative: true, public: false, trackCount: 8 },
      { id: 'Small', name: 'Small', trackCount: 0 },
    ]);
    emulator.setPlaylistItems('Small', [
      { type: 'track' },
      { type: 'local' },
      { type: 'episode' },
      { type: 'removed' },
    ]);
  });
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.session.dispose();
    await emulator.close();
  });

  function boot(dir?: string): TestCore {
    const core = createTestCore({
      ...(dir ? { dir } : {}),
      cipherKey: key,
      env: {
        TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl,
        TUNETRAY_API_URL: emulator.apiUrl,
        TUNETRAY_CLIENT_ID: clientId,
      },
    });
    cores.push(core);
    return core;
  }

  async function connected(): Promise<TestCore> {
    const core = boot();
    await core.session.start();
    const done = core.session.connect();
    await waitUntil(() => core.opened.length > 0, 'the authorize URL');
    const consent = await emulator.playBrowser(core.opened.at(-1) as string, { decision: 'agree' });
    await fetch(consent.location as string);
    await done;
    return core;
  }

  const call = async <T>(core: TestCore, channel: string, input: unknown) =>
    (await dispatch(core.handlers, channel, input, core.logger)) as Result<T>;
  const get = (core: TestCore, playlistId: string) => call<PlaylistItemsView>(core, 'getPlaylistItems', { playlistId });
  /** Confirms what the window shows (by default the snapshot the core last handed out for it). */
  const refresh = (core: TestCore, playlistId: string, shownSnapshotId?: string | null) =>
    call<PlaylistItemsCheck>(core, 'refreshPlaylistItems', {
      playlistId,
      shownSnapshotId:
        shownSnapshotId === undefined
          ? (emulator.getPlaylists(USER).find((p) => p.id === playlistId)?.snapshotId ?? null)
          : shownSnapshotId,
    });
  const requestsFor = (id: string) => emulator.requests.filter((r) => r.path.startsWith(`/v1/playlists/${id}`));

  test('first open loads from Spotify; the next shows the saved copy and one request confirms it', async () => {
    const core = await connected();
    const first = await get(core, 'Mine');
    expect(first).toMatchObject({ ok: true, value: { status: 'loaded', verified: true } });
    if (!first.ok || first.value.status !== 'loaded') return;
    expect(first.value.items).toHaveLength(260);
    expect(first.value.playlist).toMatchObject({ name: 'Mine', ownerName: 'Owner', total: 260 });
    expect(first.value.totalDurationMs).toBe(first.value.items.reduce((s, i) => s + (i.durationMs ?? 0), 0));
    expect(requestsFor('Mine')).toHaveLength(1 + 4);

    emulator.clearRequests();
    const again = await get(core, 'Mine');
    expect(again).toMatchObject({ ok: true, value: { status: 'loaded', verified: false } });
    expect(requestsFor('Mine')).toHaveLength(0);
    const shown = again.ok ? again.value.playlist.snapshotId : null;
    const check = await refresh(core, 'Mine', shown);
    expect(check).toMatchObject({ ok: true, value: { status: 'unchanged', playlist: { name: 'Mine' } } });
    expect(requestsFor('Mine').map((r) => r.status)).toEqual([304]);
  });

  test('a window that shows an older copy than the current one gets the current contents, not "unchanged"', async () => {
    const core = await connected();
    await get(core, 'Mine');
    for (const shown of ['an-older-snapshot', null]) {
      const check = await refresh(core, 'Mine', shown);
      expect(check).toMatchObject({ ok: true, value: { status: 'loaded', verified: true } });
    }
    expect(await call(core, 'refreshPlaylistItems', { playlistId: 'Mine' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
  });

  test('after a restart the saved copy comes from disk, and still one request confirms it', async () => {
    const core = await connected();
    await get(core, 'Mine');
    await core.session.dispose();
    const restarted = boot(core.dir);
    await restarted.session.start();
    emulator.clearRequests();
    expect(await get(restarted, 'Mine')).toMatchObject({ ok: true, value: { status: 'loaded', verified: false } });
    expect(await refresh(restarted, 'Mine')).toMatchObject({ ok: true, value: { status: 'unchanged' } });
    expect(requestsFor('Mine')).toHaveLength(1);
  });

  test('a changed playlist: the saved copy first, then the new contents', async () => {
    const core = await connected();
    await get(core, 'Mine');
    const before = emulator.getPlaylists(USER)[0]?.snapshotId ?? null;
    emulator.editPlaylistItems('Mine', { insert: { position: 0, items: [{ type: 'track', name: 'Fresh' }] } });
    expect(await get(core, 'Mine')).toMatchObject({ ok: true, value: { status: 'loaded', verified: false } });
    const check = await refresh(core, 'Mine', before);
    expect(check.ok && check.value.status === 'loaded' && check.value.items[0]?.title).toBe('Fresh');
    expect(check.ok && check.value.status === 'loaded' && check.value.items).toHaveLength(261);
  });

  test("another user's playlist: explained, and Spotify is not even asked", async () => {
    const core = await connected();
    emulator.clearRequests();
    const view = await get(core, 'Theirs');
    expect(view).toMatchObject({
      ok: true,
      value: { status: 'not-listable', playlist: { name: 'Theirs', ownerId: 'friend', total: 30 } },
    });
    expect(requestsFor('Theirs')).toHaveLength(0);
    // A collaborative one is listable although someone else owns it.
    expect(await get(core, 'Shared')).toMatchObject({ ok: true, value: { status: 'loaded' } });
  });

  test('a 403 where the list did not predict one is the same explanation, not an error', async () => {
    const core = await connected();
    emulator.fault({ kind: 'api-error', status: 403, message: 'Forbidden', path: '/v1/playlists/Mine', times: 5 });
    expect(await get(core, 'Mine')).toMatchObject({ ok: true, value: { status: 'not-listable' } });
    emulator.clearFaults();
    expect(await get(core, 'Mine')).toMatchObject({ ok: true, value: { status: 'loaded' } });
  });

  test('offline on first open: a plain error; with a saved copy, the copy and an error only on confirm', async () => {
    const core = await connected();
    emulator.fault({ kind: 'reset', path: '/v1/playlists/', times: 50 });
    const offline = await get(core, 'Small');
    expect(offline).toMatchObject({ ok: false, error: { code: 'network' } });
    emulator.clearFaults();
    await get(core, 'Small');
    emulator.fault({ kind: 'reset', path: '/v1/playlists/', times: 50 });
    expect(await get(core, 'Small')).toMatchObject({ ok: true, value: { status: 'loaded', verified: false } });
    expect(await refresh(core, 'Small', null)).toMatchObject({ ok: false, error: { code: 'network' } });
  });

  test('only items Tunetray loaded can be opened; local files never; bad input is refused in words', async () => {
    const core = await connected();
    const view = await get(core, 'Small');
    if (!view.ok || view.value.status !== 'loaded') throw new Error('expected items');
    const [track, local, episode] = view.value.items;
    expect(await call(core, 'openPlaylistItem', { playlistId: 'Small', uri: track?.uri })).toEqual({
      ok: true,
      value: null,
    });
    expect(await call(core, 'openPlaylistItem', { playlistId: 'Small', uri: episode?.uri })).toMatchObject({
      ok: true,
    });
    expect(core.opened.slice(-2)).toEqual([track?.uri, episode?.uri]);
    const refusals = [
      [{ playlistId: 'Small', uri: local?.uri }, 'Tunetray opens only Spotify tracks and episodes.'],
      [
        { playlistId: 'Small', uri: 'spotify:track:NotInThisPlaylist1234' },
        'That track is not in this playlist any more.',
      ],
      [{ playlistId: 'Mine', uri: track?.uri }, 'That track is not in this playlist any more.'],
      [{ playlistId: 'Small', uri: 'https://evil.example/' }, 'Tunetray opens only Spotify tracks and episodes.'],
      // The schema library's own words never reach the window (test/app/handlers.test.ts).
      [{ playlistId: 'Small', uri: track?.uri, extra: 1 }, 'That request was not valid.'],
    ] as const;
    for (const [input, message] of refusals) {
      expect(await call(core, 'openPlaylistItem', input)).toEqual({
        ok: false,
        error: { code: 'invalid-argument', message },
      });
    }
    expect(core.opened).toHaveLength(3); // the authorize URL and the two items
    expect(await get(core, '../../etc')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await get(core, 'NotInTheLibrary')).toMatchObject({
      ok: false,
      error: { message: 'That playlist is not in your library any more.' },
    });
  });

  test('disconnect forgets the saved contents, on disk too', async () => {
    const core = await connected();
    await get(core, 'Mine');
    const file = join(core.dir, 'items.json');
    expect(readFileSync(file, 'utf8')).toContain('"Mine"');
    await core.session.disconnect();
    expect(existsSync(file) ? readFileSync(file, 'utf8') : '').not.toContain('Mine');
    expect(await get(core, 'Mine')).toMatchObject({ ok: false });
  });
});
