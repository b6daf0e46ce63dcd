/**
 * POST /api/token: authorization_code and refresh_token grants, each with PKCE (no client auth) or
 * a client secret (Basic or in the body). Every error answers with the exact error code and
 * description of spotify-api.md section 2, because the client decides by `error`, in the shape of
 * RFC 6749 §5.2 (oauth-reply.ts): status 400, or 401 with a challenge when client authentication
 * through the Authorization header failed.
 */
import { createHash } from 'node:crypto';
import type { EmulatorContext } from '../context.ts';
import type { Reply } from '../http.ts';
import type { Client } from '../state.ts';
import { CODE_LIFETIME_MS, type Grant, REFRESH_HORIZON_MS } from '../tokens.ts';
import { authScheme, oauthError, oauthJson } from './oauth-reply.ts';

export interface TokenRequest {
  authorization: string | undefined;
  mediaType: string;
  bodyLength: number;
  form: Record<string, string>;
  duplicate: string | null;
}

const FORM = 'application/x-www-form-urlencoded';
const VERIFIER_PATTERN = /^[A-Za-z0-9._~-]{43,128}$/;

type Basic = { clientId: string; secret: string } | 'malformed' | null;

function parseBasic(header: string | undefined): Basic {
  if (header === undefined) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]*)\s*$/i.exec(header);
  if (!match) return header.toLowerCase().startsWith('basic') ? 'malformed' : null;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return 'malformed';
  return { clientId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function success(ctx: EmulatorContext, grant: Grant, refreshToken: string | null): Reply {
  const { token, expiresIn } = ctx.tokens.issueAccessToken(grant);
  const body: Record<string, string | number> = {
    access_token: token,
    token_type: 'Bearer',
    expires_in: expiresIn,
    scope: grant.scopes.join(' '),
  };
  if (refreshToken !== null) body.refresh_token = refreshToken;
  return oauthJson(200, body);
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function handleToken(ctx: EmulatorContext, req: TokenRequest): Reply {
  if (req.mediaType !== FORM && !(req.mediaType === '' && req.bodyLength === 0)) {
    // RFC 6749 §3.2 and §4.1.3: the request body is application/x-www-form-urlencoded.
    return oauthError('invalid_request', 'Request body must be application/x-www-form-urlencoded');
  }
  const { form } = req;
  if (req.duplicate !== null) return oauthError('invalid_request', `Duplicate parameter: ${req.duplicate}`);
  const grantType = form.grant_type;
  if (grantType === undefined || grantType === '') {
    return oauthError('unsupported_grant_type', 'grant_type parameter is missing');
  }
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    return oauthError('unsupported_grant_type', `grant_type ${grantType.slice(0, 100)} is not supported`);
  }

  // Client identification: Basic wins; a body client_id must agree with it. Any other scheme in
  // the Authorization header is an attempt at client authentication that cannot succeed.
  const scheme = authScheme(req.authorization);
  const basic = parseBasic(req.authorization);
  const invalidClient = () => oauthError('invalid_client', 'Invalid client', scheme);
  if (basic === 'malformed' || (scheme !== null && basic === null)) return invalidClient();
  const clientId = basic?.clientId ?? form.client_id;
  if (clientId === undefined || clientId === '') return invalidClient();
  if (basic && form.client_id !== undefined && form.client_id !== basic.clientId) return invalidClient();
  const client = ctx.world.clients.get(clientId);
  if (!client) return invalidClient();
  const secret = basic?.secret ?? form.client_secret;
  const wrongSecret = () => oauthError('invalid_client', 'Invalid client secret', scheme);
  if (secret !== undefined && (client.secret === null || secret !== client.secret)) return wrongSecret();
  // A secret client must authenticate unless the grant came through PKCE (Spotify allows PKCE for any app).
  const needsSecret = (pkce: boolean) => client.secret !== null && !pkce && secret === undefined;

  return grantType === 'authorization_code'
    ? exchangeCode(ctx, client, form, needsSecret, wrongSecret)
    : refresh(ctx, client, form, needsSecret, wrongSecret);
}

function exchangeCode(
  ctx: EmulatorContext,
  client: Client,
  form: Record<string, string>,
  needsSecret: (pkce: boolean) => boolean,
  wrongSecret: () => Reply,
): Reply {
  if (form.code === undefined || form.code === '') {
    return oauthError('invalid_request', 'code must be supplied');
  }
  const code = ctx.tokens.findCode(form.code);
  const invalidCode = () => oauthError('invalid_grant', 'Invalid authorization code');
  if (!code || code.used || code.grant.clientId !== client.clientId) return invalidCode();
  if (needsSecret(code.codeChallenge !== null)) return wrongSecret();
  if (ctx.world.now() - code.createdAt > CODE_LIFETIME_MS) {
    return oauthError('invalid_grant', 'Authorization code expired');
  }
  if (form.redirect_uri !== code.redirectUri) return oauthError('invalid_grant', 'Invalid redirect URI');
  if (code.codeChallenge !== null) {
    const verifier = form.code_verifier;
    if (verifier === undefined || verifier === '') {
      return oauthError('invalid_request', 'code_verifier required');
    }
    if (!VERIFIER_PATTERN.test(verifier) || s256(verifier) !== code.codeChallenge) {
      return oauthError('invalid_grant', 'code_verifier was incorrect');
    }
  }
  // Single use: only a successful exchange consumes the code, so a client can fix a bad request.
  code.used = true;
  const grant = code.grant;
  return success(ctx, grant, ctx.tokens.issueRefreshToken(grant));
}

function refresh(
  ctx: EmulatorContext,
  client: Client,
  form: Record<string, string>,
  needsSecret: (pkce: boolean) => boolean,
  wrongSecret: () => Reply,
): Reply {
  if (form.refresh_token === undefined || form.refresh_token === '') {
    return oauthError('invalid_request', 'refresh_token must be supplied');
  }
  const stored = ctx.tokens.findRefreshToken(form.refresh_token);
  if (!stored || stored.grant.clientId !== client.clientId) {
    return oauthError('invalid_grant', 'Invalid refresh token');
  }
  if (needsSecret(stored.grant.pkce)) return wrongSecret();
  if (stored.status === 'revoked') return oauthError('invalid_grant', 'Refresh token revoked');
  // The horizon counts from the original authorization: refreshing never extends it.
  if (ctx.world.now() - stored.grant.authorizedAt >= REFRESH_HORIZON_MS) {
    return oauthError('invalid_grant', 'Refresh token expired');
  }
  let next: string | null = null;
  if (client.rotateRefreshTokens) next = ctx.tokens.rotateRefreshToken(stored);
  return success(ctx, stored.grant, next);
}
