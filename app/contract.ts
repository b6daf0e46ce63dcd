/**
 * The IPC contract: the only place channel names are written. main/ipc.ts registers
 * one handler per entry, main/preload.ts exposes one function per entry, and the
 * renderer's type for `window.tunetray` is derived from it (Bridge below).
 *
 * Every renderer-supplied argument has a zod schema that main parses before use:
 * the renderer is treated as untrusted input.
 */
import { z } from 'zod';
import type { PlaylistItemsCheck, PlaylistItemsView } from './items/model.ts';
import { ClientIdSchema, type PlaylistSummary, type SessionState, type Settings } from './model.ts';
import type { Result } from './result.ts';

/** Declares a channel: its wire name, the schema of its one argument, and (as a type only) its result. */
function channel<Input extends z.ZodType, Output>(name: string, input: Input) {
  return { name, input, output: undefined as unknown as Output };
}

const NoArgument = z.undefined();

/** Spotify IDs are base62; a playlist ID is 22 characters. */
export const PlaylistIdSchema = z.string().regex(/^[0-9A-Za-z]{1,64}$/, 'Not a Spotify playlist ID.');

export const ConnectInput = z.object({ switchAccount: z.boolean().optional() }).strict().optional();
export const SetClientIdInput = z.object({ clientId: ClientIdSchema }).strict();
export const UpdatePreferencesInput = z
  .object({ allowWeakTokenStorage: z.boolean().optional(), startAtLogin: z.boolean().optional() })
  .strict();
/**
 * A slice of the playlist list: the window asks for its first screen of rows, then the rest after it
 * has painted. No argument: the whole list.
 */
export const GetPlaylistsInput = z
  .object({
    offset: z.number().int().nonnegative().optional(),
    limit: z.number().int().positive().optional(),
  })
  .strict()
  .optional();
export const OpenPlaylistInput = z.object({ playlistId: PlaylistIdSchema }).strict();
export const PlaylistItemsInput = z.object({ playlistId: PlaylistIdSchema }).strict();
export const RefreshPlaylistItemsInput = z
  .object({
    playlistId: PlaylistIdSchema,
    /** The snapshot the window shows: "unchanged" is answered only when that is still current. */
    shownSnapshotId: z.string().max(200).nullable(),
  })
  .strict();
/** Tracks and episodes only: a `spotify:local:` URI names a file on someone's computer, not something to open. */
export const SpotifyItemUriSchema = z
  .string()
  .max(100)
  .regex(/^spotify:(track|episode):[0-9A-Za-z]{1,64}$/, 'Tunetray opens only Spotify tracks and episodes.');
export const OpenPlaylistItemInput = z.object({ playlistId: PlaylistIdSchema, uri: SpotifyItemUriSchema }).strict();

/** What getPlaylists answers: rows `offset`.. of the list at `revision`, and how many it has in all. */
export interface PlaylistSlice {
  revision: number;
  total: number;
  offset: number;
  playlists: PlaylistSummary[];
}

export const contract = {
  getSessionState: channel<typeof NoArgument, SessionState>('session:get-state', NoArgument),
  /** Resolves when sign-in ends (connected, cancelled, declined, timed out...). Progress comes as events. */
  connect: channel<typeof ConnectInput, SessionState>('session:connect', ConnectInput),
  cancelConnect: channel<typeof NoArgument, null>('session:cancel-connect', NoArgument),
  /** "Open the page again": re-opens the pending authorize page in the system browser. */
  reopenBrowser: channel<typeof NoArgument, null>('session:reopen-browser', NoArgument),
  disconnect: channel<typeof NoArgument, SessionState>('session:disconnect', NoArgument),
  refreshLibrary: channel<typeof NoArgument, SessionState>('library:refresh', NoArgument),
  /**
   * The playlist list is too big for every state event; the renderer reads it when revision changes.
   * `playlists` holds the rows from `offset` (at most `limit` of them); `total` is the whole list's length.
   */
  getPlaylists: channel<typeof GetPlaylistsInput, PlaylistSlice>('library:get-playlists', GetPlaylistsInput),
  getSettings: channel<typeof NoArgument, Settings>('settings:get', NoArgument),
  setClientId: channel<typeof SetClientIdInput, Settings>('settings:set-client-id', SetClientIdInput),
  updatePreferences: channel<typeof UpdatePreferencesInput, Settings>(
    'settings:update-preferences',
    UpdatePreferencesInput,
  ),
  openPlaylist: channel<typeof OpenPlaylistInput, null>('playlist:open', OpenPlaylistInput),
  /** A playlist's contents: the saved copy at once when there is one (then refreshPlaylistItems confirms it). */
  getPlaylistItems: channel<typeof PlaylistItemsInput, PlaylistItemsView>('items:get', PlaylistItemsInput),
  refreshPlaylistItems: channel<typeof RefreshPlaylistItemsInput, PlaylistItemsCheck>(
    'items:refresh',
    RefreshPlaylistItemsInput,
  ),
  /** Opens one of the items Tunetray loaded for this playlist in Spotify (the web player if the app is missing). */
  openPlaylistItem: channel<typeof OpenPlaylistItemInput, null>('items:open', OpenPlaylistItemInput),
  /**
   * The renderer saw the network come back (Electron's main process has no such event).
   * Harmless if abused: it only makes the scheduler and the library re-check.
   */
  reportNetworkOnline: channel<typeof NoArgument, null>('host:network-online', NoArgument),
} as const;

/** Main -> renderer events. The payload is the whole state: small and idempotent. */
export const events = {
  sessionChanged: 'session:changed',
} as const;

export type Contract = typeof contract;
export type ChannelKey = keyof Contract;
/** What the renderer passes (before parsing). */
export type InputOf<K extends ChannelKey> = z.input<Contract[K]['input']>;
/** What a handler receives (after parsing). */
export type ParsedInputOf<K extends ChannelKey> = z.output<Contract[K]['input']>;
export type OutputOf<K extends ChannelKey> = Contract[K]['output'];

/** Channels without an argument are called with none; the others with exactly one. */
type ArgsOf<K extends ChannelKey> = undefined extends InputOf<K> ? [input?: InputOf<K>] : [input: InputOf<K>];

/** The type of `window.tunetray`, derived from the contract so it cannot drift. */
export type Bridge = {
  readonly [K in ChannelKey]: (...args: ArgsOf<K>) => Promise<Result<OutputOf<K>>>;
} & {
  /** Subscribe to state changes; returns the unsubscribe function. */
  readonly onSessionChanged: (listener: (state: SessionState) => void) => () => void;
};

/** The handler table: plain functions, registered by main/ipc.ts and by the browser harness. */
export type Handlers = {
  readonly [K in ChannelKey]: (input: ParsedInputOf<K>) => Promise<Result<OutputOf<K>>>;
};

export const channelKeys = Object.keys(contract) as ChannelKey[];
