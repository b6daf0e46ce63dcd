/**
 * The paging core shared by the playlist list (fetch-all-playlists.ts) and a playlist's items
 * (fetch-playlist-items.ts): once the first page has told us `total`, the remaining offsets are
 * computed and fetched in parallel with bounded concurrency, each as a conditional GET with the
 * ETag it had last time (a 304 reuses the entries we already hold). A page that reports another
 * total means the list changed under us; the caller decides whether to start over.
 */
import type { Conditional } from './web-api.ts';

/** What a previous load left behind, keyed by page offset. */
export interface PageCache<T> {
  etags: Map<number, string>;
  pages: Map<number, T[]>;
}

export interface PageCounters {
  /** Page requests made. */
  requests: number;
  /** How many of them were answered 304. */
  notModified: number;
  /** Response body bytes received. */
  bytes: number;
}

/** One page as loaded: its entries, and the total it reported (null for a 304, which has no body). */
export interface LoadedPage<T> {
  items: T[];
  total: number | null;
}

export type FetchPage<T> = (
  offset: number,
  etag: string | undefined,
) => Promise<Conditional<{ items: T[]; total: number }>>;

/** A torn read: the list changed while it was being loaded. */
export class ListChanged extends Error {}

export const newCounters = (): PageCounters => ({ requests: 0, notModified: 0, bytes: 0 });

/**
 * Loads one page, conditionally when `previous` holds both its ETag and its entries, and records
 * the page and its ETag in `into`. A 304 for a page we hold no entries for cannot be used: ListChanged.
 */
export function conditionalPageLoader<T>(
  fetchPage: FetchPage<T>,
  previous: PageCache<T> | undefined,
  into: PageCache<T>,
  counters: PageCounters,
): (offset: number, allowConditional?: boolean) => Promise<LoadedPage<T>> {
  return async (offset, allowConditional = true) => {
    const cached = previous?.pages.get(offset);
    const etag = allowConditional && cached ? previous?.etags.get(offset) : undefined;
    counters.requests++;
    const res = await fetchPage(offset, etag);
    counters.bytes += res.bytes;
    if (res.etag) into.etags.set(offset, res.etag);
    if (res.notModified) {
      counters.notModified++;
      // We only send If-None-Match with a cached page, so `cached` is there; guard anyway.
      if (!cached) throw new ListChanged();
      into.pages.set(offset, cached);
      return { items: cached, total: null };
    }
    into.pages.set(offset, res.value.items);
    return { items: res.value.items, total: res.value.total };
  };
}

/** The offsets of the pages after the first: from `start` up to `total`, `pageSize` apart. */
export function remainingOffsets(start: number, total: number, pageSize: number): number[] {
  const offsets: number[] = [];
  for (let offset = start; offset < total; offset += pageSize) offsets.push(offset);
  return offsets;
}

/**
 * Loads the pages at `offsets`, at most `concurrency` at a time. The first failure stops handing
 * out work; pages already in flight finish before it is rethrown, so no request outlives the call.
 * A page reporting a total other than `total` throws ListChanged.
 */
export async function loadPagesInParallel<T>(
  offsets: readonly number[],
  load: (offset: number) => Promise<LoadedPage<T>>,
  options: { concurrency: number; total: number; onPage?: (page: LoadedPage<T>) => void },
): Promise<void> {
  let torn = false;
  let failed = false;
  let next = 0;
  const worker = async () => {
    while (!torn && !failed && next < offsets.length) {
      const offset = offsets[next++] as number;
      let page: LoadedPage<T>;
      try {
        page = await load(offset);
      } catch (error) {
        // One failed page fails the load (rate limit, offline...): start no further requests.
        failed = true;
        throw error;
      }
      if (page.total !== null && page.total !== options.total) {
        // Entries added or removed since the first page: stop handing out work.
        torn = true;
        return;
      }
      options.onPage?.(page);
    }
  };
  const workers = Array.from({ length: Math.min(Math.max(1, options.concurrency), offsets.length) }, worker);
  // allSettled: let in-flight pages finish before deciding.
  const results = await Promise.allSettled(workers);
  for (const r of results) if (r.status === 'rejected') throw r.reason;
  if (torn) throw new ListChanged();
}
