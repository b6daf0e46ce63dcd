/**
 * The saved contents of recently opened playlists, so that opening one again shows at once and
 * costs one conditional request (fetch-playlist-items.ts). Keyed by playlist id and snapshot_id
 * (the snapshot is what the confirm request compares), bounded by a count of playlists and of
 * items in all, the least recently opened dropped first.
 *
 * Personal, not secret: the composition root gives it its own store file, and it is cleared on
 * disconnect and account switch. What is on disk is untrusted: it is zod-validated once when
 * first needed; anything unreadable, or saved for another account, is deleted and treated as empty.
 */
import { z } from 'zod';
import { describeError } from '../log.ts';
import type { Clock, KeyValueStore, Logger } from '../ports.ts';
import type { LoadedPlaylistItems } from '../spotify/fetch-playlist-items.ts';
import { PlaylistDetailsSchema, PlaylistItemSchema } from './model.ts';

export const ITEMS_CACHE_KEY = 'playlistItems';
/** Together about 7 MB on disk at the item cap: a 10,000-track playlist and a few dozen ordinary ones. */
export const DEFAULT_MAX_ITEMS = 25_000;
export const DEFAULT_MAX_PLAYLISTS = 40;

const EntrySchema = z.object({
  playlistId: z.string().min(1),
  snapshotId: z.string().nullable(),
  openedAt: z.number().int().nonnegative(),
  etag: z.string().nullable(),
  embedded: z.number().int().nonnegative(),
  pages: z.array(
    z.object({ offset: z.number().int().nonnegative(), etag: z.string().nullable(), count: z.number().int().min(0) }),
  ),
  details: PlaylistDetailsSchema,
  items: z.array(PlaylistItemSchema),
});
type Entry = z.infer<typeof EntrySchema>;

const RecordSchema = z.object({
  version: z.literal(1),
  accountId: z.string().min(1),
  /** Most recently opened first. */
  entries: z.array(EntrySchema),
});
type CacheRecord = z.infer<typeof RecordSchema>;

export interface ItemsCache {
  /** The saved load of a playlist for this account (and marks it opened now), or null. */
  get(accountId: string, playlistId: string): LoadedPlaylistItems | null;
  /** Saves a load as the most recently opened; best effort (a full disk must not fail the open). */
  put(accountId: string, playlistId: string, value: LoadedPlaylistItems): void;
  forget(accountId: string, playlistId: string): void;
  clear(): void;
}

export function createItemsCache(
  store: KeyValueStore,
  options: { clock: Clock; logger?: Logger; key?: string; maxItems?: number; maxPlaylists?: number },
): ItemsCache {
  const key = options.key ?? ITEMS_CACHE_KEY;
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const maxPlaylists = options.maxPlaylists ?? DEFAULT_MAX_PLAYLISTS;
  const { logger, clock } = options;
  // Read from disk once, then kept in memory and written through.
  let loaded: CacheRecord | null | undefined;

  const remove = () => {
    try {
      store.delete(key);
    } catch (error) {
      logger?.warn('Could not delete the saved playlist contents', { error: describeError(error) });
    }
  };

  const read = (): CacheRecord | null => {
    if (loaded !== undefined) return loaded;
    let raw: unknown;
    try {
      raw = store.get(key);
    } catch (error) {
      logger?.warn('Could not read the saved playlist contents', { error: describeError(error) });
      raw = undefined;
    }
    if (raw === undefined) {
      loaded = null;
      return loaded;
    }
    const parsed = RecordSchema.safeParse(raw);
    if (!parsed.success) {
      logger?.warn('Saved playlist contents are unreadable; deleting them', { issues: parsed.error.issues.length });
      remove();
      loaded = null;
      return loaded;
    }
    loaded = parsed.data;
    return loaded;
  };

  const write = (record: CacheRecord) => {
    loaded = record;
    try {
      store.set(key, record);
    } catch (error) {
      logger?.warn('Could not save playlist contents', { error: describeError(error) });
    }
  };

  /** The record for this account; another account's is dropped (a disconnect that could not clear it). */
  const forAccount = (accountId: string): CacheRecord => {
    const record = read();
    if (record && record.accountId === accountId) return record;
    if (record) logger?.info('Saved playlist contents belong to another account; dropping them');
    return { version: 1, accountId, entries: [] };
  };

  const toValue = (entry: Entry): LoadedPlaylistItems => ({
    details: entry.details,
    items: entry.items,
    etag: entry.etag,
    embedded: entry.embedded,
    pages: entry.pages,
  });

  return {
    get(accountId, playlistId) {
      const record = forAccount(accountId);
      const index = record.entries.findIndex((e) => e.playlistId === playlistId);
      const entry = record.entries[index];
      if (!entry) return null;
      const opened = { ...entry, openedAt: clock.now() };
      // The new order is kept in memory and reaches the disk with the next save: re-opening a
      // playlist must not rewrite megabytes, and an order lost on quit only makes the cache a
      // little less right about what to drop first.
      loaded = { ...record, entries: [opened, ...record.entries.filter((_, i) => i !== index)] };
      return toValue(opened);
    },

    put(accountId, playlistId, value) {
      const record = forAccount(accountId);
      const others = record.entries.filter((e) => e.playlistId !== playlistId);
      if (value.items.length > maxItems) {
        logger?.info('Playlist too large to save for next time', { items: value.items.length });
        write({ ...record, entries: others });
        return;
      }
      const entry: Entry = {
        playlistId,
        snapshotId: value.details.snapshotId,
        openedAt: clock.now(),
        etag: value.etag,
        embedded: value.embedded,
        pages: value.pages,
        details: value.details,
        items: value.items,
      };
      const entries = [entry];
      let count = entry.items.length;
      // Strictly least recently opened first: the first one that does not fit ends the list.
      for (const other of others) {
        if (entries.length >= maxPlaylists || count + other.items.length > maxItems) break;
        entries.push(other);
        count += other.items.length;
      }
      write({ ...record, entries });
    },

    forget(accountId, playlistId) {
      const record = forAccount(accountId);
      if (!record.entries.some((e) => e.playlistId === playlistId)) return;
      write({ ...record, entries: record.entries.filter((e) => e.playlistId !== playlistId) });
    },

    clear() {
      loaded = null;
      remove();
    },
  };
}
