/** spotify-api.md §8: GET /v1/playlists/{id} and /items, the 2026 rules, edits and snapshot_id, covers. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CLIENT_ID, DEMO_LARGE_PLAYLIST_ITEMS, DEMO_USER_ID, startEmulator } from './index.ts';
import { APP_SCOPES, apiGet, asRecord, getPng, post, type Res } from './test-helpers.ts';
import type { Emulator } from './types.ts';

let emu: Emulator;
const CLIENT = 'items-client';

interface EntryJson {
  added_at: string;
  added_by: { id: string } | null;
  is_local: boolean;
  item?: Record<string, unknown> | null;
  track?: Record<string, unknown> | null;
}
interface ItemsPageJson {
  href: string;
  items: EntryJson[];
  limit: number;
  next: string | null;
  offset: number;
  previous: string | null;
  total: number;
}
const asItems = (r: Res) => r.json as ItemsPageJson;

beforeEach(async () => {
  emu = await startEmulator();
  emu.registerClient({ clientId: CLIENT, redirectUris: [] });
  emu.registerUser({ id: 'listener', displayName: 'Listener' });
  emu.registerUser({ id: 'friend', displayName: 'Friend' });
  emu.setPlaylists('listener', [
    { id: 'Own1', name: 'Mine', trackCount: 230 },
    { id: 'Followed1', name: 'Theirs', ownerId: 'friend', trackCount: 40 },
    { id: 'Collab1', name: 'Together', ownerId: 'friend', collaborative: true, public: false, trackCount: 12 },
    { id: 'Private1', name: 'Secret', public: false, trackCount: 3 },
  ]);
  emu.setPlaylists('friend', [{ id: 'FriendPublic', name: 'Friend public', trackCount: 5 }]);
});
afterEach(() => emu.close());

const token = (scopes: string[] = APP_SCOPES, userId = 'listener') =>
  emu.mintTokens({ clientId: CLIENT, userId, scopes }).access_token;

async function allEntries(id: string, t: string): Promise<EntryJson[]> {
  const out: EntryJson[] = [];
  let next: string | null = `${emu.apiUrl}/playlists/${id}/items?limit=50`;
  while (next !== null) {
    const res = await apiGet(emu, next, t);
    expect(res.status).toBe(200);
    out.push(...asItems(res).items);
    next = asItems(res).next;
  }
  return out;
}

describe('GET /v1/playlists/{id}/items', () => {
  it('pages: default limit 20, absolute next/previous, total, every entry once in order', async () => {
    const t = token();
    const first = asItems(await apiGet(emu, '/playlists/Own1/items', t));
    expect(first).toMatchObject({
      href: `${emu.apiUrl}/playlists/Own1/items?offset=0&limit=20`,
      limit: 20,
      offset: 0,
      previous: null,
      next: `${emu.apiUrl}/playlists/Own1/items?offset=20&limit=20`,
      total: 230,
    });
    expect(first.items).toHaveLength(20);
    const last = asItems(await apiGet(emu, '/playlists/Own1/items?limit=50&offset=200', t));
    expect(last.items).toHaveLength(30);
    expect(last.next).toBeNull();
    expect(last.previous).toBe(`${emu.apiUrl}/playlists/Own1/items?offset=150&limit=50`);
    const entries = await allEntries('Own1', t);
    expect(entries).toHaveLength(230);
    expect(entries.map((e) => e.added_at)).toEqual(emu.getPlaylistItems('Own1').map((i) => i.addedAt));
  });

  it('limit above 50, 0 or not a number: 400 Invalid limit', async () => {
    const t = token();
    for (const limit of ['51', '100', '0', 'x']) {
      const res = await apiGet(emu, `/playlists/Own1/items?limit=${limit}`, t);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: { status: 400, message: 'Invalid limit' } });
    }
    expect((await apiGet(emu, '/playlists/Own1/items?limit=50', t)).status).toBe(200);
  });

  it('entries carry `item`: tracks, episodes, local files (no id, spotify:local: URI) and null', async () => {
    emu.setPlaylistItems('Own1', [
      { type: 'track', name: 'Song', artists: [{ id: 'Artist1', name: 'Band' }], durationMs: 200_000 },
      { type: 'episode', name: 'Episode 1', show: { id: 'Show1', name: 'The Show', publisher: 'Pub' } },
      { type: 'local', name: 'My take', artist: 'Me & You', album: 'Tapes', durationMs: 61_400 },
      { type: 'removed', addedBy: null },
    ]);
    const [track, episode, local, removed] = asItems(await apiGet(emu, '/playlists/Own1/items', token())).items;
    expect(track).toMatchObject({ is_local: false, added_by: { id: 'listener' } });
    expect(track?.track).toBeUndefined();
    expect(track?.item).toMatchObject({
      type: 'track',
      name: 'Song',
      duration_ms: 200_000,
      artists: [{ id: 'Artist1', name: 'Band', uri: 'spotify:artist:Artist1' }],
      uri: expect.stringMatching(/^spotify:track:[0-9A-Za-z]{22}$/),
      album: { name: expect.any(String), images: [{ height: 640 }, { height: 300 }, { height: 64 }] },
    });
    expect(track?.item?.is_playable).toBeUndefined();
    expect(episode?.item).toMatchObject({
      type: 'episode',
      name: 'Episode 1',
      show: { name: 'The Show', publisher: 'Pub' },
      uri: expect.stringMatching(/^spotify:episode:/),
    });
    expect(local).toMatchObject({ is_local: true });
    expect(local?.item).toMatchObject({
      id: null,
      is_local: true,
      name: 'My take',
      artists: [{ name: 'Me & You', id: null }],
      album: { name: 'Tapes' },
      uri: 'spotify:local:Me+%26+You:Tapes:My+take:61',
    });
    expect(removed).toEqual({
      added_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      added_by: null,
      is_local: false,
      primary_color: null,
      item: null,
    });
  });

  it('with a market: is_playable, and restrictions on a track unavailable there', async () => {
    emu.setPlaylistItems('Own1', [{ type: 'track' }, { type: 'track', playable: false }]);
    const t = token();
    const [ok, unavailable] = asItems(await apiGet(emu, '/playlists/Own1/items?market=from_token', t)).items;
    expect(ok?.item?.is_playable).toBe(true);
    expect(unavailable?.item).toMatchObject({ is_playable: false, restrictions: { reason: 'market' } });
    expect((await apiGet(emu, '/playlists/Own1/items?market=sweden', t)).status).toBe(400);
  });

  it('generated playlists hold every kind: tracks, episodes, local files, unavailable and removed', async () => {
    emu.setPlaylists('listener', [{ id: 'Big1', trackCount: 3000 }]);
    const kinds = new Set(emu.getPlaylistItems('Big1').map((i) => (i.type === 'track' && !i.playable ? 'x' : i.type)));
    expect([...kinds].sort()).toEqual(['episode', 'local', 'removed', 'track', 'x']);
  });

  it('ETag and 304 per page', async () => {
    const t = token();
    const first = await apiGet(emu, '/playlists/Own1/items?limit=50&offset=50', t);
    expect(first.headers.etag).toMatch(/^"/);
    expect(first.headers['cache-control']).toBe('private, max-age=0');
    const again = await apiGet(emu, '/playlists/Own1/items?limit=50&offset=50', t, {
      'if-none-match': first.headers.etag ?? '',
    });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('development mode: 403 for a followed playlist of another user; collaborative and own ones are readable', async () => {
    const t = token();
    const followed = await apiGet(emu, '/playlists/Followed1/items', t);
    expect(followed.status).toBe(403);
    expect(followed.json).toEqual({ error: { status: 403, message: 'Forbidden' } });
    expect((await apiGet(emu, '/playlists/Collab1/items', t)).status).toBe(200);
    // The owner reads their own playlist; a public one of someone else is not listable for us.
    expect((await apiGet(emu, '/playlists/FriendPublic/items', token(APP_SCOPES, 'friend'))).status).toBe(200);
    expect((await apiGet(emu, '/playlists/FriendPublic/items', t)).status).toBe(403);
    emu.setOptions({ devModePlaylistItems: false });
    expect((await apiGet(emu, '/playlists/Followed1/items', t)).status).toBe(200);
  });

  it('the old /tracks path answers 403; in the legacy shape it works and entries carry `track`', async () => {
    const t = token();
    expect((await apiGet(emu, '/playlists/Own1/tracks', t)).status).toBe(403);
    emu.setOptions({ trackCountField: 'tracks' });
    const legacy = asItems(await apiGet(emu, '/playlists/Own1/tracks?limit=5', t));
    expect(legacy.items).toHaveLength(5);
    expect(legacy.items[0]?.item).toBeUndefined();
    expect(legacy.items.some((e) => e.track !== undefined)).toBe(true);
  });

  it('unknown, invisible and malformed ids: 404 / 404 / 400; private ones need playlist-read-private', async () => {
    const t = token();
    expect((await apiGet(emu, '/playlists/Nope/items', t)).status).toBe(404);
    expect((await apiGet(emu, '/playlists/Private1/items', token(['playlist-read-collaborative']))).status).toBe(404);
    expect((await apiGet(emu, '/playlists/Private1/items', t)).status).toBe(200);
    expect((await apiGet(emu, '/playlists/Private1/items', token(APP_SCOPES, 'friend'))).status).toBe(404);
    expect((await apiGet(emu, '/playlists/a%2Fb/items', t)).status).toBe(400);
    expect((await apiGet(emu, '/playlists/Own1/items')).status).toBe(401);
  });
});

describe('GET /v1/playlists/{id}', () => {
  it('the full playlist with followers and the first 100 entries under `items`', async () => {
    const res = await apiGet(emu, '/playlists/Own1', token());
    expect(res.status).toBe(200);
    const body = asRecord(res);
    expect(body).toMatchObject({
      id: 'Own1',
      name: 'Mine',
      owner: { id: 'listener', display_name: 'Listener' },
      followers: { href: null, total: expect.any(Number) },
      snapshot_id: emu.getPlaylists('listener')[0]?.snapshotId,
      type: 'playlist',
      uri: 'spotify:playlist:Own1',
    });
    const items = body.items as ItemsPageJson;
    expect(items).toMatchObject({ limit: 100, offset: 0, total: 230, previous: null });
    expect(items.next).toBe(`${emu.apiUrl}/playlists/Own1/items?offset=100&limit=100`);
    expect(items.items).toHaveLength(100);
    expect(body.tracks).toBeUndefined();
  });

  it('metadata of a playlist whose entries are withheld: the count only', async () => {
    const body = asRecord(await apiGet(emu, '/playlists/Followed1', token()));
    expect(body).toMatchObject({ name: 'Theirs', owner: { id: 'friend' } });
    expect(body.items).toEqual({ href: `${emu.apiUrl}/playlists/Followed1/items`, total: 40 });
  });

  it('ETag / 304; an edit changes snapshot_id, the count and the ETag', async () => {
    const t = token();
    const first = await apiGet(emu, '/playlists/Own1', t);
    const etag = first.headers.etag ?? '';
    expect((await apiGet(emu, '/playlists/Own1', t, { 'if-none-match': etag })).status).toBe(304);
    const before = asRecord(first).snapshot_id;
    const edited = emu.editPlaylistItems('Own1', {
      remove: [0, 1],
      insert: { position: 0, items: [{ type: 'track' }] },
    });
    expect(edited.total).toBe(229);
    const after = await apiGet(emu, '/playlists/Own1', t, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(asRecord(after).snapshot_id).toBe(edited.snapshotId);
    expect(edited.snapshotId).not.toBe(before);
    // The list follows: the new snapshot and count.
    expect(emu.getPlaylists('listener')[0]).toMatchObject({ snapshotId: edited.snapshotId, trackCount: 229 });
  });

  it('an edit deep in the list keeps the ETags of the pages before it (same total)', async () => {
    const t = token();
    const page = (offset: number) => apiGet(emu, `/playlists/Own1/items?limit=50&offset=${offset}`, t);
    const [p0, p150] = [await page(0), await page(150)];
    emu.editPlaylistItems('Own1', { remove: [170], insert: { position: 170, items: [{ type: 'episode' }] } });
    expect((await page(0)).headers.etag).toBe(p0.headers.etag);
    expect((await page(150)).headers.etag).not.toBe(p150.headers.etag);
  });

  it('edits outside the list are refused', () => {
    expect(() => emu.editPlaylistItems('Own1', { remove: [230] })).toThrow(/not in the playlist/);
    expect(() => emu.editPlaylistItems('Own1', { insert: { position: 231, items: [] } })).toThrow(/outside/);
    expect(() => emu.setPlaylistItems('Nope', [])).toThrow(/Unknown playlist/);
  });
});

describe('control over HTTP', () => {
  const control = (path: string, body: unknown) =>
    post(`${emu.url}/__emulator${path}`, JSON.stringify(body), { 'content-type': 'application/json' });

  it('sets and edits items; bad bodies get a 400 and change nothing', async () => {
    const set = await control('/playlists/items', {
      playlistId: 'Own1',
      items: [{ type: 'track', name: 'A' }, { type: 'removed' }, { type: 'local', name: 'L' }],
    });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ ok: true, total: 3, snapshotId: expect.any(String) });
    const edit = await control('/playlists/edit', { playlistId: 'Own1', remove: [1] });
    expect(edit.json).toMatchObject({ ok: true, total: 2 });
    expect(emu.getPlaylistItems('Own1').map((i) => i.type)).toEqual(['track', 'local']);
    for (const bad of [
      { playlistId: 'Own1', items: [{ type: 'video' }] },
      { playlistId: 'Own1', items: [{ type: 'track', addedAt: 'yesterday' }] },
      { items: [] },
    ]) {
      expect((await control('/playlists/items', bad)).status).toBe(400);
    }
    expect((await control('/playlists/edit', { playlistId: 'Own1', remove: [9] })).status).toBe(400);
    expect(emu.getPlaylistItems('Own1')).toHaveLength(2);
  });
});

describe('covers', () => {
  it('seeded playlists have mosaics, three-size covers, single uploads of unknown size, and none', async () => {
    emu.seedPlaylists('listener', 120, { noImageEvery: 6 });
    const images = emu.getPlaylists('listener').map((p) => p.images);
    const urls = images.flatMap((list) => (list ?? []).map((i) => i.url));
    expect(urls.some((u) => u.startsWith(`${emu.url}/mosaic/640/`))).toBe(true);
    expect(urls.some((u) => u.startsWith(`${emu.url}/image/60/`))).toBe(true);
    expect(images.some((list) => list?.length === 1 && list[0]?.width === null)).toBe(true);
    expect(images.some((list) => list === null)).toBe(true);
    expect(images.some((list) => list?.length === 0)).toBe(true);
    const mosaic = urls.find((u) => u.includes('/mosaic/300/')) ?? '';
    expect((await getPng(mosaic)).size).toEqual({ width: 300, height: 300 });
  });
});

describe('the demo', () => {
  it('has a large playlist, podcasts, local files and a removed entry, and followed playlists', async () => {
    const demo = await startEmulator({ demo: true });
    try {
      const [large, podcasts, laptop] = demo.getPlaylists(DEMO_USER_ID);
      expect(large).toMatchObject({ ownerId: DEMO_USER_ID, trackCount: DEMO_LARGE_PLAYLIST_ITEMS });
      expect(large?.images?.[0]?.url).toContain('/mosaic/640/');
      expect(demo.getPlaylistItems(podcasts?.id ?? '').filter((i) => i.type === 'episode').length).toBeGreaterThan(5);
      const kinds = demo.getPlaylistItems(laptop?.id ?? '').map((i) => i.type);
      expect(kinds).toContain('local');
      expect(kinds).toContain('removed');
      expect(demo.getPlaylists(DEMO_USER_ID).some((p) => p.ownerId !== DEMO_USER_ID && !p.collaborative)).toBe(true);
      const t = demo.mintTokens({ clientId: DEMO_CLIENT_ID, userId: DEMO_USER_ID, scopes: APP_SCOPES }).access_token;
      const page = await apiGet(demo, `/playlists/${large?.id}/items?limit=50&offset=9950`, t);
      expect(asItems(page).items).toHaveLength(50);
    } finally {
      await demo.close();
    }
  });
});
