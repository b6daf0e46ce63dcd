/** The saved playlist contents: bounded, least recently opened dropped first, validated on read, per account. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createItemsCache, ITEMS_CACHE_KEY } from '../../app/items/items-cache.ts';
import type { PlaylistItem } from '../../app/items/model.ts';
import type { Clock } from '../../app/ports.ts';
import type { LoadedPlaylistItems } from '../../app/spotify/fetch-playlist-items.ts';
import { createFileStore, createMemoryLogger } from '../support/ports.ts';

const clock: Clock = { now: () => 1_700_000_000_000, setTimer: () => () => {} };

function loaded(id: string, count: number, snapshotId = `snap-${id}`): LoadedPlaylistItems {
  const item: PlaylistItem = {
    kind: 'track',
    title: `Song of ${id}`,
    subtitle: 'Band',
    album: 'Album',
    durationMs: 1000,
    imageUrl: null,
    addedAt: 0,
    uri: 'spotify:track:x',
    webUrl: null,
  };
  return {
    details: {
      id,
      name: id,
      description: null,
      ownerId: 'me',
      ownerName: 'Me',
      imageUrl: null,
      total: count,
      snapshotId,
      collaborative: false,
      isPublic: true,
      followers: null,
      spotifyUri: `spotify:playlist:${id}`,
      webUrl: null,
    },
    items: Array.from({ length: count }, () => item),
    etag: `"${id}"`,
    embedded: Math.min(count, 100),
    pages: [],
  };
}

function setUp(options: { maxItems?: number; maxPlaylists?: number } = {}) {
  const path = join(mkdtempSync(join(tmpdir(), 'tunetray-items-')), 'items.json');
  const store = createFileStore(path);
  const logger = createMemoryLogger();
  const open = () => createItemsCache(store, { clock, logger, ...options });
  return { path, store, logger, open, cache: open() };
}

describe('items cache', () => {
  test('keeps what was put, for that account, across a restart', () => {
    const { cache, open } = setUp();
    cache.put('me', 'A', loaded('A', 3));
    expect(cache.get('me', 'A')?.items).toHaveLength(3);
    expect(open().get('me', 'A')?.details.snapshotId).toBe('snap-A');
    expect(open().get('someone-else', 'A')).toBeNull();
  });

  test('bounded by playlists: the least recently opened is dropped first', () => {
    const { cache } = setUp({ maxPlaylists: 3 });
    for (const id of ['A', 'B', 'C']) cache.put('me', id, loaded(id, 1));
    expect(cache.get('me', 'A')).not.toBeNull(); // A is now the most recently opened
    cache.put('me', 'D', loaded('D', 1));
    expect(cache.get('me', 'B')).toBeNull();
    expect(['A', 'C', 'D'].map((id) => cache.get('me', id) !== null)).toEqual([true, true, true]);
  });

  test('bounded by items in all; a playlist larger than the cap is not saved at all', () => {
    const { cache, logger } = setUp({ maxItems: 100 });
    cache.put('me', 'A', loaded('A', 60));
    cache.put('me', 'B', loaded('B', 30));
    cache.put('me', 'C', loaded('C', 50)); // 50 + 30 fits, + 60 does not: A (least recent) goes
    expect(cache.get('me', 'A')).toBeNull();
    expect(cache.get('me', 'B')).not.toBeNull();
    cache.put('me', 'Huge', loaded('Huge', 101));
    expect(cache.get('me', 'Huge')).toBeNull();
    expect(cache.get('me', 'B')).not.toBeNull();
    expect(logger.lines.some((l) => l.line.includes('too large'))).toBe(true);
  });

  test('a new load of the same playlist replaces the old one', () => {
    const { cache } = setUp();
    cache.put('me', 'A', loaded('A', 2, 'old'));
    cache.put('me', 'A', loaded('A', 5, 'new'));
    expect(cache.get('me', 'A')).toMatchObject({ details: { snapshotId: 'new' } });
    expect(cache.get('me', 'A')?.items).toHaveLength(5);
  });

  test('an unreadable file is deleted and reads as empty; a hand-edited entry too', () => {
    const broken = setUp();
    writeFileSync(broken.path, JSON.stringify({ [ITEMS_CACHE_KEY]: { version: 1, accountId: 'me', entries: [{}] } }));
    expect(broken.open().get('me', 'A')).toBeNull();
    expect(existsSync(broken.path) && readFileSync(broken.path, 'utf8').includes(ITEMS_CACHE_KEY)).toBe(false);

    const edited = setUp();
    edited.cache.put('me', 'A', loaded('A', 1));
    const record = JSON.parse(readFileSync(edited.path, 'utf8'));
    record[ITEMS_CACHE_KEY].entries[0].items[0].kind = 'hologram';
    writeFileSync(edited.path, JSON.stringify(record));
    expect(edited.open().get('me', 'A')).toBeNull();
  });

  test('another account: its saved contents are dropped when this one saves', () => {
    const { cache, open } = setUp();
    cache.put('old', 'A', loaded('A', 1));
    cache.put('new', 'B', loaded('B', 1));
    expect(open().get('old', 'A')).toBeNull();
    expect(open().get('new', 'B')).not.toBeNull();
  });

  test('clear() and forget() remove from memory and disk', () => {
    const { cache, open, path } = setUp();
    cache.put('me', 'A', loaded('A', 1));
    cache.put('me', 'B', loaded('B', 1));
    cache.forget('me', 'A');
    expect(open().get('me', 'A')).toBeNull();
    expect(open().get('me', 'B')).not.toBeNull();
    cache.clear();
    expect(cache.get('me', 'B')).toBeNull();
    expect(existsSync(path)).toBe(false);
  });
});
