/** spotify-api.md §7: the control surface over HTTP (/__emulator/) and the request log. */
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from './index.ts';
import { APP_SCOPES, apiGet, asPage, asRecord, asToken, get, post, type Res, tokenPost } from './test-helpers.ts';
import type { Emulator } from './types.ts';

let emu: Emulator;
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

beforeEach(async () => {
  emu = await startEmulator({ now: () => T0 });
});
afterEach(() => emu.close());

const control = (path: string, body?: unknown): Promise<Res> =>
  post(`${emu.url}/__emulator${path}`, body === undefined ? '' : JSON.stringify(body), {
    'content-type': 'application/json',
  });

async function setUp(): Promise<string> {
  expect(
    (await control('/clients', { clientId: 'c1', name: 'Curl app', redirectUris: ['http://127.0.0.1/cb'] })).json,
  ).toEqual({
    clientId: 'c1',
    clientSecret: null,
  });
  expect((await control('/users', { id: 'u1', displayName: 'U One' })).status).toBe(200);
  expect((await control('/playlists/seed', { userId: 'u1', count: 25 })).status).toBe(200);
  const minted = await control('/tokens', { clientId: 'c1', userId: 'u1', scopes: APP_SCOPES });
  expect(minted.status).toBe(200);
  return asToken(minted).access_token;
}

describe('HTTP control mirrors the JS API', () => {
  it('registers a client and user, seeds playlists, mints tokens', async () => {
    const token = await setUp();
    const page = await apiGet(emu, '/me/playlists', token);
    expect(asPage(page).total).toBe(25);
  });

  it('sets explicit playlists', async () => {
    const token = await setUp();
    await control('/playlists/set', { userId: 'u1', playlists: [{ name: 'A', images: null }, { name: 'B' }] });
    expect(asPage(await apiGet(emu, '/me/playlists', token)).items.map((p) => p.name)).toEqual(['A', 'B']);
  });

  it('expires one access token, or all of them', async () => {
    const token = await setUp();
    const other = asToken(await control('/tokens', { clientId: 'c1', userId: 'u1', scopes: [] })).access_token;
    await control('/expire-access-token', { accessToken: token });
    expect((await apiGet(emu, '/me', token)).status).toBe(401);
    expect((await apiGet(emu, '/me', other)).status).toBe(200);
    await control('/expire-all');
    expect((await apiGet(emu, '/me', other)).status).toBe(401);
  });

  it('revokes a refresh token', async () => {
    await setUp();
    const minted = asToken(await control('/tokens', { clientId: 'c1', userId: 'u1', scopes: [] }));
    await control('/revoke-refresh-token', { refreshToken: minted.refresh_token });
    const res = await tokenPost(emu, {
      grant_type: 'refresh_token',
      refresh_token: minted.refresh_token ?? '',
      client_id: 'c1',
    });
    expect(res.json).toEqual({ error: 'invalid_grant', error_description: 'Refresh token revoked' });
  });

  it('sets token lifetime and rotation', async () => {
    await setUp();
    await control('/token-lifetime', { seconds: 120 });
    await control('/rotation', { clientId: 'c1', rotate: false });
    const minted = asToken(await control('/tokens', { clientId: 'c1', userId: 'u1', scopes: [] }));
    expect(minted.expires_in).toBe(120);
    const res = await tokenPost(emu, {
      grant_type: 'refresh_token',
      refresh_token: minted.refresh_token ?? '',
      client_id: 'c1',
    });
    expect(asToken(res).refresh_token).toBeUndefined();
  });

  it('switches options (401 text, tracks/items)', async () => {
    const token = await setUp();
    await control('/options', { unauthorizedText: 'legacy', trackCountField: 'tracks' });
    expect((await apiGet(emu, '/me')).json).toEqual({ error: { status: 401, message: 'No token provided' } });
    expect(asPage(await apiGet(emu, '/me/playlists', token)).items[0]?.tracks).toBeDefined();
  });

  it('advances the clock', async () => {
    const token = await setUp();
    const res = await control('/clock/advance', { ms: 3600_000 });
    expect(asRecord(res).now).toBe(T0 + 3600_000);
    expect(emu.now()).toBe(T0 + 3600_000);
    expect((await apiGet(emu, '/me', token)).status).toBe(401);
  });

  it('queues faults (one or a list), lists and clears them', async () => {
    const token = await setUp();
    await control('/faults', [
      { kind: 'status', status: 429, retryAfterSec: 5, path: '/v1/me/playlists' },
      { kind: 'latency', ms: 1, path: '/v1/nothing' },
    ]);
    expect((await get(`${emu.url}/__emulator/faults`)).json).toHaveLength(2);
    expect((await apiGet(emu, '/me/playlists', token)).status).toBe(429);
    const cleared = await request(`${emu.url}/__emulator/faults`, { method: 'DELETE' });
    await cleared.body.dump();
    expect(emu.faults).toEqual([]);
  });

  it('refuses a bad fault batch without adding any of it', async () => {
    const res = await control('/faults', [{ kind: 'reset' }, { kind: 'status', status: 418 }]);
    expect(res.status).toBe(400);
    expect(emu.faults).toEqual([]);
  });

  it('reports bad input as 400 / 404 / 405 / 415 with a reason', async () => {
    expect((await control('/users', { id: 42 })).status).toBe(400);
    expect((await control('/tokens', { clientId: 'none', userId: 'none', scopes: [] })).json).toEqual({
      error: { status: 400, message: 'Unknown client none' },
    });
    expect(
      (await post(`${emu.url}/__emulator/users`, '{not json', { 'content-type': 'application/json' })).status,
    ).toBe(400);
    expect((await post(`${emu.url}/__emulator/users`, 'id=x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await control('/no-such-thing')).status).toBe(404);
    expect((await get(`${emu.url}/__emulator/users`)).status).toBe(405);
  });
});

describe('request log', () => {
  it('records method, path, query, status, token kind, access token, form and headers of interest', async () => {
    const token = await setUp();
    emu.clearRequests();
    await apiGet(emu, '/me/playlists?limit=5&offset=10', token, { 'if-none-match': '"abc"' });
    await tokenPost(emu, { grant_type: 'refresh_token', refresh_token: 'r1' }, { authorization: 'Basic YzE6eA==' });
    const [list, tok] = emu.requests;
    expect(list).toEqual({
      at: expect.any(Number),
      method: 'GET',
      path: '/v1/me/playlists',
      query: { limit: '5', offset: '10' },
      status: 200,
      tokenKind: 'bearer',
      accessToken: token,
      headers: expect.objectContaining({ 'if-none-match': '"abc"', authorization: 'Bearer' }),
      bytes: expect.any(Number),
    });
    expect(list?.bytes).toBeGreaterThan(100);
    expect(tok).toMatchObject({
      method: 'POST',
      path: '/api/token',
      status: 401,
      tokenKind: 'basic',
      form: { grant_type: 'refresh_token', refresh_token: 'r1' },
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic' },
    });
    expect(JSON.stringify(tok)).not.toContain('YzE6eA==');
  });

  it('is readable over HTTP, excludes control calls, and can be cleared', async () => {
    const token = await setUp();
    await apiGet(emu, '/me', token);
    const log = await get(`${emu.url}/__emulator/requests`);
    expect((log.json as Array<{ path: string }>).map((e) => e.path)).toEqual(['/v1/me']);
    await control('/clear-requests');
    expect(emu.requests).toEqual([]);
  });

  it('a snapshot does not change afterwards', async () => {
    const token = await setUp();
    const before = emu.requests;
    await apiGet(emu, '/me', token);
    expect(before).toHaveLength(0);
    expect(emu.requests).toHaveLength(1);
  });
});

describe('index page', () => {
  it('GET / describes the emulator for a person', async () => {
    await setUp();
    const res = await get(`${emu.url}/`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("Tunetray's Spotify emulator");
    expect(res.text).toContain('<code>c1</code>');
  });
});
