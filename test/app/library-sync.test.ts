/**
 * The library sync against the emulator: the profile request goes out alongside the first page
 * of playlists (one round trip, not two, before the rest of the pages), exactly
 * ceil(total/50) + 1 requests, and pages cached for one account are never reused for another.
 */
import { describe, expect, it } from 'vitest';
import { createLibraryCache } from '../../app/library/library-cache.ts';
import { createLibrarySync, PROGRESS_INTERVAL_MS } from '../../app/library-sync.ts';
import type { SyncStatus } from '../../app/model.ts';
import { type Clock, systemClock } from '../../app/ports.ts';
import type { WebApi } from '../../app/spotify/web-api.ts';
import { newAccount, playlistRequests, withSharedEmulator } from '../spotify/helpers.ts';
import type { Emulator } from '../spotify-emulator/types.ts';
import { createFakeClock } from '../support/fake-clock.ts';
import { createMemoryLogger } from '../support/ports.ts';
import { waitUntil } from '../support/wait.ts';

let emu: Emulator;
const apis = withSharedEmulator((started) => {
  emu = started;
});

function memoryStore() {
  const data = new Map<string, unknown>();
  return {
    get: (k: string) => data.get(k),
    set: (k: string, v: unknown) => data.set(k, v),
    delete: (k: string) => data.delete(k),
  };
}

function librarySync(
  store = memoryStore(),
  options: { clock?: Clock; onChange?: () => void; onClear?: () => void } = {},
) {
  return createLibrarySync({
    cache: createLibraryCache(store),
    clock: options.clock ?? systemClock,
    logger: createMemoryLogger(),
    onChange: options.onChange ?? (() => {}),
    ...(options.onClear ? { onClear: options.onClear } : {}),
  });
}

function account(playlists: number) {
  const a = newAccount(emu);
  apis.push(a.api);
  emu.seedPlaylists(a.userId, playlists);
  return a;
}

describe('library sync', () => {
  it('asks for the profile alongside the first page, in ceil(total/50) + 1 requests', async () => {
    const { api, userId } = account(260);
    const latencyMs = 200;
    emu.fault({ kind: 'latency', ms: latencyMs });
    const library = librarySync();
    await library.sync(api);
    expect(library.info().sync).toEqual({ kind: 'idle' });
    expect(library.profile()?.id).toBe(userId);
    expect(library.playlists()).toHaveLength(260);
    const profile = emu.requests.filter((r) => r.path === '/v1/me');
    const pages = playlistRequests(emu);
    expect(profile).toHaveLength(1);
    expect(pages).toHaveLength(Math.ceil(260 / 50));
    const firstPage = pages.find((r) => r.query.offset === '0');
    // Sent together: the first page reached the server long before the profile could have answered.
    expect(Math.abs((firstPage?.at ?? 0) - (profile[0]?.at ?? 0))).toBeLessThan(latencyMs / 2);
  });

  it('never reuses pages cached for another account, even when a validator happens to match', async () => {
    const other = account(3);
    const me = account(3);
    // The validator of my page 0, stored in a cache that belongs to the other account.
    const mine = await me.api.getPlaylistPage(0, 50);
    const store = memoryStore();
    const theirs = librarySync(store);
    await theirs.sync(other.api);
    const cache = createLibraryCache(store);
    const saved = cache.load();
    expect(saved?.accountId).toBe(other.userId);
    cache.save({
      profile: saved?.profile ?? null,
      playlists: [...(saved?.playlists ?? [])],
      updatedAt: Date.now(),
      pages: { etags: new Map([[0, mine.etag ?? '']]), pages: new Map([[0, [...(saved?.playlists ?? [])]]]), total: 3 },
    });

    const library = librarySync(store);
    library.restore();
    expect(library.profile()?.id).toBe(other.userId);
    await library.sync(me.api);
    expect(library.profile()?.id).toBe(me.userId);
    expect(library.playlists().map((p) => p.id)).toEqual(emu.getPlaylists(me.userId).map((p) => p.id));
  });

  it('a sync that finds another account (a reconnect that signed in someone else) forgets what was saved with the library', async () => {
    const first = account(2);
    const second = account(2);
    let cleared = 0;
    const store = memoryStore();
    const library = librarySync(store, { onClear: () => cleared++ });
    await library.sync(first.api);
    await library.sync(first.api);
    expect(cleared).toBe(0);
    await library.sync(second.api);
    expect(cleared).toBe(1);
    expect(library.profile()?.id).toBe(second.userId);
  });

  it('tells the UI of progress at most once per interval, however many pages arrive, and always of the end', async () => {
    const { api } = account(2_000);
    const store = memoryStore();
    const heard: SyncStatus[] = [];
    // Time stands still: every page arrives within one progress interval.
    const clock = createFakeClock(Date.now());
    const library: ReturnType<typeof librarySync> = librarySync(store, {
      clock,
      onChange: () => heard.push(library.info().sync),
    });
    await library.sync(api);
    // 40 pages: the start and the end, nothing per page (the progress waiting for the interval's end
    // is replaced by the end).
    expect(heard).toEqual([{ kind: 'syncing', loaded: 0, total: null }, { kind: 'idle' }]);

    // A re-sync (all 304) the same, from a library restored from the cache, as at app start.
    heard.length = 0;
    const restarted: ReturnType<typeof librarySync> = librarySync(store, {
      clock,
      onChange: () => heard.push(restarted.info().sync),
    });
    restarted.restore();
    await restarted.sync(api);
    expect(heard.length).toBeLessThanOrEqual(3);
    expect(heard.at(-1)).toEqual({ kind: 'idle' });
  });

  it('progress that waited for the end of the interval is told then, with the latest count', async () => {
    const { api } = account(200);
    const clock = createFakeClock(Date.now());
    const heard: SyncStatus[] = [];
    const library: ReturnType<typeof librarySync> = librarySync(memoryStore(), {
      clock,
      onChange: () => heard.push(library.info().sync),
    });
    // Page 0 comes back at once; the other pages only when the test lets them.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowPages: WebApi = {
      ...api,
      getPlaylistPage: async (offset, limit, etag) => {
        if (offset > 0) await held;
        return api.getPlaylistPage(offset, limit, etag);
      },
    };
    const done = library.sync(slowPages);
    // Page 0's progress came inside the first interval: it waits for the interval's end.
    await waitUntil(() => clock.pendingTimers() > 0, 'progress waiting for the end of the interval', 5_000);
    expect(heard).toEqual([{ kind: 'syncing', loaded: 0, total: null }]);
    await clock.advance(PROGRESS_INTERVAL_MS);
    release();
    await done;
    expect(heard).toEqual([
      { kind: 'syncing', loaded: 0, total: null },
      { kind: 'syncing', loaded: 50, total: 200 },
      { kind: 'idle' },
    ]);
  });
});
