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
  | { kind: 'api-error'; status: number; message: string; reason?: string };

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
  readonly url: string;
  readonly accountsUrl: string;
  readonly apiUrl: string;
  close(): Promise<void>;
  registerClient(c: ClientRegistration): { clientId: string; clientSecret: string | null };
  registerUser(u: UserRegistration): void;
  seedPlaylists(userId: string, count: number, opts?: SeedOptions): void;
  setPlaylists(userId: string, playlists: Array<Partial<EmulatorPlaylist>>): void;
  /** Addition: the stored playlists of a user (owned and followed), in list order. */
  getPlaylists(userId: string): ReadonlyArray<EmulatorPlaylist>;
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
