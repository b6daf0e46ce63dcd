/** spotify-api.md §5: GET /v1/me/playlists, paging, shapes, scope filtering; seeding and the demo. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CLIENT_ID, DEMO_USER_ID, startEmulator } from './index.ts';
import { APP_SCOPES, apiGet, asPage, get, getPng, type PlaylistJson } from './test-helpers.ts';
import type { Emulator } from './types.ts';

let emu: Emulator;
const CLIENT = 'pl-client';

beforeEach(async () => {
  emu = await startEmulator();
  emu.registerClient({ clientId: CLIENT, redirectUris: [] });
  emu.registerUser({ id: 'listener', displayName: 'Listener' });
  emu.seedPlaylists('listener', 45, { privateEvery: 5, collaborativeEvery: 7, ownedByOthersEvery: 0, noImageEvery: 4 });
});
afterEach(() => emu.close());

const token = (scopes: string[] = APP_SCOPES) =>
  emu.mintTokens({ clientId: CLIENT, userId: 'listener', scopes }).access_token;

async function collect(firstUrl: string, t: string): Promise<PlaylistJson[]> {
  const out: PlaylistJson[] = [];
  let next: string | null = firstUrl;
  while (next !== null) {
    const res = await apiGet(emu, next, t);
    expect(res.status).toBe(200);
    out.push(...asPage(res).items);
    next = asPage(res).next;
  }
  return out;
}

describe('paging', () => {
  it('default limit 20, absolute next, previous null, total', async () => {
    const res = await apiGet(emu, '/me/playlists', token());
    expect(res.status).toBe(200);
    const page = asPage(res);
    expect(page).toMatchObject({
      href: `${emu.apiUrl}/me/playlists?offset=0&limit=20`,
      limit: 20,
      offset: 0,
      previous: null,
      next: `${emu.apiUrl}/me/playlists?offset=20&limit=20`,
      total: 45,
    });
    expect(page.items).toHaveLength(20);
  });

  it('middle and last pages: previous and next links, next null at the end', async () => {
    const t = token();
    const middle = asPage(await apiGet(emu, '/me/playlists?limit=10&offset=20', t));
    expect(middle.previous).toBe(`${emu.apiUrl}/me/playlists?offset=10&limit=10`);
    expect(middle.next).toBe(`${emu.apiUrl}/me/playlists?offset=30&limit=10`);
    const last = asPage(await apiGet(emu, '/me/playlists?limit=10&offset=40', t));
    expect(last.items).toHaveLength(5);
    expect(last.next).toBeNull();
    expect(last.previous).toBe(`${emu.apiUrl}/me/playlists?offset=30&limit=10`);
  });

  it('following next yields every playlist exactly once, in order', async () => {
    const items = await collect(`${emu.apiUrl}/me/playlists?limit=50`, token());
    expect(items.map((p) => p.id)).toEqual(emu.getPlaylists('listener').map((p) => p.id));
  });

  it('next may point at /v1/users/{id}/playlists (switch), and following it works', async () => {
    emu.setOptions({ nextLinkStyle: 'users' });
    const t = token();
    const first = asPage(await apiGet(emu, '/me/playlists?limit=20', t));
    expect(first.next).toBe(`${emu.apiUrl}/users/listener/playlists?offset=20&limit=20`);
    const items = await collect(`${emu.apiUrl}/me/playlists?limit=20`, t);
    expect(items).toHaveLength(45);
  });

  it('limit above 50, 0 or not a number: 400 Invalid limit', async () => {
    for (const limit of ['51', '0', 'abc', '-1', '']) {
      const res = await apiGet(emu, `/me/playlists?limit=${limit}`, token());
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: { status: 400, message: 'Invalid limit' } });
    }
    expect((await apiGet(emu, '/me/playlists?limit=50', token())).status).toBe(200);
  });

  it('offset outside 0..100000: 400 Invalid offset', async () => {
    for (const offset of ['-1', '100001', 'x']) {
      const res = await apiGet(emu, `/me/playlists?offset=${offset}`, token());
      expect(res.json).toEqual({ error: { status: 400, message: 'Invalid offset' } });
    }
    const beyond = asPage(await apiGet(emu, '/me/playlists?offset=100000', token()));
    expect(beyond).toMatchObject({ items: [], next: null, total: 45 });
  });

  it('ETag changes when the list changes; If-None-Match gives 304 while it does not', async () => {
    const t = token();
    const first = await apiGet(emu, '/me/playlists', t);
    const same = await apiGet(emu, '/me/playlists', t, { 'if-none-match': first.headers.etag ?? '' });
    expect(same.status).toBe(304);
    expect(same.text).toBe('');
    emu.setPlaylists('listener', [{ name: 'Only one' }]);
    const changed = await apiGet(emu, '/me/playlists', t, { 'if-none-match': first.headers.etag ?? '' });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
    expect(asPage(changed).total).toBe(1);
  });
});

describe('simplified playlist shape', () => {
  it('has every documented field, with items: {href, total} by default and no tracks', async () => {
    emu.setPlaylists('listener', [{ id: 'pl1', name: 'Mix', description: 'd', trackCount: 12 }]);
    const [item] = asPage(await apiGet(emu, '/me/playlists', token())).items;
    expect(item).toEqual({
      collaborative: false,
      description: 'd',
      external_urls: { spotify: 'https://open.spotify.com/playlist/pl1' },
      href: `${emu.apiUrl}/playlists/pl1`,
      id: 'pl1',
      images: [
        { url: `${emu.url}/image/640/pl1`, height: 640, width: 640 },
        { url: `${emu.url}/image/300/pl1`, height: 300, width: 300 },
        { url: `${emu.url}/image/60/pl1`, height: 60, width: 60 },
      ],
      name: 'Mix',
      owner: {
        display_name: 'Listener',
        external_urls: { spotify: 'https://open.spotify.com/user/listener' },
        href: `${emu.apiUrl}/users/listener`,
        id: 'listener',
        type: 'user',
        uri: 'spotify:user:listener',
      },
      primary_color: null,
      public: true,
      snapshot_id: expect.any(String),
      items: { href: `${emu.apiUrl}/playlists/pl1/items`, total: 12 },
      type: 'playlist',
      uri: 'spotify:playlist:pl1',
    });
  });

  it('trackCountField switch: tracks: {href, total} and no items', async () => {
    emu.setOptions({ trackCountField: 'tracks' });
    emu.setPlaylists('listener', [{ id: 'pl1', trackCount: 7 }]);
    const [item] = asPage(await apiGet(emu, '/me/playlists', token())).items;
    expect(item?.tracks).toEqual({ href: `${emu.apiUrl}/playlists/pl1/tracks`, total: 7 });
    expect(item?.items).toBeUndefined();
  });

  it('images may be empty or null, description may be "" or null, owner display_name may be null', async () => {
    emu.setPlaylists('listener', [
      { images: [], description: '' },
      { images: null, description: null, ownerId: 'ghost', ownerDisplayName: null },
    ]);
    const items = asPage(await apiGet(emu, '/me/playlists', token())).items;
    expect(items.map((p) => [p.images, p.description, p.owner.display_name])).toEqual([
      [[], '', 'Listener'],
      [null, null, null],
    ]);
  });

  it('playlist images are served by the emulator as PNGs of the size they claim', async () => {
    emu.setPlaylists('listener', [{ id: 'pl1', name: 'Road Trip' }]);
    const [item] = asPage(await apiGet(emu, '/me/playlists', token())).items;
    for (const image of item?.images ?? []) {
      const png = await getPng(image.url);
      expect(png.status).toBe(200);
      expect(png.contentType).toBe('image/png');
      expect(png.size).toEqual({ width: image.width, height: image.height });
    }
  });
});

describe('scope filtering: a shorter list, never an error', () => {
  it('without playlist-read-private, private playlists are left out', async () => {
    const all = emu.getPlaylists('listener');
    const res = await apiGet(emu, '/me/playlists?limit=50', token(['playlist-read-collaborative']));
    expect(res.status).toBe(200);
    const ids = asPage(res).items.map((p) => p.id);
    const expected = all.filter((p) => p.collaborative || p.public !== false).map((p) => p.id);
    expect(ids).toEqual(expected);
    expect(asPage(res).total).toBe(expected.length);
    expect(expected.length).toBeLessThan(all.length);
  });

  it('without playlist-read-collaborative, collaborative playlists are left out', async () => {
    const all = emu.getPlaylists('listener');
    const res = await apiGet(emu, '/me/playlists?limit=50', token(['playlist-read-private']));
    const expected = all.filter((p) => !p.collaborative).map((p) => p.id);
    expect(asPage(res).items.map((p) => p.id)).toEqual(expected);
    expect(expected.length).toBeLessThan(all.length);
  });

  it('with both scopes, every playlist is listed', async () => {
    const res = await apiGet(emu, '/me/playlists?limit=50', token());
    expect(asPage(res).total).toBe(45);
  });
});

describe('seeding', () => {
  it('is deterministic: same user, count and options give the same playlists in another emulator', async () => {
    const other = await startEmulator();
    try {
      other.registerUser({ id: 'listener', displayName: 'Listener' });
      other.seedPlaylists('listener', 45, {
        privateEvery: 5,
        collaborativeEvery: 7,
        ownedByOthersEvery: 0,
        noImageEvery: 4,
      });
      const strip = (e: Emulator) =>
        e.getPlaylists('listener').map((p) => ({ ...p, images: p.images?.length ?? null }));
      expect(strip(other)).toEqual(strip(emu));
    } finally {
      await other.close();
    }
  });

  it('honours the every-N options', () => {
    emu.seedPlaylists('listener', 20, {
      privateEvery: 4,
      collaborativeEvery: 0,
      noImageEvery: 10,
      nullDescriptionEvery: 5,
      ownedByOthersEvery: 0,
    });
    const list = emu.getPlaylists('listener');
    expect(list.filter((p) => p.public === false).map((p) => list.indexOf(p))).toEqual([3, 7, 11, 15, 19]);
    expect(list.filter((p) => p.collaborative)).toHaveLength(0);
    expect(list.map((p) => p.images)).toContainEqual([]);
    expect(list.map((p) => p.images)).toContainEqual(null);
    expect(list.filter((p) => p.description === null)).toHaveLength(4);
  });

  it('demo seed: the demo client and "Demo Listener" with ~300 varied playlists', async () => {
    const demo = await startEmulator({ demo: true });
    try {
      const t = demo.mintTokens({ clientId: DEMO_CLIENT_ID, userId: DEMO_USER_ID, scopes: APP_SCOPES }).access_token;
      const me = await apiGet(demo, '/me', t);
      expect(me.json).toMatchObject({ id: 'demo', display_name: 'Demo Listener', country: 'SE', product: 'premium' });
      const list = demo.getPlaylists(DEMO_USER_ID);
      expect(list).toHaveLength(300);
      expect(list.some((p) => p.public === false && !p.collaborative)).toBe(true);
      expect(list.some((p) => p.collaborative)).toBe(true);
      expect(list.some((p) => p.images === null || p.images.length === 0)).toBe(true);
      expect(list.some((p) => p.ownerId !== DEMO_USER_ID)).toBe(true);
      expect(new Set(list.map((p) => p.trackCount)).size).toBeGreaterThan(50);
      expect(new Set(list.map((p) => p.name)).size).toBeGreaterThan(100);
      const page = asPage(await apiGet(demo, '/me/playlists?limit=50', t));
      expect(page.total).toBe(300);
      const authorize = await get(
        `${demo.accountsUrl}/authorize?client_id=${DEMO_CLIENT_ID}&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A43123%2Fcallback&code_challenge_method=S256&code_challenge=${'A'.repeat(43)}`,
      );
      expect(authorize.text).toContain('Tunetray (demo)');
    } finally {
      await demo.close();
    }
  });
});
