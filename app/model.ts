/**
 * What crosses from the core to the UI. Nothing in here is ever a token, an
 * authorization code or a PKCE verifier: the renderer must not be able to see one.
 */
import { z } from 'zod';

/** Spotify Client IDs are 32 lowercase hex characters; we accept either case and normalise. */
export const ClientIdSchema = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F]{32}$/, 'A Spotify Client ID is 32 letters and digits (0-9, a-f).')
  .transform((s) => s.toLowerCase());

export const HttpUrlSchema = z
  .string()
  .url()
  .refine((u) => /^https?:$/.test(new URL(u).protocol), 'Use an http(s) URL.');

export const SettingsSchema = z.object({
  clientId: z.string().nullable(),
  /** Base of Spotify Accounts; configurable so the emulator (or any compatible server) can stand in. */
  accountsUrl: HttpUrlSchema,
  /** Base of the Web API including the version path, e.g. https://api.spotify.com/v1 */
  apiUrl: HttpUrlSchema,
  /** Linux without a keyring: keep tokens on disk with weak (basic_text) protection. Off by default. */
  allowWeakTokenStorage: z.boolean(),
  startAtLogin: z.boolean(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  clientId: null,
  accountsUrl: 'https://accounts.spotify.com',
  apiUrl: 'https://api.spotify.com/v1',
  allowWeakTokenStorage: false,
  startAtLogin: false,
};

export const ProfileSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  /** premium | free | open; absent for development-mode apps since 2026. */
  product: z.string().nullable(),
  country: z.string().nullable(),
  imageUrl: z.string().nullable(),
  spotifyUri: z.string(),
  webUrl: z.string().nullable(),
});
export type Profile = z.infer<typeof ProfileSchema>;

export const PlaylistSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  ownerName: z.string(),
  ownerId: z.string(),
  trackCount: z.number().int().nonnegative().nullable(),
  isPublic: z.boolean().nullable(),
  collaborative: z.boolean(),
  /** The smallest image that is still at least ~64px, for a list row. */
  imageUrl: z.string().nullable(),
  spotifyUri: z.string(),
  webUrl: z.string().nullable(),
});
export type PlaylistSummary = z.infer<typeof PlaylistSummarySchema>;

/** A message for a person: what happened and what to do about it. */
export interface Notice {
  level: 'info' | 'warning' | 'error';
  code: string;
  message: string;
  /** Optional next step the UI can offer as a button. */
  action?: 'connect' | 'setup' | 'retry' | 'open-settings';
}

export type SyncStatus =
  | { kind: 'idle' }
  | { kind: 'syncing'; loaded: number; total: number | null }
  | { kind: 'offline'; since: number }
  | { kind: 'rate-limited'; until: number }
  | { kind: 'failed'; message: string };

export interface LibraryInfo {
  /** Bumps whenever the playlist list changes; the renderer re-reads playlists when it does. */
  revision: number;
  playlistCount: number;
  /** When profile + playlists were last confirmed fresh with Spotify (epoch ms), null if never. */
  updatedAt: number | null;
  sync: SyncStatus;
}

/** Where the tokens live, so the UI can explain a missing keyring. */
export interface TokenStorageInfo {
  /** encrypted: OS keyring; weak: basic_text by opt-in; memory: not persisted (sign in each start). */
  mode: 'encrypted' | 'weak' | 'memory';
  explanation: string | null;
}

/** How Tunetray reaches Spotify, for the window's connection details ("Connecting through proxy host:port"). */
export interface ConnectionInfo {
  /** host:port of the proxy Web API requests go through; null when they go direct (or before the first one). */
  proxy: string | null;
  /** Where that proxy comes from: the system's settings or HTTPS_PROXY / HTTP_PROXY. */
  proxySource: 'system' | 'environment' | null;
}

export type SessionState =
  | { status: 'needs-setup'; notice: Notice | null }
  | { status: 'signed-out'; notice: Notice | null }
  | {
      status: 'connecting';
      /** waiting-for-keyring: a saved sign-in waits for the OS keyring to be unlocked (no browser involved). */
      step: 'waiting-for-browser' | 'exchanging-code' | 'loading-profile' | 'waiting-for-keyring';
      notice: Notice | null;
    }
  | {
      status: 'connected';
      profile: Profile | null;
      library: LibraryInfo;
      /** Epoch ms when Spotify will ask the user to connect again (6-month refresh-token life). */
      reconnectBy: number | null;
      tokenStorage: TokenStorageInfo;
      connection: ConnectionInfo;
      notice: Notice | null;
    };

export type SessionStatus = SessionState['status'];
