/**
 * The public shapes of the emulator: options, the control API, faults, the request log and the
 * playlist model. Kept apart from the implementation so that tests and other engineers can
 * import types without pulling in the server.
 */

export interface EmulatorOptions {
  /** Default 0 (ephemeral). The host is always 127.0.0.1. */
  port?: number;
  /** Seed the demo client and the demo user with ~300 playlists. */
  demo?: boolean;
  /** Injectable clock (epoch ms) for code expiry, token expiry, the 6-month horizon and fault windows. */
  now?: () => number;
  /** Addition: how many playlists the demo user gets (default 300). */
  demoPlaylists?: number;
  /**
   * Addition: serve HTTPS (HTTP/2, and HTTP/1.1 for clients without ALPN h2). `true` uses a
   * certificate made for this process (test/support/certificates.ts) and exposes its CA as `ca`.
   */
  tls?: boolean | { cert: string; key: string; ca?: string };
  /**
   * Addition: the base URL clients reach the emulator at when something sits in front of it (the
   * bench's latency proxy). Hrefs, `next` links and image URLs use it. Default: its own address.
   */
  publicUrl?: string;
}

/** Addition: what the emulator's listening socket has seen. */
export interface ConnectionStats {
  /** TCP connections accepted. */
  connections: number;
  /** TLS handshakes completed (0 over plain HTTP). */
  tlsHandshakes: number;
  /** Connections per ALPN protocol chosen ('h2', 'http/1.1'). */
  protocols: Record<string, number>;
}

export interface EmulatorImage {
  url: string;
  height: number | null;
  width: number | null;
}

/** A playlist as the emulator stores it; serialised per request options into Spotify's simplified playlist. */
export interface EmulatorPlaylist {
  id: string;
  name: string;
  description: string | null;
  ownerId: string;
  ownerDisplayName: string | null;
  /** false = private; null is what Spotify sends for some followed playlists. */
  public: boolean | null;
  collaborative: boolean;
  /** Up to 3, largest first; [] and null both occur on the real service. */
  images: EmulatorImage[] | null;
  trackCount: number;
  snapshotId: string;
  primaryColor: string | null;
}

/** An artist, album or show as an item refers to it. */
export interface EmulatorRef {
  id: string;
  name: string;
}

/**
 * One entry of a playlist (spotify-api.md §8), as the emulator stores it. Serialised as
 * `{added_at, added_by, is_local, item}` (or `track` before the 2026 change); `removed` is an
 * entry whose `item` is null (removed from Spotify or unavailable).
 */
export type EmulatorItem =
  | {
      type: 'track';
      id: string;
      name: string;
      artists: EmulatorRef[];
      album: EmulatorRef;
      durationMs: number;
      /** false: not playable in the user's market (`is_playable: false` when the request names a market). */
      playable: boolean;
      addedAt: string;
      addedBy: string | null;
    }
  | {
      type: 'episode';
      id: string;
      name: string;
      show: EmulatorRef & { publisher: string };
      durationMs: number;
      addedAt: string;
      addedBy: string | null;
    }
  | {
      /** A file from the owner's computer: no id, a `spotify:local:artist:album:title:seconds` URI. */
      type: 'local';
      name: string;
      artist: string;
      album: string;
      durationMs: number;
      addedAt: string;
      addedBy: string | null;
    }
  | { type: 'removed'; addedAt: string; addedBy: string | null };

type InputOf<T extends { type: string }> = T extends unknown ? Partial<Omit<T, 'type'>> & Pick<T, 'type'> : never;
/** What a test passes for an item: its type and whatever it cares about; the rest is filled in deterministically. */
export type EmulatorItemInput = InputOf<EmulatorItem>;

/** An edit of a playlist's items, applied in this order: remove positions, then insert. */
export interface EmulatorItemsEdit {
  /** Positions (0-based, in the list before the edit) to take out. */
  remove?: number[];
  insert?: { position: number; items: EmulatorItemInput[] };
}

export interface ClientRegistration {
  clientId?: string;
  name?: string;
  /** undefined or null: a PKCE client without secret. */
  secret?: string | null;
  redirectUris: string[];
  /** Default: true for PKCE clients, false for secret clients. */
  rotateRefreshTokens?: boolean;
  /**
   * Development-mode allow-list (addition). When set, Web API calls for any other user get
   * 403 `User not registered in the Developer Dashboard`.
   */
  allowedUsers?: string[];
}

export interface UserRegistration {
  id: string;
  displayName?: string | null;
  country?: string;
  email?: string;
  product?: 'premium' | 'free' | 'open';
  /** Whether the profile has images (default true). */
  images?: boolean;
}

export interface SeedOptions {
  privateEvery?: number;
  collaborativeEvery?: number;
  noImageEvery?: number;
  nullDescriptionEvery?: number;
  ownedByOthersEvery?: number;
}

export interface MintedTokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope: string;
  token_type: 'Bearer';
}

export type RefreshTokenState =
  | { status: 'unknown' | 'active' | 'revoked' }
  | { status: 'rotated'; to: string; at: number };

export interface EmulatorSwitches {
  unauthorizedText: 'legacy' | 'unified';
  trackCountField: 'tracks' | 'items';
  devModeProfile: boolean;
  nextLinkStyle: 'me' | 'users';
  /**
   * Addition (spotify-api.md §8, development mode since 2026): a playlist's items are readable only
   * by its owner and, for a collaborative playlist, by the users who have it in their library;
   * anyone else gets 403 (metadata stays readable). Default true.
   */
  devModePlaylistItems: boolean;
  /**
   * Addition: Web API replies of 1 KiB or more are gzip-compressed for a client that sends
   * `Accept-Encoding: gzip`, as api.spotify.com does (the PHP library this app follows asks for it
   * on every request). Default true.
   */
  gzip: boolean;
}

type FaultKind =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: 429; retryAfterSec: number; quotaExceeded?: boolean }
  | { kind: 'status'; status: 500 | 502 | 503 | 504 }
  | { kind: 'reset' }
  | { kind: 'stall-body' }
  | { kind: 'slow-body'; bytesPerSec: number }
  | { kind: 'malformed-json' }
  | { kind: 'premium-403' }
  /** Addition: any Web API JSON error, e.g. 403 `Forbidden` or `User not registered in the Developer Dashboard`. */
  | { kind: 'api-error'; status: number; message: string; reason?: string }
  /**
   * Addition: Spotify's rolling-window limit. At most `requests` matching requests are accepted in
   * any `windowMs`; the ones beyond get 429 with Retry-After in whole seconds until the oldest
   * accepted one leaves the window (refused requests do not count). Stays until clearFaults
   * (or `forMs`), like latency.
   */
  | { kind: 'rate-limit'; requests: number; windowMs: number };

export type Fault = FaultKind & {
  /** Prefix match on the pathname, e.g. '/v1/me/playlists' or '/api/token'. Absent: every request. */
  path?: string;
  /** The next N matching requests; default 1 (latency: every request until clearFaults). */
  times?: number;
  /** Every matching request for this long (emulator clock); exclusive with `times`. */
  forMs?: number;
};

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** 0 when the connection was reset before any status was sent. */
  status: number;
  tokenKind: 'none' | 'bearer' | 'basic';
  accessToken?: string;
  form?: Record<string, string>;
  /** if-none-match, content-type, user-agent, and authorization reduced to its scheme. */
  headers: Record<string, string>;
  /** Addition: response body bytes as sent (0 for a 304, a reset or HEAD). */
  bytes: number;
}

export interface PlayBrowserOptions {
  decision?: 'agree' | 'cancel';
  userId?: string;
  /** Addition: reuse a browser session (the `cookie` of an earlier result) to exercise remembered consent. */
  cookie?: string;
  /** Addition: grant only these of the requested scopes (the user unticks some). */
  grantScopes?: string[];
}

export interface PlayBrowserResult {
  status: number;
  location: string | null;
  body: string;
  /** Addition: the browser session cookie (`name=value`) to pass back as `cookie`. */
  cookie: string | null;
}

export interface Emulator {
  /** The base URL clients use: https when serving TLS, the public URL when one was given. */
  readonly url: string;
  /** Addition: the port the emulator itself listens on (127.0.0.1), behind any public URL. */
  readonly port: number;
  /** Addition: the CA certificate (PEM) to trust when the emulator made its own TLS certificate. */
  readonly ca: string | null;
  /** Addition: connections, TLS handshakes and protocols seen so far (monotonic counters). */
  connectionStats(): ConnectionStats;
  readonly accountsUrl: string;
  readonly apiUrl: string;
  close(): Promise<void>;
  registerClient(c: ClientRegistration): { clientId: string; clientSecret: string | null };
  registerUser(u: UserRegistration): void;
  seedPlaylists(userId: string, count: number, opts?: SeedOptions): void;
  setPlaylists(userId: string, playlists: Array<Partial<EmulatorPlaylist>>): void;
  /** Addition: the stored playlists of a user (owned and followed), in list order. */
  getPlaylists(userId: string): ReadonlyArray<EmulatorPlaylist>;
  /** Addition: a playlist's items (generated from its id and trackCount until set or edited). */
  getPlaylistItems(playlistId: string): ReadonlyArray<EmulatorItem>;
  /** Addition: replace a playlist's items; its snapshot_id and count change, as on Spotify. */
  setPlaylistItems(playlistId: string, items: EmulatorItemInput[]): { snapshotId: string; total: number };
  /** Addition: remove and/or insert items; a new snapshot_id. */
  editPlaylistItems(playlistId: string, edit: EmulatorItemsEdit): { snapshotId: string; total: number };
  mintTokens(m: { clientId: string; userId: string; scopes: string[] }): MintedTokens;
  expireAccessToken(accessToken: string): void;
  expireAllAccessTokens(): void;
  revokeRefreshToken(refreshToken: string): void;
  /** Addition: where a refresh token stands: unknown, active, revoked, or rotated away (to which token, when). */
  refreshTokenState(refreshToken: string): RefreshTokenState;
  /** Addition: every code, access token and refresh token issued so far. */
  issuedSecrets(): string[];
  setTokenLifetime(seconds: number): void;
  setRotation(clientId: string, rotate: boolean): void;
  setOptions(o: Partial<EmulatorSwitches>): void;
  /** Addition: move the emulator's clock forward (on top of the injected one), e.g. past the 6-month horizon. */
  advanceClock(ms: number): void;
  /** Addition: the emulator's current time (injected clock plus advanceClock offsets). */
  now(): number;
  fault(f: Fault): void;
  clearFaults(): void;
  /** Addition: the faults still queued (consumed ones are gone). */
  readonly faults: ReadonlyArray<Fault>;
  readonly requests: ReadonlyArray<RequestLogEntry>;
  clearRequests(): void;
  playBrowser(authorizeUrl: string, opts?: PlayBrowserOptions): Promise<PlayBrowserResult>;
}
