/**
 * Keeps the profile and playlists: shows the saved copy at once, refreshes it from
 * Spotify in the background (one sync at a time), and describes freshness for the UI
 * ("updated 5 min ago", "offline", "rate limited until 14:05").
 */
import type { LibraryCache } from './library/library-cache.ts';
import type { LibraryInfo, PlaylistSummary, Profile, SyncStatus } from './model.ts';
import type { Clock, Logger } from './ports.ts';
import { AppError } from './result.ts';
import { fetchAllPlaylists, type PlaylistPages } from './spotify/fetch-all-playlists.ts';
import type { WebApi } from './spotify/web-api.ts';

export interface LibrarySync {
  /** Shows the saved copy at once; says whether there was one, or one that could not be read (then deleted). */
  readonly restore: () => 'restored' | 'none' | 'unreadable';
  /** Resolves when the sync ends; never rejects (failures become the sync status). */
  readonly sync: (api: WebApi) => Promise<void>;
  readonly clear: () => void;
  readonly profile: () => Profile | null;
  readonly playlists: () => readonly PlaylistSummary[];
  readonly info: () => LibraryInfo;
  readonly findPlaylist: (id: string) => PlaylistSummary | undefined;
}

export function createLibrarySync(options: {
  cache: LibraryCache;
  clock: Clock;
  logger: Logger;
  onChange: () => void;
}): LibrarySync {
  const { cache, clock, logger, onChange } = options;
  let profile: Profile | null = null;
  let playlists: PlaylistSummary[] = [];
  let byId = new Map<string, PlaylistSummary>();
  let pages: PlaylistPages | undefined;
  let updatedAt: number | null = null;
  let revision = 0;
  let status: SyncStatus = { kind: 'idle' };
  let inFlight: Promise<void> | null = null;
  // Bumped by clear(): a sync that finishes after a disconnect must not bring data back.
  let generation = 0;

  const setPlaylists = (next: PlaylistSummary[]) => {
    playlists = next;
    byId = new Map(next.map((p) => [p.id, p]));
    revision += 1;
  };
  const setStatus = (next: SyncStatus) => {
    status = next;
    onChange();
  };

  const statusFromError = (error: unknown): SyncStatus => {
    if (error instanceof AppError) {
      if (error.code === 'network') return { kind: 'offline', since: clock.now() };
      if (error.code === 'rate-limited') {
        return { kind: 'rate-limited', until: clock.now() + (error.retryAfterMs ?? 60_000) };
      }
      return { kind: 'failed', message: error.message };
    }
    logger.error('Library sync failed unexpectedly');
    return { kind: 'failed', message: 'Tunetray could not update your playlists. Please try again.' };
  };

  const run = async (api: WebApi, myGeneration: number): Promise<void> => {
    setStatus({ kind: 'syncing', loaded: 0, total: null });
    try {
      const freshProfile = await api.getProfile();
      if (myGeneration !== generation) return;
      // Another account's cached pages must not be reused as "not modified".
      const previous = profile && profile.id === freshProfile.id ? pages : undefined;
      const result = await fetchAllPlaylists(api, {
        ...(previous ? { previous } : {}),
        onProgress: (loaded, total) => {
          if (myGeneration === generation) setStatus({ kind: 'syncing', loaded, total });
        },
      });
      if (myGeneration !== generation) return;
      profile = freshProfile;
      pages = { etags: result.etags, pages: result.pages };
      if (result.notModified < result.requests || playlists.length !== result.playlists.length) {
        setPlaylists(result.playlists);
      }
      updatedAt = clock.now();
      cache.save({ profile, playlists, updatedAt, pages });
      logger.info('Library synced', { playlists: playlists.length, requests: result.requests });
      setStatus({ kind: 'idle' });
    } catch (error) {
      if (myGeneration !== generation) return;
      logger.warn('Library sync did not complete', { code: error instanceof AppError ? error.code : 'bug' });
      setStatus(statusFromError(error));
    }
  };

  return {
    restore() {
      const { library: saved, missing } = cache.read();
      if (!saved) return missing === 'unreadable' ? 'unreadable' : 'none';
      profile = saved.profile;
      pages = saved.pages;
      updatedAt = saved.updatedAt;
      setPlaylists(saved.playlists);
      onChange();
      return 'restored';
    },
    sync(api) {
      if (!inFlight) {
        const myGeneration = generation;
        inFlight = run(api, myGeneration).finally(() => {
          inFlight = null;
        });
      }
      return inFlight;
    },
    clear() {
      generation += 1;
      inFlight = null;
      profile = null;
      pages = undefined;
      updatedAt = null;
      status = { kind: 'idle' };
      setPlaylists([]);
      cache.clear();
    },
    profile: () => profile,
    playlists: () => playlists,
    info: () => ({ revision, playlistCount: playlists.length, updatedAt, sync: status }),
    findPlaylist: (id) => byId.get(id),
  };
}
