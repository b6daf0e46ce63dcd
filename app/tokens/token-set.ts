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
