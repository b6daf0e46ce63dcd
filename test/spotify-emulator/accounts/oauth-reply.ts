/**
 * The token endpoint's replies, to the letter of RFC 6749: §5.1 (success) and §5.2 (errors).
 *  - Every error is status 400, except a failed client authentication that the client attempted
 *    through the Authorization header: 401 with a WWW-Authenticate header naming the scheme the
 *    client used (§5.2, invalid_client).
 *  - `error` is one of §5.2's six codes.
 *  - `error_description` holds only %x20-21 / %x23-5B / %x5D-7E (printable ASCII without `"` and
 *    `\`); anything else taken from the request is replaced with `?`.
 *  - Content-Type `application/json;charset=UTF-8`, Cache-Control `no-store`, Pragma `no-cache`,
 *    on errors and on success alike (§5.1 requires the cache headers on any reply with tokens).
 */
import type { Reply } from '../http.ts';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope';

export const OAUTH_HEADERS = {
  'content-type': 'application/json;charset=UTF-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
} as const;

/** An RFC 7235 auth-scheme token, as the client wrote it (e.g. "Basic", "Bearer"). */
const SCHEME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The realm named in a 401's challenge. */
export const ACCOUNTS_REALM = 'Spotify Accounts';

export const rfcDescription = (text: string): string => text.replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, '?');

export function oauthJson(status: number, value: Record<string, string | number>): Reply {
  return { status, headers: { ...OAUTH_HEADERS }, body: JSON.stringify(value) };
}

/**
 * An error reply. `authenticatedWith` is the scheme of the request's Authorization header, when the
 * client sent one: an invalid_client then becomes the 401 with its challenge.
 */
export function oauthError(error: OAuthErrorCode, description: string, authenticatedWith?: string | null): Reply {
  const challenge = error === 'invalid_client' && authenticatedWith ? authenticatedWith : null;
  const reply = oauthJson(challenge ? 401 : 400, { error, error_description: rfcDescription(description) });
  if (challenge) {
    const scheme = SCHEME.test(challenge) ? challenge : 'Basic';
    reply.headers['www-authenticate'] = `${scheme} realm="${ACCOUNTS_REALM}"`;
  }
  return reply;
}

/** The auth-scheme of an Authorization header ("Basic abc" -> "Basic"), or null without one. */
export function authScheme(header: string | undefined): string | null {
  if (header === undefined) return null;
  return header.trim().split(/\s+/)[0] ?? '';
}
