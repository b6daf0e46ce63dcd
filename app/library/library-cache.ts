/**
 * The last known library (profile + playlists + the ETags that let the next sync be all 304s),
 * persisted so the window and tray show something instantly at start and while offline.
 *
 * Not secret, but personal: the composition root gives this its own store file, and the session
 * calls clear() on disconnect. What is on disk is untrusted (older versions, hand edits, a
 * half-written file): it is zod-validated on load, and anything unreadable is deleted and
 * treated as "no cache" rather than crashing or being half-used.
 */
import { z } from 'zod';
import { describeError } from '../log.ts';
import { type PlaylistSummary, PlaylistSummarySchema, type Profile, ProfileSchema } from '../model.ts';
import type { KeyValueStore, Logger } from '../ports.ts';
import type { PlaylistPages } from '../spotify/fetch-all-playlists.ts';

export const LIBRARY_CACHE_KEY = 'library';

/**
 * Validators for the next conditional sync. `pages` records, per page offset, its ETag and how
 * many entries of `playlists` it produced (a page can hold fewer than 50 when Spotify sent a
 * null entry), so the pages can be rebuilt exactly from the flat list.
 */
const CachedEtagsSchema = z.object({
  profile: z.string().nullable(),
  /** null when the sync that produced the pages did not report it (fetchAllPlaylists then derives it). */
  total: z.number().int().nonnegative().nullable(),
  pages: z.array(
    z.object({
      offset: z.number().int().nonnegative(),
      etag: z.string().nullable(),
      count: z.number().int().nonnegative(),
    }),
  ),
});

export const CachedLibrarySchema = z.object({
  version: z.literal(1),
  /** The Spotify user id the data belongs to; a cache for another account is never shown. */
  accountId: z.string().min(1),
  profile: ProfileSchema.nullable(),
  playlists: z.array(PlaylistSummarySchema),
  /** Epoch ms when profile and playlists were last confirmed with Spotify. */
  updatedAt: z.number().int().nonnegative(),
  etags: CachedEtagsSchema,
});
export type CachedLibrary = z.infer<typeof CachedLibrarySchema>;

/** What the session hands to save(): the library as it has it, plus the sync's page bookkeeping. */
export interface LibrarySnapshot {
  /** Defaults to profile.id; a snapshot with neither is not saved (it could not be tied to an account). */
  accountId?: string;
  profile: Profile | null;
  playlists: PlaylistSummary[];
  updatedAt: number;
  /** The ETags and pages of the sync that produced `playlists` (fetchAllPlaylists' result fits). */
  pages?: PlaylistPages;
  profileEtag?: string | null;
}

/** The cached library as loaded: the stored record plus the pages rebuilt for the next conditional sync. */
export type LoadedLibrary = CachedLibrary & {
  /** undefined when the record has no usable page bookkeeping: the next sync downloads everything. */
  pages: PlaylistPages | undefined;
};

/** What load() found: the library, or why there is none (an unreadable one is deleted). */
export type LibraryRead =
  | { library: LoadedLibrary; missing?: never }
  | { library: null; missing: 'none' | 'unreadable' | 'other-account' };

export interface LibraryCache {
  /** The cached library, or null if there is none, it is unreadable (then deleted) or it belongs to another account. */
  load(accountId?: string): LoadedLibrary | null;
  /** load(), saying why nothing came back, so a lost cache can be explained to the user. */
  read(accountId?: string): LibraryRead;
  /** Best effort: a full disk must not fail a sync that otherwise worked. Returns whether it was written. */
  save(snapshot: LibrarySnapshot): boolean;
  clear(): void;
}

export function createLibraryCache(
  store: KeyValueStore,
  options: { logger?: Logger; key?: string } = {},
): LibraryCache {
  const key = options.key ?? LIBRARY_CACHE_KEY;
  const logger = options.logger;

  const clear = () => {
    try {
      store.delete(key);
    } catch (error) {
      logger?.warn('Could not delete the library cache', { error: describeError(error) });
    }
  };

  const read = (accountId?: string): LibraryRead => {
    let raw: unknown;
    try {
      raw = store.get(key);
    } catch (error) {
      logger?.warn('Could not read the library cache', { error: describeError(error) });
      return { library: null, missing: 'unreadable' };
    }
    if (raw === undefined) return { library: null, missing: 'none' };
    const parsed = CachedLibrarySchema.safeParse(raw);
    if (!parsed.success) {
      logger?.warn('Library cache is unreadable; deleting it', { issues: parsed.error.issues.length });
      clear();
      return { library: null, missing: 'unreadable' };
    }
    if (accountId !== undefined && parsed.data.accountId !== accountId) {
      // Left over from another account (a disconnect that could not clear it): never show it.
      logger?.info('Library cache belongs to another account; deleting it');
      clear();
      return { library: null, missing: 'other-account' };
    }
    return { library: { ...parsed.data, pages: pagesFromRecord(parsed.data) } };
  };

  return {
    read,
    load: (accountId) => read(accountId).library,

    save(snapshot) {
      const accountId = snapshot.accountId ?? snapshot.profile?.id;
      if (!accountId) {
        logger?.warn('Not saving a library cache that belongs to no account');
        return false;
      }
      try {
        store.set(key, CachedLibrarySchema.parse(recordFromSnapshot({ ...snapshot, accountId })));
        return true;
      } catch (error) {
        logger?.warn('Could not save the library cache', { error: describeError(error) });
        return false;
      }
    },

    clear,
  };
}

/**
 * The fetchAllPlaylists `previous` argument rebuilt from a record, or undefined when the page
 * bookkeeping does not add up (then the next sync simply downloads everything).
 */
function pagesFromRecord(record: CachedLibrary): PlaylistPages | undefined {
  if (record.etags.pages.length === 0) return undefined;
  const etags = new Map<number, string>();
  const pages = new Map<number, PlaylistSummary[]>();
  let at = 0;
  for (const page of [...record.etags.pages].sort((a, b) => a.offset - b.offset)) {
    const items = record.playlists.slice(at, at + page.count);
    if (items.length !== page.count) return undefined;
    at += page.count;
    pages.set(page.offset, items);
    if (page.etag !== null) etags.set(page.offset, page.etag);
  }
  if (at !== record.playlists.length) return undefined;
  return record.etags.total === null ? { etags, pages } : { etags, pages, total: record.etags.total };
}

function recordFromSnapshot(snapshot: LibrarySnapshot & { accountId: string }): CachedLibrary {
  const source = snapshot.pages;
  const offsets = source ? [...source.pages.keys()].sort((a, b) => a - b) : [];
  const counted = offsets.reduce((sum, offset) => sum + (source?.pages.get(offset)?.length ?? 0), 0);
  // Page bookkeeping is only worth keeping if it describes exactly these playlists.
  const consistent = source !== undefined && counted === snapshot.playlists.length;
  return {
    version: 1,
    accountId: snapshot.accountId,
    profile: snapshot.profile,
    playlists: snapshot.playlists,
    updatedAt: snapshot.updatedAt,
    etags: {
      profile: snapshot.profileEtag ?? null,
      total: source?.total ?? null,
      pages: consistent
        ? offsets.map((offset) => ({
            offset,
            etag: source.etags.get(offset) ?? null,
            count: source.pages.get(offset)?.length ?? 0,
          }))
        : [],
    },
  };
}
