/** spotify-api.md §2: POST /api/token, every grant variant and every error row. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REFRESH_HORIZON_MS, startEmulator } from './index.ts';
import {
  APP_SCOPES,
  asToken,
  authorizeUrl,
  basic,
  get,
  param,
  pkceLogin,
  pkcePair,
  post,
  type Res,
  tokenPost,
} from './test-helpers.ts';
import type { Emulator } from './types.ts';

const PKCE_CLIENT = 'pkce-client';
const SECRET_CLIENT = 'secret-client';
const SECRET = 's3cret';
const REDIRECT = 'http://127.0.0.1:5000/callback';
const DAY = 24 * 60 * 60_000;

let emu: Emulator;
let clock: number;

beforeEach(async () => {
  clock = Date.UTC(2026, 10, 23, 9, 0, 0);
  emu = await startEmulator({ now: () => clock });
  emu.registerClient({ clientId: PKCE_CLIENT, name: 'PKCE app', redirectUris: ['http://127.0.0.1/callback'] });
  emu.registerClient({ clientId: SECRET_CLIENT, name: 'Seeds', secret: SECRET, redirectUris: [REDIRECT] });
  emu.registerUser({ id: 'listener' });
});
afterEach(() => emu.close());

function expectError(res: Res, status: number, error: string, description?: string): void {
  expect({ status: res.status, body: res.json }).toEqual({
    status,
    body:
      description === undefined
        ? { error, error_description: expect.any(String) }
        : { error, error_description: description },
  });
}

/** A PKCE code (not yet exchanged) plus what is needed to exchange it. */
async function pkceCode(redirectUri = REDIRECT, scopes = APP_SCOPES) {
  const { verifier, challenge } = pkcePair();
  const b = await emu.playBrowser(
    authorizeUrl(emu, {
      client_id: PKCE_CLIENT,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: scopes.join(' '),
      code_challenge_method: 'S256',
      code_challenge: challenge,
    }),
  );
  const code = param(b.location, 'code') ?? '';
  const form = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    client_id: PKCE_CLIENT,
    code_verifier: verifier,
  };
  return { code, verifier, form };
}

async function secretCode() {
  const b = await emu.playBrowser(
    authorizeUrl(emu, {
      client_id: SECRET_CLIENT,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'user-read-private',
    }),
  );
  return param(b.location, 'code') ?? '';
}

describe('grants', () => {
  it('authorization_code with PKCE: 200 with access_token, Bearer, scope, expires_in 3600, refresh_token', async () => {
    const { form } = await pkceCode();
    const res = await tokenPost(emu, form);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json).toEqual({
      access_token: expect.stringMatching(/^\S{40,}$/),
      token_type: 'Bearer',
      scope: APP_SCOPES.join(' '),
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^\S{40,}$/),
    });
  });

  it('authorization_code with secret via Basic auth', async () => {
    const code = await secretCode();
    const res = await tokenPost(
      emu,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      basic(SECRET_CLIENT, SECRET),
    );
    expect(res.status).toBe(200);
    expect(asToken(res).refresh_token).toBeTypeOf('string');
    expect(asToken(res).scope).toBe('user-read-private');
  });

  it('authorization_code with the secret in the body', async () => {
    const code = await secretCode();
    const res = await tokenPost(emu, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: SECRET_CLIENT,
      client_secret: SECRET,
    });
    expect(res.status).toBe(200);
  });

  it('refresh_token with PKCE rotates by default: new refresh token, the old one is revoked', async () => {
    const first = asToken(await pkceLogin(emu, { clientId: PKCE_CLIENT, redirectUri: REDIRECT }));
    const res = await tokenPost(emu, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token ?? '',
      client_id: PKCE_CLIENT,
    });
    expect(res.status).toBe(200);
    const next = asToken(res);
    expect(next.refresh_token).toBeTypeOf('string');
    expect(next.refresh_token).not.toBe(first.refresh_token);
    expect(next.access_token).not.toBe(first.access_token);
    expect(next.scope).toBe(APP_SCOPES.join(' '));
    const old = await tokenPost(emu, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token ?? '',
      client_id: PKCE_CLIENT,
    });
    expectError(old, 400, 'invalid_grant', 'Refresh token revoked');
  });

  it('knows where each refresh token stands, and every secret it issued (for the crash test)', async () => {
    const first = asToken(await pkceLogin(emu, { clientId: PKCE_CLIENT, redirectUri: REDIRECT }));
    const old = first.refresh_token ?? '';
    expect(emu.refreshTokenState(old)).toEqual({ status: 'active' });
    const next = asToken(
      await tokenPost(emu, { grant_type: 'refresh_token', refresh_token: old, client_id: PKCE_CLIENT }),
    );
    const rotated = next.refresh_token ?? '';
    expect(emu.refreshTokenState(old)).toEqual({ status: 'rotated', to: rotated, at: emu.now() });
    expect(emu.refreshTokenState(rotated)).toEqual({ status: 'active' });
    emu.revokeRefreshToken(rotated);
    expect(emu.refreshTokenState(rotated)).toEqual({ status: 'revoked' });
    expect(emu.refreshTokenState('never-issued')).toEqual({ status: 'unknown' });
    expect(emu.issuedSecrets()).toEqual(expect.arrayContaining([old, rotated, first.access_token, next.access_token]));
  });

  it('refresh_token with secret (Basic) omits refresh_token by default; the old one keeps working', async () => {
    const code = await secretCode();
    const login = asToken(
      await tokenPost(
        emu,
        { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
        basic(SECRET_CLIENT, SECRET),
      ),
    );
    for (let i = 0; i < 2; i++) {
      const res = await tokenPost(
        emu,
        { grant_type: 'refresh_token', refresh_token: login.refresh_token ?? '' },
        basic(SECRET_CLIENT, SECRET),
      );
      expect(res.status).toBe(200);
      expect(asToken(res).refresh_token).toBeUndefined();
    }
  });

  it('the rotation switch turns rotation off for a PKCE client and on for a secret client', async () => {
    emu.setRotation(PKCE_CLIENT, false);
    const first = asToken(await pkceLogin(emu, { clientId: PKCE_CLIENT, redirectUri: REDIRECT }));
    const res = await tokenPost(emu, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token ?? '',
      client_id: PKCE_CLIENT,
    });
    expect(asToken(res).refresh_token).toBeUndefined();

    emu.setRotation(SECRET_CLIENT, true);
    const code = await secretCode();
    const login = asToken(
      await tokenPost(
        emu,
        { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
        basic(SECRET_CLIENT, SECRET),
      ),
    );
    const r2 = await tokenPost(
      emu,
      { grant_type: 'refresh_token', refresh_token: login.refresh_token ?? '' },
      basic(SECRET_CLIENT, SECRET),
    );
    expect(asToken(r2).refresh_token).toBeTypeOf('string');
  });

  it('scope in the response is what was granted, which can be less than asked', async () => {
    const { verifier, challenge } = pkcePair();
    const b = await emu.playBrowser(
      authorizeUrl(emu, {
        client_id: PKCE_CLIENT,
        response_type: 'code',
        redirect_uri: REDIRECT,
        scope: APP_SCOPES.join(' '),
        code_challenge_method: 'S256',
        code_challenge: challenge,
      }),
      { grantScopes: ['user-read-private'] },
    );
    const res = await tokenPost(emu, {
      grant_type: 'authorization_code',
      code: param(b.location, 'code') ?? '',
      redirect_uri: REDIRECT,
      client_id: PKCE_CLIENT,
      code_verifier: verifier,
    });
    expect(asToken(res).scope).toBe('user-read-private');
  });

  it('setTokenLifetime changes expires_in of new tokens', async () => {
    emu.setTokenLifetime(60);
    const res = await pkceLogin(emu, { clientId: PKCE_CLIENT, redirectUri: REDIRECT });
    expect(asToken(res).expires_in).toBe(60);
  });
});

describe('code errors', () => {
  it('unknown code: invalid_grant / Invalid authorization code', async () => {
    const { form } = await pkceCode();
    expectError(
      await tokenPost(emu, { ...form, code: 'AQnotacode' }),
      400,
      'invalid_grant',
      'Invalid authorization code',
    );
  });

  it('reused code: invalid_grant / Invalid authorization code', async () => {
    const { form } = await pkceCode();
    expect((await tokenPost(emu, form)).status).toBe(200);
    expectError(await tokenPost(emu, form), 400, 'invalid_grant', 'Invalid authorization code');
  });

  it('code of another client: invalid_grant / Invalid authorization code', async () => {
    const code = await secretCode();
    const { form } = await pkceCode();
    expectError(await tokenPost(emu, { ...form, code }), 400, 'invalid_grant', 'Invalid authorization code');
  });

  it('code older than 10 minutes: invalid_grant / Authorization code expired (9:59 still works)', async () => {
    const a = await pkceCode();
    const b = await pkceCode();
    clock += 9 * 60_000 + 59_000;
    expect((await tokenPost(emu, a.form)).status).toBe(200);
    clock += 2_000;
    expectError(await tokenPost(emu, b.form), 400, 'invalid_grant', 'Authorization code expired');
  });

  it('redirect_uri differs from authorize (port included): invalid_grant / Invalid redirect URI', async () => {
    const { form } = await pkceCode('http://127.0.0.1:5000/callback');
    expectError(
      await tokenPost(emu, { ...form, redirect_uri: 'http://127.0.0.1:5001/callback' }),
      400,
      'invalid_grant',
      'Invalid redirect URI',
    );
    const { redirect_uri: _omit, ...withoutRedirect } = form;
    expectError(await tokenPost(emu, withoutRedirect), 400, 'invalid_grant', 'Invalid redirect URI');
  });

  it('wrong PKCE verifier: invalid_grant / code_verifier was incorrect', async () => {
    const { form } = await pkceCode();
    expectError(
      await tokenPost(emu, { ...form, code_verifier: pkcePair().verifier }),
      400,
      'invalid_grant',
      'code_verifier was incorrect',
    );
  });

  it('PKCE code without verifier: invalid_request / code_verifier required', async () => {
    const { form } = await pkceCode();
    const { code_verifier: _omit, ...rest } = form;
    expectError(await tokenPost(emu, rest), 400, 'invalid_request', 'code_verifier required');
  });
});

describe('refresh errors', () => {
  it('unknown refresh token: invalid_grant / Invalid refresh token', async () => {
    const res = await tokenPost(emu, { grant_type: 'refresh_token', refresh_token: 'AQnope', client_id: PKCE_CLIENT });
    expectError(res, 400, 'invalid_grant', 'Invalid refresh token');
  });

  it('revoked refresh token: invalid_grant / Refresh token revoked', async () => {
    const t = emu.mintTokens({ clientId: PKCE_CLIENT, userId: 'listener', scopes: APP_SCOPES });
    emu.revokeRefreshToken(t.refresh_token);
    const res = await tokenPost(emu, {
      grant_type: 'refresh_token',
      refresh_token: t.refresh_token,
      client_id: PKCE_CLIENT,
    });
    expectError(res, 400, 'invalid_grant', 'Refresh token revoked');
  });

  it('6 months after the original authorization: invalid_grant, even though refreshed since', async () => {
    let rt = emu.mintTokens({ clientId: PKCE_CLIENT, userId: 'listener', scopes: APP_SCOPES }).refresh_token;
    for (let month = 0; month < 5; month++) {
      clock += 30 * DAY;
      const res = await tokenPost(emu, { grant_type: 'refresh_token', refresh_token: rt, client_id: PKCE_CLIENT });
      expect(res.status).toBe(200);
      rt = asToken(res).refresh_token ?? rt;
    }
    clock = Date.UTC(2026, 10, 23, 9, 0, 0) + REFRESH_HORIZON_MS;
    const res = await tokenPost(emu, { grant_type: 'refresh_token', refresh_token: rt, client_id: PKCE_CLIENT });
    expectError(res, 400, 'invalid_grant');
  });
});

describe('client and request errors', () => {
  it('unknown client (no Basic): 400 invalid_client / Invalid client', async () => {
    const { form } = await pkceCode();
    expectError(await tokenPost(emu, { ...form, client_id: 'nobody' }), 400, 'invalid_client', 'Invalid client');
  });

  it('unknown client with Basic auth: 401 invalid_client / Invalid client', async () => {
    const res = await tokenPost(emu, { grant_type: 'refresh_token', refresh_token: 'x' }, basic('nobody', 'x'));
    expectError(res, 401, 'invalid_client', 'Invalid client');
  });

  it('wrong secret with Basic auth: 401 invalid_client / Invalid client secret', async () => {
    const code = await secretCode();
    const res = await tokenPost(
      emu,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      basic(SECRET_CLIENT, 'wrong'),
    );
    expectError(res, 401, 'invalid_client', 'Invalid client secret');
  });

  it('wrong secret in the body: 400 invalid_client / Invalid client secret', async () => {
    const code = await secretCode();
    const res = await tokenPost(emu, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: SECRET_CLIENT,
      client_secret: 'wrong',
    });
    expectError(res, 400, 'invalid_client', 'Invalid client secret');
  });

  it('secret client without any secret on a non-PKCE code: invalid_client / Invalid client secret', async () => {
    const code = await secretCode();
    const res = await tokenPost(emu, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: SECRET_CLIENT,
    });
    expectError(res, 400, 'invalid_client', 'Invalid client secret');
  });

  it('missing grant_type: unsupported_grant_type / grant_type parameter is missing', async () => {
    expectError(
      await tokenPost(emu, { client_id: PKCE_CLIENT }),
      400,
      'unsupported_grant_type',
      'grant_type parameter is missing',
    );
  });

  it('other grant: unsupported_grant_type / grant_type ... is not supported', async () => {
    const res = await tokenPost(emu, { grant_type: 'client_credentials' }, basic(SECRET_CLIENT, SECRET));
    expectError(res, 400, 'unsupported_grant_type', 'grant_type client_credentials is not supported');
  });

  it('JSON body: 400 invalid_request', async () => {
    const { form } = await pkceCode();
    const res = await post(`${emu.accountsUrl}/api/token`, JSON.stringify(form), {
      'content-type': 'application/json',
    });
    expectError(res, 400, 'invalid_request', 'Request body must be application/x-www-form-urlencoded');
  });
});

/**
 * RFC 6749 §5.2 to the letter, for every error the endpoint can give: status 400, or 401 with a
 * WWW-Authenticate header naming the scheme the client used when client authentication through the
 * Authorization header failed; the JSON media type with the RFC's exact Content-Type; no caching;
 * an `error` from the RFC's list; a description within the RFC's character set.
 */
describe('RFC 6749 §5.2 error responses', () => {
  const RFC_ERRORS = [
    'invalid_request',
    'invalid_client',
    'invalid_grant',
    'unauthorized_client',
    'unsupported_grant_type',
    'invalid_scope',
  ];
  const tokenUrl = () => `${emu.accountsUrl}/api/token`;
  const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };

  function expectRfcError(res: Res, challenge: string | null): void {
    expect(res.status).toBe(challenge ? 401 : 400);
    expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.pragma).toBe('no-cache');
    expect(res.headers['www-authenticate']).toBe(challenge ?? undefined);
    const body = res.json as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['error', 'error_description']);
    expect(RFC_ERRORS).toContain(body.error);
    expect(body.error_description).toMatch(/^[\x20-\x21\x23-\x5B\x5D-\x7E]*$/);
  }

  it('every request error, without client authentication in a header: 400', async () => {
    const { form } = await pkceCode();
    const cases: Array<Promise<Res>> = [
      post(tokenUrl(), JSON.stringify(form), { 'content-type': 'application/json' }),
      post(tokenUrl(), 'grant_type=refresh_token&grant_type=x', FORM_TYPE),
      tokenPost(emu, { client_id: PKCE_CLIENT }),
      tokenPost(emu, { grant_type: 'password', client_id: PKCE_CLIENT }),
      tokenPost(emu, { grant_type: 'refresh_token', refresh_token: 'x' }),
      tokenPost(emu, { grant_type: 'refresh_token', refresh_token: 'x', client_id: 'nobody' }),
      tokenPost(emu, { grant_type: 'refresh_token', refresh_token: 'x', client_id: PKCE_CLIENT }),
      tokenPost(emu, { grant_type: 'refresh_token', client_id: PKCE_CLIENT }),
      tokenPost(emu, { grant_type: 'authorization_code', client_id: PKCE_CLIENT }),
      tokenPost(emu, { ...form, code_verifier: '' }),
      tokenPost(emu, { ...form, code_verifier: 'x'.repeat(43) }),
      tokenPost(emu, { ...form, redirect_uri: 'http://127.0.0.1:1/other' }),
      tokenPost(emu, { grant_type: 'authorization_code', code: 'x', client_id: SECRET_CLIENT, client_secret: 'no' }),
      get(tokenUrl()),
      post(tokenUrl(), `grant_type=refresh_token&x=${'a'.repeat(70_000)}`, FORM_TYPE),
    ];
    for (const res of await Promise.all(cases)) expectRfcError(res, null);
  });

  it('a description echoing the request stays within the RFC character set', async () => {
    const res = await tokenPost(emu, { grant_type: 'ünïcode "quoted" \\ back', client_id: PKCE_CLIENT });
    expectRfcError(res, null);
    expect((res.json as { error_description: string }).error_description).toBe(
      'grant_type ?n?code ?quoted? ? back is not supported',
    );
  });

  it('failed client authentication through the Authorization header: 401 naming the scheme used', async () => {
    const refresh = { grant_type: 'refresh_token', refresh_token: 'x' };
    expectRfcError(await tokenPost(emu, refresh, basic('nobody', 'x')), 'Basic realm="Spotify Accounts"');
    expectRfcError(await tokenPost(emu, refresh, basic(SECRET_CLIENT, 'wrong')), 'Basic realm="Spotify Accounts"');
    expectRfcError(await tokenPost(emu, refresh, { authorization: 'Basic %%%' }), 'Basic realm="Spotify Accounts"');
    expectRfcError(
      await tokenPost(emu, { ...refresh, client_id: PKCE_CLIENT }, { authorization: 'Bearer abc' }),
      'Bearer realm="Spotify Accounts"',
    );
  });

  it('success carries the same media type and no caching (§5.1)', async () => {
    const { form } = await pkceCode();
    const res = await tokenPost(emu, form);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.pragma).toBe('no-cache');
  });
});
