/**
 * Every entry of one playlist, fast and cheap, with the same paging core as the library
 * (paging.ts):
 *
 * - GET /v1/playlists/{id} first: it names the current snapshot_id and carries the first 100
 *   entries. With the saved copy's ETag it is a conditional request, so an unchanged playlist
 *   costs exactly this one request (a 304, or a 200 naming the same snapshot_id).
 * - Otherwise the rest is fetched in parallel pages of 50 from where the embedded page ended,
 *   each conditional on the ETag that page had last time (an edit deep in a long playlist keeps
 *   the pages before it as 304s).
 * - A playlist that changes while it is read (a page reporting another total) is read again
 *   once from the start, without validators; if it is still changing, the caller gets an error.
 */
import type { PlaylistDetails, PlaylistItem } from '../items/model.ts';
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
import { getPlaylist, getPlaylistItemsPage, MAX_ITEMS_LIMIT } from './playlist-api.ts';
import type { WebApi } from './web-api.ts';

/** A loaded playlist with what the next load needs to be conditional (persisted by items-cache.ts). */
export interface LoadedPlaylistItems {
  details: PlaylistDetails;
  items: PlaylistItem[];
  /** ETag of GET /v1/playlists/{id}. */
  etag: string | null;
  /** How many entries came embedded in the playlist object (the /items pages start there). */
  embedded: number;
  /** The /items pages after the embedded ones: offset, ETag, and how many entries each gave. */
  pages: Array<{ offset: number; etag: string | null; count: number }>;
}

export interface FetchItemsResult {
  /** unchanged: `value` is the previous load (with fresh details); loaded: read from Spotify now. */
  status: 'unchanged' | 'loaded';
  value: LoadedPlaylistItems;
  requests: number;
  notModified: number;
  bytes: number;
  restarted: boolean;
}

/**
 * Item pages in flight. Kept at 13 when the library sync went to 50 (fetch-all-playlists.ts): a
 * 10,000-item playlist is 198 pages, and whether a longer burst is worth it is this reader's call.
 */
export const ITEM_PAGES_IN_FLIGHT = 13;

export interface FetchItemsOptions {
  previous?: LoadedPlaylistItems;
  concurrency?: number;
}

export async function fetchPlaylistItems(
  api: WebApi,
  playlistId: string,
  options: FetchItemsOptions = {},
): Promise<FetchItemsResult> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? ITEM_PAGES_IN_FLIGHT));
  const counters = newCounters();
  let previous = options.previous;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const loaded = await loadOnce(api, playlistId, previous, concurrency, counters);
      return { ...loaded, ...counters, restarted: attempt > 0 };
    } catch (error) {
      if (!(error instanceof ListChanged)) throw error;
      previous = undefined;
    }
  }
  throw new AppError('unexpected', 'This playlist kept changing while Tunetray was loading it. Try again in a moment.');
}

/** The previous load's /items pages, as the paging core wants them. */
function pageCacheOf(previous: LoadedPlaylistItems | undefined): PageCache<PlaylistItem> | undefined {
  if (!previous) return undefined;
  const cache: PageCache<PlaylistItem> = { etags: new Map(), pages: new Map() };
  let at = previous.embedded;
  for (const page of previous.pages) {
    cache.pages.set(page.offset, previous.items.slice(at, at + page.count));
    if (page.etag !== null) cache.etags.set(page.offset, page.etag);
    at += page.count;
  }
  return cache;
}

async function loadOnce(
  api: WebApi,
  playlistId: string,
  previous: LoadedPlaylistItems | undefined,
  concurrency: number,
  counters: PageCounters,
): Promise<Pick<FetchItemsResult, 'status' | 'value'>> {
  counters.requests++;
  const meta = await getPlaylist(api, playlistId, previous?.etag ?? undefined);
  counters.bytes += meta.bytes;
  if (meta.notModified) {
    if (previous) return { status: 'unchanged', value: previous };
    // A 304 to a request without a validator would be a server bug; read again without one.
    throw new ListChanged();
  }
  const { details, firstPage } = meta.value;
  const etag = meta.etag;
  if (previous && details.snapshotId !== null && details.snapshotId === previous.details.snapshotId) {
    // Same snapshot: the entries are what we hold; only the metadata (followers, cover URLs) moved.
    return { status: 'unchanged', value: { ...previous, details, etag } };
  }

  const into: PageCache<PlaylistItem> = { etags: new Map(), pages: new Map() };
  const loadPage = conditionalPageLoader<PlaylistItem>(
    (offset, pageEtag) => getPlaylistItemsPage(api, playlistId, offset, MAX_ITEMS_LIMIT, pageEtag),
    pageCacheOf(previous),
    into,
    counters,
  );
  // Entries Spotify did not embed (it withheld them, or sent only a count): start at 0.
  const first = firstPage ?? (await firstItemsPage(loadPage));
  const start = (firstPage?.offset ?? 0) + first.items.length;
  const total = first.total;
  const offsets = remainingOffsets(start, total, MAX_ITEMS_LIMIT);
  await loadPagesInParallel(offsets, (offset) => loadPage(offset), { concurrency, total });

  const items = [...first.items];
  for (const offset of offsets) items.push(...(into.pages.get(offset) ?? []));
  const embedded = firstPage ? firstPage.items.length : 0;
  const pages = [...(firstPage ? [] : [0]), ...offsets].map((offset) => ({
    offset,
    etag: into.etags.get(offset) ?? null,
    count: into.pages.get(offset)?.length ?? 0,
  }));
  return {
    status: 'loaded',
    value: { details: { ...details, total }, items, etag, embedded, pages },
  };
}

async function firstItemsPage(
  loadPage: (offset: number, allowConditional?: boolean) => Promise<{ items: PlaylistItem[]; total: number | null }>,
): Promise<{ items: PlaylistItem[]; total: number }> {
  // Unconditional: a 304 here would leave us without the total.
  const page = await loadPage(0, false);
  if (page.total === null) throw new ListChanged();
  return { items: page.items, total: page.total };
}
