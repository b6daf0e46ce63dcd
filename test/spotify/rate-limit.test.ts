/**
 * A 429 in the middle of a sync, as Spotify sends it: a rolling window that refuses every
 * request for a while and a Retry-After in whole seconds that can end before the window does.
 * The pages in flight when the first 429 arrives are already on the wire (each costs one extra
 * request at most); after that nothing is sent until Retry-After, everyone waits that one wait
 * together, and the sync resumes with few requests in flight, so a window that outlasts
 * Retry-After costs one probe instead of another burst, and the sync completes.
 */
import { describe, expect, it } from 'vitest';
import { fetchAllPlaylists } from '../../app/spotify/fetch-all-playlists.ts';
import type { Emulator } from '../spotify-emulator/types.ts';
import { newAccount, playlistRequests, withSharedEmulator } from './helpers.ts';

let emu: Emulator;
const apis = withSharedEmulator((started) => {
  emu = started;
});

const CONCURRENCY = 8;
const PAGES = 40;

function syncWithRateLimitMidway(windowMs: number) {
  const a = newAccount(emu);
  apis.push(a.api);
  emu.seedPlaylists(a.userId, PAGES * 50);
  // Every request takes a little while, as on a network, so several pages are in flight.
  emu.fault({ kind: 'latency', ms: 20 });
  let limited = false;
  return fetchAllPlaylists(a.api, {
    concurrency: CONCURRENCY,
    onProgress(loaded) {
      if (limited || loaded < 12 * 50) return;
      limited = true;
      emu.fault({ kind: 'status', status: 429, retryAfterSec: 1, forMs: windowMs, path: '/v1/me/playlists' });
    },
  });
}

describe('a 429 mid-sync', () => {
  it('costs at most the pages in flight plus a probe, and the sync completes, when the window outlasts Retry-After', async () => {
    const result = await syncWithRateLimitMidway(1500);
    expect(result.playlists).toHaveLength(PAGES * 50);
    const log = playlistRequests(emu);
    const refused = log.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(log.length - PAGES).toBe(refused.length);
    expect(refused.length).toBeLessThanOrEqual(CONCURRENCY + 2);
  });

  it('waits once, all pages together: nothing is sent between the first 429 and Retry-After', async () => {
    const result = await syncWithRateLimitMidway(1000);
    expect(result.playlists).toHaveLength(PAGES * 50);
    const log = playlistRequests(emu);
    const first = log.find((r) => r.status === 429);
    expect(first).toBeDefined();
    const firstAt = first?.at ?? 0;
    // Requests already on the wire arrive within the latency; then silence until Retry-After.
    const during = log.filter((r) => r.at > firstAt + 100 && r.at < firstAt + 900);
    expect(during).toEqual([]);
    expect(log.filter((r) => r.status === 429).length).toBeLessThanOrEqual(CONCURRENCY);
    // The sync resumed gently: the first request after the wait went alone.
    const after = log.filter((r) => r.at >= firstAt + 900);
    expect(after.length).toBeGreaterThan(1);
    expect((after[1]?.at ?? 0) - (after[0]?.at ?? 0)).toBeGreaterThanOrEqual(15);
  });
});
