/**
 * Bearer authentication for the Web API. The 401 text depends on the `unauthorizedText` switch
 * (Spotify merged three messages into one in mid-2026); the WWW-Authenticate header is the
 * stable signal and is always sent.
 */
import type { EmulatorContext } from '../context.ts';
import { API_CACHE_HEADERS, apiError, type Reply } from '../http.ts';
import type { User } from '../state.ts';
import type { AccessToken } from '../tokens.ts';

export type Authed =
  | { ok: true; token: AccessToken; user: User; scopes: ReadonlySet<string> }
  | { ok: false; reply: Reply };

const LEGACY_TEXT = {
  missing: 'No token provided',
  invalid: 'Invalid access token',
  expired: 'The access token expired',
} as const;
export const UNIFIED_UNAUTHORIZED_TEXT = 'Missing/invalid/expired access token';

/** Granted scopes per token, as a Set, computed once per grant (hot path of every API request). */
const scopeSets = new WeakMap<object, ReadonlySet<string>>();

function unauthorized(ctx: EmulatorContext, why: keyof typeof LEGACY_TEXT): Reply {
  const message = ctx.world.switches.unauthorizedText === 'legacy' ? LEGACY_TEXT[why] : UNIFIED_UNAUTHORIZED_TEXT;
  return apiError(401, message, {
    ...API_CACHE_HEADERS,
    'www-authenticate': `Bearer realm="spotify", error="invalid_token", error_description="${message}"`,
  });
}

export function authenticate(ctx: EmulatorContext, header: string | undefined): Authed {
  if (header === undefined || header.trim() === '') return { ok: false, reply: unauthorized(ctx, 'missing') };
  const match = /^(\S+)(?:\s+(.*))?$/.exec(header.trim());
  if (match?.[1]?.toLowerCase() !== 'bearer') {
    return { ok: false, reply: apiError(400, 'Only valid bearer authentication supported', { ...API_CACHE_HEADERS }) };
  }
  const value = (match[2] ?? '').trim();
  if (value === '') return { ok: false, reply: unauthorized(ctx, 'missing') };
  const check = ctx.tokens.checkAccessToken(value);
  if (!check.ok) return { ok: false, reply: unauthorized(ctx, check.reason) };
  const user = ctx.world.users.get(check.token.grant.userId);
  if (!user) return { ok: false, reply: unauthorized(ctx, 'invalid') };
  const client = ctx.world.clients.get(check.token.grant.clientId);
  if (client?.allowedUsers && !client.allowedUsers.includes(user.id)) {
    return {
      ok: false,
      reply: apiError(403, 'User not registered in the Developer Dashboard', { ...API_CACHE_HEADERS }),
    };
  }
  let scopes = scopeSets.get(check.token.grant);
  if (!scopes) {
    scopes = new Set(check.token.grant.scopes);
    scopeSets.set(check.token.grant, scopes);
  }
  return { ok: true, token: check.token, user, scopes };
}

export function insufficientScope(): Reply {
  return apiError(403, 'Insufficient client scope', { ...API_CACHE_HEADERS });
}
