/**
 * The token endpoint client against the emulator: the success shapes, and every failure mapped
 * by Spotify's `error` code and the HTTP status, the way the refresh scheduler relies on.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTokenEndpoint, parseRetryAfter, type TokenEndpointOptions } from '../../app/auth/token-endpoint.ts';
import { AppError, type ErrorCode } from '../../app/result.ts';
import { REQUIRED_SCOPES, TokenSetSchema, tokenSetFromGrant } from '../../app/tokens/token-set.ts';
import { type Emulator, startEmulator } from '../spotify-emulator/index.ts';
import type { Fault } from '../spotify-emulator/types.ts';
import { createRawLogger, expectNoSecrets } from './helpers.ts';

let emu: Emulator;
let pkceClient: string;
/** Does not rotate, so a fault that hits after the server handled a refresh leaves the token valid. */
let steadyClient: string;
let secretClient: { clientId: string; clientSecret: string };

beforeAll(async () => {
  emu = await startEmulator();
  pkceClient = emu.registerClient({ redirectUris: ['http://127.0.0.1/callback'] }).clientId;
  steadyClient = emu.registerClient({
    redirectUris: ['http://127.0.0.1/callback'],
    rotateRefreshTokens: false,
  }).clientId;
  const registered = emu.registerClient({
    secret: 'the-real-secret-0123456789',
    redirectUris: ['http://127.0.0.1/callback'],
  });
  secretClient = { clientId: registered.clientId, clientSecret: registered.clientSecret ?? '' };
  emu.registerUser({ id: 'listener' });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => emu.clearRequests());
afterEach(() => emu.clearFaults());

function endpoint(extra: Partial<TokenEndpointOptions> = {}) {
  const logger = createRawLogger();
  return {
    logger,
    client: createTokenEndpoint({ accountsUrl: emu.accountsUrl, clientId: pkceClient, logger, ...extra }),
  };
}

const mint = (clientId = pkceClient) => emu.mintTokens({ clientId, userId: 'listener', scopes: [...REQUIRED_SCOPES] });

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('token endpoint: refresh', () => {
  it('refreshes a PKCE grant with client_id in the body and no Authorization header', async () => {
    const minted = mint();
    const { client, logger } = endpoint();
    const grant = await client.refresh(minted.refresh_token);
    expect(grant.accessToken).not.toBe(minted.access_token);
    expect(grant.expiresInSec).toBe(3600);
    expect(grant.scopes).toEqual([...REQUIRED_SCOPES]);
    // PKCE clients rotate: a new refresh token comes back and the old one stops working.
    expect(grant.refreshToken).not.toBeNull();
    expect(grant.refreshToken).not.toBe(minted.refresh_token);

    const [sent] = emu.requests;
    expect(sent?.form).toEqual({
      grant_type: 'refresh_token',
      refresh_token: minted.refresh_token,
      client_id: pkceClient,
    });
    expect(sent?.tokenKind).toBe('none');
    expect(sent?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expectNoSecrets(logger.lines, [minted.refresh_token, grant.accessToken, grant.refreshToken]);

    expect((await failure(client.refresh(minted.refresh_token))).code).toBe('signed-out');
  });

  it('returns null for an omitted refresh token (secret clients do not rotate)', async () => {
    const minted = mint(secretClient.clientId);
    const { client, logger } = endpoint(secretClient);
    const grant = await client.refresh(minted.refresh_token);
    expect(grant.refreshToken).toBeNull();
    const [sent] = emu.requests;
    expect(sent?.tokenKind).toBe('basic');
    expect(sent?.form).toEqual({ grant_type: 'refresh_token', refresh_token: minted.refresh_token });
    expectNoSecrets(logger.lines, [secretClient.clientSecret, minted.refresh_token, grant.accessToken]);
  });

  it('signs out only on invalid_grant: unknown and revoked refresh tokens', async () => {
    const { client } = endpoint();
    const unknown = await failure(client.refresh('no-such-refresh-token-000000'));
    expect(unknown.code).toBe('signed-out');
    expect(unknown.message).toBe('Your Spotify sign-in has expired or was revoked. Connect again to continue.');
    const minted = mint();
    emu.revokeRefreshToken(minted.refresh_token);
    expect((await failure(client.refresh(minted.refresh_token))).code).toBe('signed-out');
  });

  it('reports invalid-client for an unknown client and for a wrong secret', async () => {
    const minted = mint();
    const unknown = await failure(endpoint({ clientId: 'no-such-client' }).client.refresh(minted.refresh_token));
    expect(unknown.code).toBe('invalid-client');
    expect(unknown.message).toContain('Client ID');
    const wrongSecret = 'a-wrong-secret-0123456789';
    const { client, logger } = endpoint({ clientId: secretClient.clientId, clientSecret: wrongSecret });
    const error = await failure(client.refresh(mint(secretClient.clientId).refresh_token));
    expect(error.code).toBe('invalid-client');
    expectNoSecrets([error.message, ...logger.lines], [wrongSecret, minted.refresh_token]);
  });

  const faults: Array<{ name: string; fault: Fault; code: ErrorCode; retryAfterMs?: number }> = [
    { name: '429', fault: { kind: 'status', status: 429, retryAfterSec: 7 }, code: 'rate-limited', retryAfterMs: 7000 },
    { name: '500', fault: { kind: 'status', status: 500 }, code: 'spotify-unavailable' },
    { name: '503', fault: { kind: 'status', status: 503 }, code: 'spotify-unavailable' },
    { name: 'a reset', fault: { kind: 'reset' }, code: 'network' },
    { name: 'malformed JSON', fault: { kind: 'malformed-json' }, code: 'network' },
    { name: 'a stalled body', fault: { kind: 'stall-body' }, code: 'network' },
  ];
  it.each(faults)('maps $name to $code and keeps the refresh token usable', async ({ fault, code, retryAfterMs }) => {
    const minted = mint(steadyClient);
    const { client, logger } = endpoint({ clientId: steadyClient, timeoutMs: 500 });
    emu.fault({ ...fault, path: '/api/token', times: 1 });
    const started = Date.now();
    const error = await failure(client.refresh(minted.refresh_token));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.code).toBe(code);
    if (retryAfterMs !== undefined) expect(error.retryAfterMs).toBe(retryAfterMs);
    expect(error.message).toMatch(/^[A-Z][^{}<>]+\.$/);
    expectNoSecrets([error.message, ...logger.lines], [minted.refresh_token]);
    // Nothing was consumed: the same refresh token still works once the fault has passed.
    await expect(client.refresh(minted.refresh_token)).resolves.toMatchObject({ expiresInSec: 3600 });
  });

  it('reports network when nothing listens', async () => {
    const closed = await startEmulator();
    const accountsUrl = closed.accountsUrl;
    await closed.close();
    const error = await failure(endpoint({ accountsUrl }).client.refresh('whatever-refresh-token'));
    expect(error.code).toBe('network');
    expect(error.message).toBe('Tunetray could not reach Spotify. Check your internet connection and try again.');
  });
});

// Found by the Spotify-body fuzz (test/fuzz/spotify.property.ts): a reply whose tokens were fine
// was refused over a field Tunetray can do without, and Spotify had already rotated the refresh
// token, so the sign-in was lost; and an odd expires_in made a TokenSet the vault could not read back.
describe('token endpoint: odd success replies', () => {
  let server: Server;
  let reply: unknown;
  let accountsUrl: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(reply));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    accountsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const tokens = { access_token: 'new-access-token', refresh_token: 'rotated-refresh-token' };
  it.each([
    ['no expires_in', { ...tokens, token_type: 'Bearer', scope: 'user-read-private' }],
    ['a tiny expires_in', { ...tokens, token_type: 'Bearer', expires_in: 0.0004 }],
    ['a huge expires_in', { ...tokens, token_type: 'Bearer', expires_in: 1e308 }],
    ['expires_in as text', { ...tokens, token_type: 'Bearer', expires_in: '3600' }],
    ['scope as a list', { ...tokens, token_type: 'Bearer', expires_in: 3600, scope: ['user-read-private'] }],
    ['no token_type', { ...tokens, expires_in: 3600 }],
  ])('keeps the tokens of a reply with %s', async (_label, body) => {
    reply = body;
    const now = Date.UTC(2026, 10, 23);
    const grant = await endpoint({ accountsUrl }).client.refresh('old-refresh-token');
    expect(grant).toMatchObject({ accessToken: 'new-access-token', refreshToken: 'rotated-refresh-token' });
    expect(Number.isInteger(grant.expiresInSec)).toBe(true);
    expect(grant.expiresInSec).toBeGreaterThanOrEqual(1);
    expect(grant.expiresInSec).toBeLessThanOrEqual(86_400);
    const set = tokenSetFromGrant(grant, now, { refreshToken: 'old-refresh-token', firstAuthorizedAt: now });
    expect(TokenSetSchema.safeParse(JSON.parse(JSON.stringify(set))).success).toBe(true);
  });

  it.each([
    ['no access token', { refresh_token: 'r', token_type: 'Bearer', expires_in: 3600 }],
    ['an empty access token', { access_token: '', token_type: 'Bearer', expires_in: 3600 }],
    ['another token type', { access_token: 'a', token_type: 'mac', expires_in: 3600 }],
    ['not an object', ['access_token']],
  ])('refuses a reply with %s as unreadable, keeping the old tokens', async (_label, body) => {
    reply = body;
    const error = await failure(endpoint({ accountsUrl }).client.refresh('old-refresh-token'));
    expect(error.code).toBe('network');
    expect(error.message).toBe('Spotify sent a reply Tunetray could not read. Please try again.');
  });
});

describe('token endpoint: code exchange', () => {
  it('reports a refused code as sign-in-failed, without the code in the message or logs', async () => {
    const code = 'a-code-that-was-never-issued-123';
    const { client, logger } = endpoint();
    const error = await failure(
      client.exchangeCode({ code, redirectUri: 'http://127.0.0.1:5555/callback', codeVerifier: 'v'.repeat(64) }),
    );
    expect(error.code).toBe('sign-in-failed');
    expectNoSecrets([error.message, ...logger.lines], [code, 'v'.repeat(64)]);
    const [sent] = emu.requests;
    expect(sent?.form).toEqual({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://127.0.0.1:5555/callback',
      code_verifier: 'v'.repeat(64),
      client_id: pkceClient,
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(['5', '9'], now)).toBe(5000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    // Found by the Spotify-body fuzz: a wait of three million years is an odd header, not a plan.
    expect(parseRetryAfter('99999999999999', now)).toBe(24 * 3_600_000);
    expect(parseRetryAfter('Sat, 01 Jan 2500 00:00:00 GMT', now)).toBe(24 * 3_600_000);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
