/**
 * The handler table behind every IPC channel: plain functions over the core, registered
 * by main/ipc.ts with ipcMain.handle and by the browser harness with exposeBinding.
 * dispatch() is the trust boundary: it parses the renderer's argument with the contract's
 * schema before any handler sees it, and turns every failure into a Result.
 */
import { type ChannelKey, contract, type Handlers } from './contract.ts';
import type { PlaylistItemsService } from './items/playlist-items.ts';
import type { LibrarySync } from './library-sync.ts';
import { describeError } from './log.ts';
import type { Settings } from './model.ts';
import type { Logger, OpenExternal } from './ports.ts';
import { AppError, fail, ok, type Result, toFailure } from './result.ts';
import type { Session } from './session.ts';
import type { SettingsService } from './settings.ts';

export interface HandlerDeps {
  session: Session;
  settings: SettingsService;
  library: LibrarySync;
  items: PlaylistItemsService;
  openExternal: OpenExternal;
  logger: Logger;
  /** Tells the host's PowerEvents that the network is back (main/power.ts, or the harness). */
  reportNetworkOnline: () => void;
  /** Host-specific reaction to preference changes (login item in Electron); optional elsewhere. */
  onPreferencesChanged?: (settings: Settings) => void;
}

/** Opens the Spotify app when it is installed, the web player otherwise. */
async function openInSpotify(openExternal: OpenExternal, uri: string, webUrl: string | null): Promise<void> {
  try {
    await openExternal(uri);
  } catch {
    if (!webUrl) throw new AppError('unexpected', 'Tunetray could not open Spotify on this computer.');
    await openExternal(webUrl);
  }
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const { session, settings } = deps;
  return {
    getSessionState: async () => ok(session.state()),
    connect: async (input) => ok(await session.connect(input ?? {})),
    cancelConnect: async () => {
      session.cancelConnect();
      return ok(null);
    },
    reopenBrowser: async () => {
      await session.reopenBrowser();
      return ok(null);
    },
    disconnect: async () => ok(await session.disconnect()),
    refreshLibrary: async () => ok(await session.refreshLibrary()),
    getPlaylists: async (input) => {
      const all = deps.library.playlists();
      const offset = Math.min(input?.offset ?? 0, all.length);
      const end = input?.limit === undefined ? all.length : Math.min(all.length, offset + input.limit);
      const { revision } = deps.library.info();
      return ok({ revision, total: all.length, offset, playlists: all.slice(offset, end) });
    },
    getSettings: async () => ok(settings.get()),
    setClientId: async ({ clientId }) => {
      const next = settings.setClientId(clientId);
      await session.settingsChanged();
      return ok(next);
    },
    updatePreferences: async (changes) => {
      const next = settings.update(changes);
      deps.onPreferencesChanged?.(next);
      await session.settingsChanged();
      return ok(next);
    },
    openPlaylist: async ({ playlistId }) => {
      const playlist = deps.library.findPlaylist(playlistId);
      if (!playlist) return fail('invalid-argument', 'That playlist is not in your library any more.');
      await openInSpotify(deps.openExternal, playlist.spotifyUri, playlist.webUrl);
      return ok(null);
    },
    getPlaylistItems: async ({ playlistId }) => ok(await deps.items.open(playlistId)),
    refreshPlaylistItems: async ({ playlistId, shownSnapshotId }) =>
      ok(await deps.items.refresh(playlistId, shownSnapshotId)),
    openPlaylistItem: async ({ playlistId, uri }) => {
      const item = deps.items.findItem(playlistId, uri);
      if (!item?.uri) return fail('invalid-argument', 'That track is not in this playlist any more.');
      await openInSpotify(deps.openExternal, item.uri, item.webUrl);
      return ok(null);
    },
    reportNetworkOnline: async () => {
      deps.reportNetworkOnline();
      return ok(null);
    },
  };
}

const REFUSED = 'That request was not valid.';
/** No contract argument nests this deep; anything deeper is refused before a schema walks it. */
const MAX_DEPTH = 16;

/**
 * Whether `input` is plain data, as JSON or Electron's structured clone delivers it: primitives,
 * arrays and plain objects. A schema reads properties, so a Map, a Date, a class instance or an
 * object that only inherits its keys would otherwise pass as `{}` (or as the inherited value).
 */
function isPlainData(input: unknown): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value: input, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, depth } = next;
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return false;
      continue;
    }
    if (depth >= MAX_DEPTH || Object.getOwnPropertySymbols(value).length > 0) return false;
    const proto = Object.getPrototypeOf(value);
    const plain = Array.isArray(value) ? proto === Array.prototype : proto === Object.prototype || proto === null;
    if (!plain) return false;
    for (const child of Object.values(value)) pending.push({ value: child, depth: depth + 1 });
  }
  return true;
}

/** Parses `input` with the channel's schema and runs its handler; never throws. */
export async function dispatch(
  handlers: Handlers,
  key: string,
  input: unknown,
  logger: Logger,
): Promise<Result<unknown>> {
  if (!Object.hasOwn(contract, key)) return fail('invalid-argument', 'Unknown request.');
  const channel = key as ChannelKey;
  if (!isPlainData(input)) return fail('invalid-argument', REFUSED);
  // The schema's own words where it has them (a Client ID's shape); never the schema library's.
  const parsed = contract[channel].input.safeParse(input, { error: () => REFUSED });
  if (!parsed.success) return fail('invalid-argument', parsed.error.issues[0]?.message ?? REFUSED);
  try {
    const handler = handlers[channel] as (input: unknown) => Promise<Result<unknown>>;
    return await handler(parsed.data);
  } catch (error) {
    if (!(error instanceof AppError)) logger.error(`Handler ${channel} failed`, { error: describeError(error) });
    return toFailure(error);
  }
}
