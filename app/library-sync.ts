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
import { createThrottle } from './throttle.ts';

/**
 * Sync progress ("Updating… 2,350 of 10,000") reaches the UI at most this often: a page arrives
 * every few milliseconds, and each change rebuilds the tray menu and sends the state to the window.
 * The state that starts or ends a sync always goes at once.
 */
export const PROGRESS_INTERVAL_MS = 100;

export interface LibrarySync {
  /** Shows the saved copy at once; says whether there was one, or one that could not be read (then deleted). */
  readonly restore: () => 'restored' | 'none' | 'unreadable';
  /** Resolves when the sync ends; never rejects (failures become the sync status). */
  readonly sync: (api: WebApi) => Promise<void>;
  readonly clear: () => void;
  /**
   * Clears the library like clear() but keeps a copy: the function it returns puts the copy back,
   * in memory and in the cache (undoing an account switch that did not complete).
   */
  readonly setAside: () => () => void;
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
  /** Also forget what belongs with the library (the saved playlist contents) when it is cleared. */
  onClear?: () => void;
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
  const progress = createThrottle(clock, PROGRESS_INTERVAL_MS, onChange);
  const setStatus = (next: SyncStatus) => {
    progress.cancel();
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
    progress.restart();
    try {
      // info() always has the latest count; the UI hears of it at most once per interval.
      const onProgress = (loaded: number, total: number) => {
        if (myGeneration !== generation) return;
        status = { kind: 'syncing', loaded, total };
        progress.push();
      };
      // The profile goes out alongside the first page: one round trip for both, not two. The
      // cached pages are offered as validators on the assumption that the account is the one
      // they were cached for; the profile settles that below.
      const cachedFor = profile?.id ?? null;
      const previous = cachedFor !== null ? pages : undefined;
      // Page 0 is asked first: on a new HTTP/2 connection undici sends one request until the
      // server's SETTINGS arrive (a round trip), and page 0 is the one the other pages wait for.
      const playlistsRequest = fetchAllPlaylists(api, { ...(previous ? { previous } : {}), onProgress });
      const [playlistsResult, profileResult] = await Promise.allSettled([playlistsRequest, api.getProfile()]);
      if (profileResult.status === 'rejected') throw profileResult.reason;
      const freshProfile = profileResult.value;
      if (myGeneration !== generation) return;
      const otherAccount = previous !== undefined && freshProfile.id !== cachedFor;
      let result: Awaited<ReturnType<typeof fetchAllPlaylists>>;
      if (otherAccount && (playlistsResult.status === 'rejected' || playlistsResult.value.notModified > 0)) {
        // Another account's cached pages must not be reused as "not modified": read them afresh.
        logger.info('The cached library belonged to another account; loading the playlists again');
        result = await fetchAllPlaylists(api, { onProgress });
      } else if (playlistsResult.status === 'rejected') {
        throw playlistsResult.reason;
      } else {
        result = playlistsResult.value;
      }
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

  const clear = () => {
    generation += 1;
    progress.cancel();
    inFlight = null;
    profile = null;
    pages = undefined;
    updatedAt = null;
    status = { kind: 'idle' };
    setPlaylists([]);
    cache.clear();
    // What belongs with the library goes with it (an account switch that is undone loses only a cache).
    options.onClear?.();
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
    clear,
    setAside() {
      const kept = { profile, playlists, pages, updatedAt };
      clear();
      return () => {
        generation += 1;
        inFlight = null;
        ({ profile, pages, updatedAt } = kept);
        status = { kind: 'idle' };
        setPlaylists(kept.playlists);
        if (updatedAt !== null) cache.save({ profile, playlists, updatedAt, ...(pages ? { pages } : {}) });
        onChange();
      };
    },
    profile: () => profile,
    playlists: () => playlists,
    info: () => ({ revision, playlistCount: playlists.length, updatedAt, sync: status }),
    findPlaylist: (id) => byId.get(id),
  };
}
