/**
 * Every playlist of the signed-in user, fast and cheap:
 *
 * - The first page (limit 50, the maximum) tells us `total`; the remaining offsets are computed
 *   from it and fetched in parallel with bounded concurrency. We never follow `next`: it has been
 *   seen pointing at /v1/users/{id}/playlists, and following it serialises the whole sync on
 *   round trips (2,000 playlists = 40 sequential requests).
 * - Exactly ceil(total/50) requests (1 when the library is empty).
 * - Each page is a conditional GET with the ETag it had last time, so an unchanged library is
 *   all 304s and no playlist bodies; cached pages are reused as they are.
 * - A library that changes during the sync (a different `total`, or the same playlist on two
 *   pages because everything shifted) is detected and the sync restarts once, rather than
 *   returning a torn list. If it is still changing, the caller gets an error and the old list.
 *
 * The parallel, conditional paging itself is shared with a playlist's items (paging.ts).
 */
import type { PlaylistSummary } from '../model.ts';
import { AppError } from '../result.ts';
import {
  conditionalPageLoader,
  ListChanged,
  loadPagesInParallel,
  newCounters,
  type PageCache,
  type PageCounters,
  remainingOffsets,
} from './paging.ts';
import { MAX_PAGE_LIMIT, type WebApi } from './web-api.ts';

export const PAGE_SIZE = MAX_PAGE_LIMIT;
/**
 * 50 pages in flight: after the first page, every other page of a library up to 2,550 playlists
 * goes out at once, so the whole sync is two round trips (page 0 for `total`, then the rest),
 * multiplexed on one HTTP/2 connection (http.ts). A burst of up to 51 requests is well inside
 * Spotify's rolling 30-second window for one user, an unchanged library costs 304s only, and if
 * Spotify does answer 429 the shared gate in web-api.ts stops everything and resumes gently.
 * Over HTTP/1.1 the transport's `connections` caps the sockets; the rest queue.
 */
export const DEFAULT_CONCURRENCY = 50;

/** What a previous sync left behind, keyed by page offset; see library-cache.ts for persistence. */
export interface PlaylistPages {
  etags: Map<number, string>;
  pages: Map<number, PlaylistSummary[]>;
  /**
   * The total that sync saw, needed when page 0 comes back 304 (a 304 has no body to read it
   * from). When absent it is derived from the pages, which is exact unless Spotify sent null
   * entries on the last page.
   */
  total?: number;
}

/** The total a previous sync saw, from its record or from its pages (the last page ends the list). */
function previousTotal(previous: PlaylistPages): number | undefined {
  if (previous.total !== undefined) return previous.total;
  let last = -1;
  for (const offset of previous.pages.keys()) last = Math.max(last, offset);
  if (last < 0) return undefined;
  // A page at offset `last` exists only if total > last, even if all its entries were dropped.
  return Math.max(last + (previous.pages.get(last)?.length ?? 0), last === 0 ? 0 : last + 1);
}

export interface FetchAllOptions {
  concurrency?: number;
  previous?: PlaylistPages;
  onProgress?: (loaded: number, total: number) => void;
}

export interface FetchAllResult {
  playlists: PlaylistSummary[];
  total: number;
  /** Page requests made (all attempts, including a restart). */
  requests: number;
  /** How many of them were answered 304. */
  notModified: number;
  /** Response body bytes received. */
  bytes: number;
  /** Whether a change during the sync forced a restart. */
  restarted: boolean;
  /** Validators and pages of this sync: pass them as `previous` next time. */
  etags: Map<number, string>;
  pages: Map<number, PlaylistSummary[]>;
}

export async function fetchAllPlaylists(api: WebApi, options: FetchAllOptions = {}): Promise<FetchAllResult> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  const counters = newCounters();
  let previous = options.previous;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const synced = await syncOnce(api, concurrency, previous, counters, options.onProgress);
      return { ...synced, ...counters, restarted: attempt > 0 };
    } catch (error) {
      if (!(error instanceof ListChanged)) throw error;
      // Pages fetched in the torn attempt may be stale: start over without validators.
      previous = undefined;
    }
  }
  throw new AppError(
    'unexpected',
    'Your playlists kept changing while Tunetray was loading them. Try Refresh again in a moment.',
  );
}

async function syncOnce(
  api: WebApi,
  concurrency: number,
  previous: PlaylistPages | undefined,
  counters: PageCounters,
  onProgress: FetchAllOptions['onProgress'],
): Promise<Pick<FetchAllResult, 'playlists' | 'total' | 'etags' | 'pages'>> {
  const into: PageCache<PlaylistSummary> = { etags: new Map(), pages: new Map() };
  const loadPage = conditionalPageLoader<PlaylistSummary>(
    (offset, etag) => api.getPlaylistPage(offset, PAGE_SIZE, etag),
    previous,
    into,
    counters,
  );

  // Page 0: a 304 only helps when we also know the total it had.
  const knownTotal = previous ? previousTotal(previous) : undefined;
  const first = await loadPage(0, knownTotal !== undefined);
  const total = first.total ?? knownTotal;
  if (total === undefined) throw new ListChanged();

  let loaded = first.items.length;
  onProgress?.(loaded, total);

  const offsets = remainingOffsets(PAGE_SIZE, total, PAGE_SIZE);
  await loadPagesInParallel(offsets, (offset) => loadPage(offset), {
    concurrency,
    total,
    onPage: (page) => {
      loaded += page.items.length;
      onProgress?.(loaded, total);
    },
  });

  const playlists: PlaylistSummary[] = [];
  const seen = new Set<string>();
  for (const offset of [0, ...offsets]) {
    for (const playlist of into.pages.get(offset) ?? []) {
      // The same playlist on two pages means the list shifted under us (same total, reordered).
      if (seen.has(playlist.id)) throw new ListChanged();
      seen.add(playlist.id);
      playlists.push(playlist);
    }
  }
  return { playlists, total, etags: into.etags, pages: into.pages };
}
