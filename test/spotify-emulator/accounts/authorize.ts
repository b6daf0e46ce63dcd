/**
 * GET /authorize and the consent form's POST. Problems with the client or the redirect URI are
 * shown as a Spotify error page (never redirected: the redirect target is not trusted yet);
 * the user's decision and PKCE parameter errors go back to the redirect URI.
 */
import type { EmulatorContext } from '../context.ts';
import { errorPage, type Reply } from '../http.ts';
import { isKnownScope, parseScopeParam } from '../scopes.ts';
import { consentPage } from './consent-page.ts';
import { checkRedirectUri } from './redirect-uri.ts';
import { type PendingAuthorization, SESSION_COOKIE } from './sessions.ts';

const CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Appends query parameters without re-encoding what the registered URI already contains. */
export function redirectTo(uri: string, params: Array<[string, string | null]>): Reply {
  const query = new URLSearchParams();
  for (const [k, v] of params) if (v !== null) query.append(k, v);
  const location = `${uri}${uri.includes('?') ? '&' : '?'}${query.toString()}`;
  return { status: 302, headers: { location, 'cache-control': 'no-store' }, body: null };
}

function sessionCookie(id: string): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`;
}

function issueCodeRedirect(ctx: EmulatorContext, p: PendingAuthorization, userId: string, scopes: string[]): Reply {
  const code = ctx.tokens.issueCode(
    { clientId: p.clientId, userId, scopes, authorizedAt: ctx.world.now(), pkce: p.codeChallenge !== null },
    p.redirectUri,
    p.codeChallenge,
  );
  return redirectTo(p.redirectUri, [
    ['code', code],
    ['state', p.state],
  ]);
}

export function handleAuthorize(ctx: EmulatorContext, query: URLSearchParams, sessionId: string | undefined): Reply {
  const { world } = ctx;
  const clientId = query.get('client_id');
  if (!clientId) return errorPage('Missing required parameter: client_id');
  const client = world.clients.get(clientId);
  if (!client) return errorPage('INVALID_CLIENT: Invalid client');
  const redirectUri = query.get('redirect_uri');
  if (!redirectUri) return errorPage('Missing required parameter: redirect_uri');
  const redirect = checkRedirectUri(redirectUri, client.redirectUris);
  if (!redirect.ok) return errorPage(redirect.message);
  if (query.get('response_type') !== 'code') return errorPage('response_type must be code');
  const scopes = parseScopeParam(query.get('scope'));
  if (!scopes.every(isKnownScope)) return errorPage('Illegal scope');
  const state = query.get('state');

  // RFC 7636 §4.4.1: PKCE request errors are returned to the client once its redirect URI is trusted.
  const method = query.get('code_challenge_method');
  const challenge = query.get('code_challenge');
  const fail = (description: string) =>
    redirectTo(redirectUri, [
      ['error', 'invalid_request'],
      ['error_description', description],
      ['state', state],
    ]);
  if (challenge !== null || method !== null) {
    if (method !== 'S256') return fail('code_challenge_method must be S256');
    if (challenge === null || !CHALLENGE_PATTERN.test(challenge)) return fail('Invalid code_challenge');
  } else if (client.secret === null) {
    return fail('code_challenge required');
  }
  if (world.users.size === 0) return errorPage('No user accounts exist in this emulator yet: register a user first.');

  const pending: PendingAuthorization = {
    clientId,
    redirectUri,
    scopes,
    state,
    codeChallenge: challenge,
    createdAt: world.now(),
  };
  const showDialog = query.get('show_dialog')?.toLowerCase() === 'true';
  const remembered = ctx.consent.rememberedUser(sessionId, clientId, scopes);
  if (!showDialog && remembered !== null && world.users.has(remembered)) {
    return issueCodeRedirect(ctx, pending, remembered, scopes);
  }
  return consentPage({
    ticket: ctx.consent.createTicket(pending),
    appName: client.name,
    scopes,
    users: [...world.users.values()],
    selectedUserId: ctx.consent.signedInUser(sessionId),
  });
}

export function handleConsent(
  ctx: EmulatorContext,
  form: Record<string, string>,
  sessionId: string | undefined,
): Reply {
  const decision = form.decision;
  if (decision !== 'agree' && decision !== 'cancel') return errorPage('Please choose Agree or Cancel.');
  const pending = ctx.consent.takeTicket(form.ticket ?? '', ctx.world.now());
  if (!pending) return errorPage('This sign-in page has expired. Please go back to the app and try again.');
  const client = ctx.world.clients.get(pending.clientId);
  if (!client) return errorPage('INVALID_CLIENT: Invalid client');
  if (decision === 'cancel') {
    return redirectTo(pending.redirectUri, [
      ['error', 'access_denied'],
      ['state', pending.state],
    ]);
  }
  const [onlyUser] = ctx.world.users.keys();
  const userId = form.user ?? (ctx.world.users.size === 1 ? onlyUser : undefined);
  if (userId === undefined || !ctx.world.users.has(userId)) return errorPage('Please choose an account.');
  // Test hook: the user may grant fewer scopes than asked (Spotify's response then lists only those).
  const granted =
    form.granted_scope === undefined
      ? pending.scopes
      : pending.scopes.filter((s) => parseScopeParam(form.granted_scope ?? '').includes(s));
  const session = sessionId !== undefined && ctx.consent.session(sessionId) ? sessionId : ctx.consent.newSession();
  ctx.consent.recordApproval(session, pending.clientId, userId, granted);
  const reply = issueCodeRedirect(ctx, pending, userId, granted);
  reply.headers['set-cookie'] = sessionCookie(session);
  return reply;
}
