import { z } from 'zod';

/**
 * The secrets of a signed-in session. Lives in main only: never sent to the
 * renderer, never logged. Times are epoch milliseconds of the local clock.
 */
export const TokenSetSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** Absolute: local receipt time + expires_in. */
  expiresAt: z.number().int().nonnegative(),
  /** What Spotify granted, which can be less than what was asked. */
  scopes: z.array(z.string()),
  obtainedAt: z.number().int().nonnegative(),
  /** When the user last approved in the browser; refresh tokens die 6 months after this. */
  firstAuthorizedAt: z.number().int().nonnegative(),
});
export type TokenSet = z.infer<typeof TokenSetSchema>;

/** Spotify refresh tokens expire 6 months after the original authorization; refreshing does not extend it. */
export const REFRESH_TOKEN_LIFETIME_MS = 182 * 24 * 60 * 60 * 1000;

export const reconnectBy = (tokens: Pick<TokenSet, 'firstAuthorizedAt'>): number =>
  tokens.firstAuthorizedAt + REFRESH_TOKEN_LIFETIME_MS;

/** Scopes Tunetray needs (spotify-api.md section 5). A missing playlist scope silently shortens the list. */
export const REQUIRED_SCOPES = ['user-read-private', 'playlist-read-private', 'playlist-read-collaborative'] as const;

/** What the token endpoint returned, before the vault turns it into a TokenSet. */
export interface TokenGrant {
  accessToken: string;
  /** null when Spotify omitted it: keep using the previous refresh token. */
  refreshToken: string | null;
  expiresInSec: number;
  scopes: string[];
}

/**
 * Exchanges a refresh token at Spotify's token endpoint (app/auth/token-endpoint.ts implements it).
 * Fails with AppError codes, decided by Spotify's `error` field and HTTP status, never by English text:
 *  - 'signed-out'          invalid_grant: the refresh token is revoked, rotated away or past its 6 months
 *  - 'invalid-client'      invalid_client: the Client ID (or secret) is wrong
 *  - 'rate-limited'        429, with retryAfterMs from Retry-After
 *  - 'spotify-unavailable' 5xx
 *  - 'network'             no connection, reset, timeout, unreadable body
 */
export type RefreshGrant = (refreshToken: string) => Promise<TokenGrant>;

/** Builds a TokenSet from a grant received at `receivedAt` (local clock), keeping the old refresh token if none came. */
export function tokenSetFromGrant(
  grant: TokenGrant,
  receivedAt: number,
  previous: Pick<TokenSet, 'refreshToken' | 'firstAuthorizedAt'> | null,
): TokenSet {
  const refreshToken = grant.refreshToken ?? previous?.refreshToken;
  if (!refreshToken) throw new Error('Spotify returned no refresh token for a new sign-in');
  return {
    accessToken: grant.accessToken,
    refreshToken,
    expiresAt: receivedAt + grant.expiresInSec * 1000,
    scopes: grant.scopes,
    obtainedAt: receivedAt,
    firstAuthorizedAt: previous?.firstAuthorizedAt ?? receivedAt,
  };
}
