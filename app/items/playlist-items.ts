/**
 * A playlist's contents for the window: the saved copy at once when there is one, confirmed
 * with Spotify by one conditional request (more only when the playlist changed), the
 * development-mode rule applied before anything is asked (a playlist the user neither owns nor
 * collaborates on is explained, not requested), and a 403 from Spotify turned into the same
 * explanation rather than an error.
 *
 * It also remembers which items it handed to the window, so that "open this track" can only
 * ever open something Tunetray itself loaded.
 */
import type { LibrarySync } from '../library-sync.ts';
import type { Logger } from '../ports.ts';
import { AppError } from '../result.ts';
import { fetchPlaylistItems, type LoadedPlaylistItems } from '../spotify/fetch-playlist-items.ts';
import { ItemsNotListable } from '../spotify/playlist-api.ts';
import { detailsFromSummary } from '../spotify/playlist-items-mapping.ts';
import type { WebApi } from '../spotify/web-api.ts';
import type { ItemsCache } from './items-cache.ts';
import {
  canListItems,
  type PlaylistDetails,
  type PlaylistItem,
  type PlaylistItemsCheck,
  type PlaylistItemsView,
} from './model.ts';

/** Playlists whose items stay in memory for "open this track" (the window shows one at a time). */
const IN_MEMORY = 4;

export interface PlaylistItemsService {
  /** The saved copy at once (`verified: false`), or a load from Spotify; not-listable when Spotify will not list it. */
  readonly open: (playlistId: string) => Promise<PlaylistItemsView>;
  /**
   * Confirms the copy the window shows (its snapshot): `unchanged` after one conditional request
   * when that copy is current, otherwise the current contents.
   */
  readonly refresh: (playlistId: string, shownSnapshotId: string | null) => Promise<PlaylistItemsCheck>;
  /** An item Tunetray loaded for this playlist, by URI; undefined for anything else. */
  readonly findItem: (playlistId: string, uri: string) => PlaylistItem | undefined;
  /** Disconnect or account switch: forget everything, saved copies included. */
  readonly clear: () => void;
}

export interface PlaylistItemsDeps {
  cache: ItemsCache;
  library: Pick<LibrarySync, 'findPlaylist' | 'profile'>;
  /** The signed-in account's Web API client, or null when there is none. */
  api: () => WebApi | null;
  logger: Logger;
}

const totalDuration = (items: readonly PlaylistItem[]) => items.reduce((sum, i) => sum + (i.durationMs ?? 0), 0);

const loadedView = (value: LoadedPlaylistItems, verified: boolean): PlaylistItemsView => ({
  status: 'loaded',
  playlist: value.details,
  items: value.items,
  totalDurationMs: totalDuration(value.items),
  verified,
});

export function createPlaylistItemsService(deps: PlaylistItemsDeps): PlaylistItemsService {
  const { cache, library, logger } = deps;
  const memory = new Map<string, LoadedPlaylistItems>();
  const inFlight = new Map<string, Promise<PlaylistItemsCheck>>();
  // Bumped by clear(): a load that finishes after a disconnect is not kept.
  let generation = 0;

  const remember = (id: string, value: LoadedPlaylistItems) => {
    memory.delete(id);
    memory.set(id, value);
    for (const oldest of memory.keys()) {
      if (memory.size <= IN_MEMORY) break;
      memory.delete(oldest);
    }
  };

  const summaryOf = (id: string) => {
    const summary = library.findPlaylist(id);
    if (!summary) throw new AppError('invalid-argument', 'That playlist is not in your library any more.');
    return summary;
  };

  const notListable = (playlist: PlaylistDetails): PlaylistItemsView => ({ status: 'not-listable', playlist });

  const load = async (id: string): Promise<PlaylistItemsCheck> => {
    const api = deps.api();
    if (!api) throw new AppError('not-connected', 'Connect Spotify to see what is in this playlist.');
    const summary = summaryOf(id);
    const accountId = library.profile()?.id ?? null;
    const previous = memory.get(id) ?? (accountId ? (cache.get(accountId, id) ?? undefined) : undefined);
    const myGeneration = generation;
    let result: Awaited<ReturnType<typeof fetchPlaylistItems>>;
    try {
      result = await fetchPlaylistItems(api, id, previous ? { previous } : {});
    } catch (error) {
      if (!(error instanceof ItemsNotListable)) throw error;
      // Spotify's development-mode rule, met where the list did not predict it: explain, keep nothing.
      logger.info('Spotify does not list the items of this playlist for this app');
      memory.delete(id);
      if (accountId) cache.forget(accountId, id);
      return notListable(detailsFromSummary(summary));
    }
    const { value } = result;
    logger.info('Playlist items', {
      status: result.status,
      items: value.items.length,
      // Kept as rows the window words as unreadable; counted here so a new Spotify shape shows in the log.
      unreadable: value.items.filter((item) => item.kind === 'unreadable').length,
      requests: result.requests,
      notModified: result.notModified,
      bytes: result.bytes,
    });
    if (myGeneration !== generation) throw new AppError('cancelled', 'Tunetray disconnected before this finished.');
    remember(id, value);
    const changedSinceSaved = result.status === 'loaded' || value.etag !== previous?.etag;
    if (accountId && changedSinceSaved) cache.put(accountId, id, value);
    return result.status === 'unchanged' ? { status: 'unchanged', playlist: value.details } : loadedView(value, true);
  };

  const shared = (id: string): Promise<PlaylistItemsCheck> => {
    let running = inFlight.get(id);
    if (!running) {
      running = load(id).finally(() => inFlight.delete(id));
      inFlight.set(id, running);
    }
    return running;
  };

  return {
    async open(id) {
      const summary = summaryOf(id);
      const accountId = library.profile()?.id ?? null;
      if (!canListItems(summary, accountId)) return notListable(detailsFromSummary(summary));
      const saved = memory.get(id) ?? (accountId ? cache.get(accountId, id) : null);
      if (saved) {
        remember(id, saved);
        return loadedView(saved, false);
      }
      const fresh = await shared(id);
      // Nothing was saved, so there is nothing to be "unchanged" from: the load is in memory now.
      if (fresh.status !== 'unchanged') return fresh;
      const value = memory.get(id);
      if (!value) throw new AppError('unexpected', 'Tunetray could not keep this playlist open. Please try again.');
      return loadedView(value, true);
    },

    async refresh(id, shownSnapshotId) {
      const check = await shared(id);
      if (check.status !== 'unchanged') return check;
      const value = memory.get(id);
      // The window may hold an older copy than the core (a load it did not wait for): send the current one.
      if (value && (shownSnapshotId === null || shownSnapshotId !== value.details.snapshotId)) {
        return loadedView(value, true);
      }
      return check;
    },

    findItem(id, uri) {
      return memory.get(id)?.items.find((item) => item.uri === uri);
    },

    clear() {
      generation += 1;
      memory.clear();
      inFlight.clear();
      cache.clear();
    },
  };
}
