/**
 * The persisted library cache over a real file store: round trip, the re-sync it enables after
 * a restart (all 304s from the persisted ETags), and what happens to bad or foreign data.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLibraryCache, LIBRARY_CACHE_KEY } from '../../app/library/library-cache.ts';
import type { PlaylistSummary, Profile } from '../../app/model.ts';
import { fetchAllPlaylists } from '../../app/spotify/fetch-all-playlists.ts';
import { newAccount } from '../spotify/helpers.ts';
import { startEmulator } from '../spotify-emulator/index.ts';
import type { Emulator } from '../spotify-emulator/types.ts';
import { createFileStore, createMemoryLogger } from '../support/ports.ts';

const dirs: string[] = [];
function tempStore() {
  const dir = mkdtempSync(join(tmpdir(), 'tunetray-library-'));
  dirs.push(dir);
  return createFileStore(join(dir, 'library.json'));
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const profile: Profile = {
  id: 'listener',
  displayName: 'Listener',
  product: null,
  country: null,
  imageUrl: null,
  spotifyUri: 'spotify:user:listener',
  webUrl: 'https://open.spotify.com/user/listener',
};
const playlist = (i: number): PlaylistSummary => ({
  id: `p${i}`,
  name: `Playlist ${i}`,
  ownerName: 'Listener',
  ownerId: 'listener',
  trackCount: i,
  isPublic: i % 2 === 0 ? true : null,
  collaborative: i % 3 === 0,
  imageUrl: i % 4 === 0 ? null : `https://i.scdn.co/${i}`,
  spotifyUri: `spotify:playlist:p${i}`,
  webUrl: null,
});

describe('library cache', () => {
  it('round-trips profile, playlists, updatedAt and page validators', () => {
    const store = tempStore();
    const cache = createLibraryCache(store);
    const playlists = Array.from({ length: 75 }, (_, i) => playlist(i));
    const pages = {
      etags: new Map([
        [0, '"e0"'],
        [50, '"e50"'],
      ]),
      pages: new Map([
        [0, playlists.slice(0, 50)],
        [50, playlists.slice(50)],
      ]),
      total: 75,
    };
    expect(cache.save({ profile, playlists, updatedAt: 1_700_000_000_000, pages, profileEtag: '"me"' })).toBe(true);

    const loaded = createLibraryCache(createFileStore(store.path)).load();
    expect(loaded).toMatchObject({
      version: 1,
      accountId: 'listener',
      profile,
      playlists,
      updatedAt: 1_700_000_000_000,
      etags: { profile: '"me"', total: 75 },
    });
    expect(loaded?.pages).toEqual(pages);
  });

  it('is empty when nothing was saved, and clear() removes it', () => {
    const store = tempStore();
    const cache = createLibraryCache(store);
    expect(cache.load()).toBeNull();
    cache.save({ profile, playlists: [playlist(1)], updatedAt: 1 });
    expect(cache.load()?.playlists).toHaveLength(1);
    cache.clear();
    expect(cache.load()).toBeNull();
    expect(store.get(LIBRARY_CACHE_KEY)).toBeUndefined();
  });

  it.each([
    ['a corrupt file', 'this is { not json'],
    ['a wrong version', JSON.stringify({ [LIBRARY_CACHE_KEY]: { version: 2, accountId: 'listener' } })],
    [
      'a playlist missing fields',
      JSON.stringify({
        [LIBRARY_CACHE_KEY]: {
          version: 1,
          accountId: 'listener',
          profile: null,
          playlists: [{ id: 'x' }],
          updatedAt: 1,
          etags: { profile: null, total: 1, pages: [] },
        },
      }),
    ],
  ])('treats %s as empty, deletes it, and does not crash', (_, content) => {
    const store = tempStore();
    writeFileSync(store.path, content);
    const logger = createMemoryLogger();
    const cache = createLibraryCache(store, { logger });
    expect(cache.load()).toBeNull();
    expect(store.get(LIBRARY_CACHE_KEY)).toBeUndefined();
    // The next save works on the cleaned store.
    expect(cache.save({ profile, playlists: [], updatedAt: 2 })).toBe(true);
    expect(cache.load()?.updatedAt).toBe(2);
  });

  it("never returns another account's library", () => {
    const store = tempStore();
    const cache = createLibraryCache(store);
    cache.save({ profile, playlists: [playlist(1)], updatedAt: 1 });
    expect(cache.load('friend')).toBeNull();
    expect(cache.load()).toBeNull();
  });

  it('does not save a library that belongs to no account', () => {
    const store = tempStore();
    const cache = createLibraryCache(store, { logger: createMemoryLogger() });
    expect(cache.save({ profile: null, playlists: [], updatedAt: 1 })).toBe(false);
    expect(cache.save({ accountId: 'listener', profile: null, playlists: [], updatedAt: 1 })).toBe(true);
  });

  it('drops page bookkeeping that does not describe the playlists, keeping the playlists', () => {
    const store = tempStore();
    const cache = createLibraryCache(store);
    const playlists = [playlist(1), playlist(2)];
    cache.save({
      profile,
      playlists,
      updatedAt: 1,
      pages: { etags: new Map([[0, '"e"']]), pages: new Map([[0, [playlist(1)]]]) },
    });
    const loaded = cache.load();
    expect(loaded?.playlists).toEqual(playlists);
    expect(loaded?.pages).toBeUndefined();
  });

  it('survives a store that throws', () => {
    const logger = createMemoryLogger();
    const cache = createLibraryCache(
      {
        get: () => {
          throw new Error('EACCES');
        },
        set: () => {
          throw new Error('ENOSPC');
        },
        delete: () => {
          throw new Error('EROFS');
        },
      },
      { logger },
    );
    expect(cache.load()).toBeNull();
    expect(cache.save({ profile, playlists: [], updatedAt: 1 })).toBe(false);
    expect(() => cache.clear()).not.toThrow();
  });
});

describe('library cache + emulator: a restart re-syncs with 304s', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('persisted ETags make the first sync after a restart all 304s, with the cached list shown before it', async () => {
    const { api, userId } = newAccount(emu);
    emu.seedPlaylists(userId, 230, { nullDescriptionEvery: 3, noImageEvery: 4 });
    try {
      const store = tempStore();
      const profileNow = await api.getProfile({});
      if (profileNow.notModified) throw new Error('unexpected 304');
      const first = await fetchAllPlaylists(api);
      createLibraryCache(store).save({
        profile: profileNow.value,
        profileEtag: profileNow.etag,
        playlists: first.playlists,
        updatedAt: Date.now(),
        pages: first,
      });
      // On disk it is plain JSON (not secret), but holds no token.
      expect(readFileSync(store.path, 'utf8')).not.toMatch(/Bearer|access_token/);

      // "Restart": a new cache object over the same file.
      const restored = createLibraryCache(createFileStore(store.path)).load(userId);
      expect(restored?.playlists).toEqual(first.playlists);
      emu.clearRequests();
      const again = await fetchAllPlaylists(api, { previous: restored?.pages });
      expect(again).toMatchObject({ requests: 5, notModified: 5, bytes: 0 });
      expect(again.playlists).toEqual(first.playlists);
      const me = await api.getProfile({ etag: restored?.etags.profile ?? '' });
      expect(me.notModified).toBe(true);
    } finally {
      await api.close();
    }
  });
});
