/**
 * fetchAllPlaylists against the emulator: paging edge cases, request counts, order, bounded
 * concurrency, conditional re-syncs, and libraries that change while being read.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../app/result.ts';
import { fetchAllPlaylists } from '../../app/spotify/fetch-all-playlists.ts';
import type { WebApi } from '../../app/spotify/web-api.ts';
import type { Emulator, EmulatorPlaylist } from '../spotify-emulator/types.ts';
import { newAccount, playlistRequests, withSharedEmulator } from './helpers.ts';

let emu: Emulator;
const apis = withSharedEmulator(
  (started) => {
    emu = started;
  },
  { restore: { nextLinkStyle: 'me', trackCountField: 'items' } },
);

function account(count: number) {
  const a = newAccount(emu);
  apis.push(a.api);
  emu.seedPlaylists(a.userId, count, {
    privateEvery: 3,
    collaborativeEvery: 7,
    noImageEvery: 5,
    nullDescriptionEvery: 4,
    ownedByOthersEvery: 6,
  });
  return a;
}

const ids = (list: ReadonlyArray<{ id: string }>) => list.map((p) => p.id);

/** The api with its playlist-page calls counted: peak() is the most that were in flight at once. */
function watchPagesInFlight(api: WebApi): { watched: WebApi; peak: () => number } {
  let inFlight = 0;
  let peak = 0;
  const watched: WebApi = {
    ...api,
    async getPlaylistPage(offset, limit, etag) {
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        return await api.getPlaylistPage(offset, limit, etag);
      } finally {
        inFlight--;
      }
    },
  };
  return { watched, peak: () => peak };
}

describe('paging', () => {
  it.each([0, 1, 50, 51, 2000])('%i playlists: all of them, in order, in ceil(total/50) requests', async (count) => {
    const { api, userId } = account(count);
    const result = await fetchAllPlaylists(api);
    const expectedRequests = Math.max(1, Math.ceil(count / 50));
    expect(result.total).toBe(count);
    expect(result.playlists).toHaveLength(count);
    expect(ids(result.playlists)).toEqual(ids(emu.getPlaylists(userId)));
    expect(result.requests).toBe(expectedRequests);
    expect(result.notModified).toBe(0);
    const log = playlistRequests(emu);
    expect(log).toHaveLength(expectedRequests);
    expect(log.every((r) => r.query.limit === '50' && r.status === 200)).toBe(true);
    expect(log.map((r) => Number(r.query.offset)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: expectedRequests }, (_, i) => i * 50),
    );
  });

  it('is correct when `next` points at /v1/users/{id}/playlists (offsets come from total)', async () => {
    emu.setOptions({ nextLinkStyle: 'users' });
    const { api, userId } = account(173);
    const result = await fetchAllPlaylists(api);
    expect(ids(result.playlists)).toEqual(ids(emu.getPlaylists(userId)));
    expect(result.requests).toBe(4);
    expect(emu.requests.every((r) => r.path === '/v1/me/playlists')).toBe(true);
  });

  it('reads the `tracks` variant as well', async () => {
    emu.setOptions({ trackCountField: 'tracks' });
    const { api, userId } = account(60);
    const result = await fetchAllPlaylists(api);
    expect(result.playlists.map((p) => p.trackCount)).toEqual(emu.getPlaylists(userId).map((p) => p.trackCount));
  });

  it('keeps at most `concurrency` pages in flight, and reports progress up to the total', async () => {
    const { api } = account(600);
    emu.fault({ kind: 'latency', ms: 20 });
    const { watched, peak } = watchPagesInFlight(api);
    const progress: Array<[number, number]> = [];
    const result = await fetchAllPlaylists(watched, { concurrency: 4, onProgress: (l, t) => progress.push([l, t]) });
    expect(result.playlists).toHaveLength(600);
    expect(peak()).toBe(4);
    expect(progress[0]).toEqual([50, 600]);
    expect(progress.at(-1)).toEqual([600, 600]);
    expect(progress).toHaveLength(12);
  });
});

describe('the default concurrency', () => {
  // The test above passes its own concurrency, so it cannot see the default change. Every page
  // after the first at once is the design (two round trips for 2,000 playlists over one HTTP/2
  // connection; npm run bench); a smaller default would add waves, 1 would be sequential.
  it('sends every page after the first at once when the caller does not say', async () => {
    // 40 pages: the first alone (it tells the total), then 39 at once.
    const { api } = account(2000);
    emu.fault({ kind: 'latency', ms: 20 });
    const { watched, peak } = watchPagesInFlight(api);
    const result = await fetchAllPlaylists(watched);
    expect(result.playlists).toHaveLength(2000);
    expect(peak()).toBe(39);
  });
});

describe('conditional re-sync', () => {
  it('an unchanged library costs only 304s and no playlist bodies', async () => {
    const { api } = account(2000);
    const first = await fetchAllPlaylists(api);
    emu.clearRequests();
    const again = await fetchAllPlaylists(api, { previous: first });
    expect(again.requests).toBe(40);
    expect(again.notModified).toBe(40);
    expect(again.bytes).toBe(0);
    expect(again.playlists).toEqual(first.playlists);
    const log = playlistRequests(emu);
    expect(log).toHaveLength(40);
    expect(
      log.every((r) => r.status === 304 && r.headers['if-none-match'] === first.etags.get(Number(r.query.offset))),
    ).toBe(true);
  });

  it('works with the brief `{ etags, pages }` shape (total derived from the pages)', async () => {
    const { api } = account(120);
    const first = await fetchAllPlaylists(api);
    const again = await fetchAllPlaylists(api, { previous: { etags: first.etags, pages: first.pages } });
    expect(again).toMatchObject({ requests: 3, notModified: 3, total: 120 });
    expect(again.playlists).toEqual(first.playlists);
  });

  it('an empty library re-syncs as one 304', async () => {
    const { api } = account(0);
    const first = await fetchAllPlaylists(api);
    const again = await fetchAllPlaylists(api, { previous: { etags: first.etags, pages: first.pages } });
    expect(again).toMatchObject({ requests: 1, notModified: 1, total: 0, playlists: [] });
  });

  it('a renamed playlist re-fetches only its page', async () => {
    const { api, userId } = account(200);
    const first = await fetchAllPlaylists(api);
    const list = emu.getPlaylists(userId).map((p) => ({ ...p }));
    const target = list[123] as EmulatorPlaylist;
    target.name = 'Renamed while away';
    emu.setPlaylists(userId, list);
    emu.clearRequests();
    const again = await fetchAllPlaylists(api, { previous: first });
    expect(again.requests).toBe(4);
    expect(again.notModified).toBe(3);
    expect(again.playlists[123]?.name).toBe('Renamed while away');
    expect(ids(again.playlists)).toEqual(ids(first.playlists));
    expect(
      playlistRequests(emu)
        .filter((r) => r.status === 200)
        .map((r) => r.query.offset),
    ).toEqual(['100']);
  });

  it('an added playlist re-fetches everything (total changed on every page)', async () => {
    const { api, userId } = account(120);
    const first = await fetchAllPlaylists(api);
    emu.setPlaylists(userId, [...emu.getPlaylists(userId), { name: 'Brand new' }]);
    const again = await fetchAllPlaylists(api, { previous: first });
    expect(again.total).toBe(121);
    expect(again.playlists.at(-1)?.name).toBe('Brand new');
    expect(again.notModified).toBe(0);
    expect(again.requests).toBe(3);
  });
});

describe('a library that changes during the sync', () => {
  it('restarts once when a playlist is added mid-sync, and returns the new list whole', async () => {
    const { api, userId } = account(300);
    let changed = false;
    const result = await fetchAllPlaylists(api, {
      concurrency: 1,
      onProgress: () => {
        if (changed) return;
        changed = true;
        emu.setPlaylists(userId, [...emu.getPlaylists(userId), { name: 'Added mid-sync' }]);
      },
    });
    expect(result.restarted).toBe(true);
    expect(result.total).toBe(301);
    expect(ids(result.playlists)).toEqual(ids(emu.getPlaylists(userId)));
    // Page 0 and page 50 of the torn attempt, then 7 pages of the new list.
    expect(result.requests).toBe(2 + 7);
  });

  it('detects a shift that keeps the total (one added at the top, one removed at the end)', async () => {
    const { api, userId } = account(120);
    let changed = false;
    const result = await fetchAllPlaylists(api, {
      concurrency: 1,
      onProgress: () => {
        if (changed) return;
        changed = true;
        const list = emu.getPlaylists(userId);
        emu.setPlaylists(userId, [{ name: 'New at the top' }, ...list.slice(0, -1)]);
      },
    });
    expect(result.restarted).toBe(true);
    expect(result.playlists).toHaveLength(120);
    expect(result.playlists[0]?.name).toBe('New at the top');
    expect(ids(result.playlists)).toEqual(ids(emu.getPlaylists(userId)));
  });

  it('gives up with a readable error when it keeps changing', async () => {
    const { api, userId } = account(120);
    let n = 0;
    const error = await fetchAllPlaylists(api, {
      concurrency: 1,
      onProgress: () => {
        n++;
        emu.setPlaylists(userId, [...emu.getPlaylists(userId), { name: `Added ${n}` }]);
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/kept changing/);
  });
});

describe('failures', () => {
  it('a page that fails fails the sync with its AppError and starts no further pages', async () => {
    const { api } = account(1000);
    emu.fault({ kind: 'status', status: 429, retryAfterSec: 3600, path: '/v1/me/playlists', times: 1 });
    // First request (page 0) gets the 429.
    const error = await fetchAllPlaylists(api).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('rate-limited');
    expect(playlistRequests(emu)).toHaveLength(1);
  });

  it('a failing later page stops handing out work', async () => {
    const { api } = account(1000);
    let calls = 0;
    const failing: WebApi = {
      ...api,
      async getPlaylistPage(offset, limit, etag) {
        calls++;
        if (offset === 100) throw new AppError('network', 'offline');
        return api.getPlaylistPage(offset, limit, etag);
      },
    };
    const error = await fetchAllPlaylists(failing, { concurrency: 2 }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('network');
    // Page 0, then 50 and 100 in parallel; 100 fails; at most the one in flight (150) follows.
    expect(calls).toBeLessThanOrEqual(4);
  });
});
