/** spotify-api.md §3 and §4: bearer auth, 401/403 texts, conditional requests, GET /v1/me. */
import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from './index.ts';
import { APP_SCOPES, apiGet, asRecord, getPng } from './test-helpers.ts';
import type { Emulator } from './types.ts';
import { acceptsGzip } from './writer.ts';

let emu: Emulator;
let clock: number;
const CLIENT = 'api-client';

beforeEach(async () => {
  clock = Date.UTC(2026, 10, 23, 9, 0, 0);
  emu = await startEmulator({ now: () => clock });
  emu.registerClient({ clientId: CLIENT, name: 'API app', redirectUris: ['http://127.0.0.1/callback'] });
  emu.registerUser({
    id: 'listener',
    displayName: 'Listener',
    country: 'SE',
    email: 'listener@example.com',
    product: 'premium',
  });
  emu.seedPlaylists('listener', 30);
});
afterEach(() => emu.close());

const token = (scopes: string[] = APP_SCOPES) =>
  emu.mintTokens({ clientId: CLIENT, userId: 'listener', scopes }).access_token;

describe('401', () => {
  const UNIFIED = 'Missing/invalid/expired access token';
  const wwwAuth = (m: string) => `Bearer realm="spotify", error="invalid_token", error_description="${m}"`;

  it('no token (unified text, default) with WWW-Authenticate', async () => {
    const res = await apiGet(emu, '/me');
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: { status: 401, message: UNIFIED } });
    expect(res.headers['www-authenticate']).toBe(wwwAuth(UNIFIED));
  });

  it('invalid token (unified text)', async () => {
    const res = await apiGet(emu, '/me/playlists', 'BQnotatoken');
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: { status: 401, message: UNIFIED } });
    expect(res.headers['www-authenticate']).toBe(wwwAuth(UNIFIED));
  });

  it('legacy texts: No token provided / Invalid access token / The access token expired', async () => {
    emu.setOptions({ unauthorizedText: 'legacy' });
    const t = token();
    emu.expireAccessToken(t);
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'No token provided'],
      ['BQnotatoken', 'Invalid access token'],
      [t, 'The access token expired'],
    ];
    for (const [tok, message] of cases) {
      const res = await apiGet(emu, '/me', tok);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: { status: 401, message } });
      expect(res.headers['www-authenticate']).toBe(wwwAuth(message));
    }
  });

  it('an access token expires after its lifetime on the emulator clock', async () => {
    const t = token();
    clock += 3599_000;
    expect((await apiGet(emu, '/me', t)).status).toBe(200);
    clock += 1_000;
    expect((await apiGet(emu, '/me', t)).status).toBe(401);
  });

  it('expireAccessToken expires one token; expireAllAccessTokens expires every token', async () => {
    const a = token();
    const b = token();
    emu.expireAccessToken(a);
    expect((await apiGet(emu, '/me', a)).status).toBe(401);
    expect((await apiGet(emu, '/me', b)).status).toBe(200);
    emu.expireAllAccessTokens();
    expect((await apiGet(emu, '/me', b)).status).toBe(401);
  });

  it('a non-Bearer scheme is refused with 400', async () => {
    const res = await apiGet(emu, '/me', undefined, { authorization: 'Basic Zm9vOmJhcg==' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: { status: 400, message: 'Only valid bearer authentication supported' } });
  });
});

describe('403', () => {
  it('Insufficient client scope on an endpoint that needs a scope', async () => {
    const res = await apiGet(emu, '/me/tracks', token());
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ error: { status: 403, message: 'Insufficient client scope' } });
    expect((await apiGet(emu, '/me/tracks', token(['user-library-read']))).status).toBe(200);
  });

  it('User not registered in the Developer Dashboard (development-mode allow-list)', async () => {
    emu.registerClient({ clientId: 'dev', redirectUris: [], allowedUsers: ['friend'] });
    const t = emu.mintTokens({ clientId: 'dev', userId: 'listener', scopes: [] }).access_token;
    const res = await apiGet(emu, '/me', t);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ error: { status: 403, message: 'User not registered in the Developer Dashboard' } });
  });
});

describe('general', () => {
  it('unknown endpoint: 404 Service not found', async () => {
    const res = await apiGet(emu, '/me/nothing-here', token());
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { status: 404, message: 'Service not found' } });
  });

  it('responses carry Cache-Control: private, max-age=0 and an ETag', async () => {
    const res = await apiGet(emu, '/me', token());
    expect(res.headers['cache-control']).toBe('private, max-age=0');
    expect(res.headers.etag).toMatch(/^"[^"]+"$/);
    expect(res.headers['last-modified']).toBeUndefined();
  });

  it('If-None-Match with the current ETag: 304 without a body', async () => {
    const t = token();
    const first = await apiGet(emu, '/me', t);
    const again = await apiGet(emu, '/me', t, { 'if-none-match': first.headers.etag ?? '' });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['cache-control']).toBe('private, max-age=0');
    const stale = await apiGet(emu, '/me', t, { 'if-none-match': '"something-else"' });
    expect(stale.status).toBe(200);
  });
});

describe('GET /v1/me', () => {
  const base = (url: string) => ({
    display_name: 'Listener',
    external_urls: { spotify: 'https://open.spotify.com/user/listener' },
    href: `${url}/v1/users/listener`,
    id: 'listener',
    images: [
      { url: expect.stringMatching(new RegExp(`^${url}/image/300/`)), height: 300, width: 300 },
      { url: expect.stringMatching(new RegExp(`^${url}/image/64/`)), height: 64, width: 64 },
    ],
    type: 'user',
    uri: 'spotify:user:listener',
    account_id: expect.stringMatching(/^[0-9a-f]{32}$/),
  });

  it('without scopes: public fields and followers only', async () => {
    const res = await apiGet(emu, '/me', token([]));
    expect(res.json).toEqual({ ...base(emu.url), followers: { href: null, total: expect.any(Number) } });
  });

  it('with user-read-private: country, product, explicit_content', async () => {
    const res = await apiGet(emu, '/me', token(['user-read-private']));
    expect(res.json).toEqual({
      ...base(emu.url),
      followers: { href: null, total: expect.any(Number) },
      country: 'SE',
      product: 'premium',
      explicit_content: { filter_enabled: false, filter_locked: false },
    });
  });

  it('with user-read-email: email', async () => {
    const res = await apiGet(emu, '/me', token(['user-read-email']));
    expect(asRecord(res).email).toBe('listener@example.com');
    expect(asRecord(res).country).toBeUndefined();
  });

  it('development-mode switch: no country, email, explicit_content, followers, product even with scopes', async () => {
    emu.setOptions({ devModeProfile: true });
    const res = await apiGet(emu, '/me', token(['user-read-private', 'user-read-email']));
    expect(res.json).toEqual(base(emu.url));
  });

  it('display_name may be null and images empty', async () => {
    emu.registerUser({ id: 'bare', displayName: null, images: false });
    const t = emu.mintTokens({ clientId: CLIENT, userId: 'bare', scopes: [] }).access_token;
    const res = await apiGet(emu, '/me', t);
    expect(asRecord(res).display_name).toBeNull();
    expect(asRecord(res).images).toEqual([]);
  });

  it('profile images are served by the emulator as deterministic PNGs', async () => {
    const res = await apiGet(emu, '/me', token());
    const images = asRecord(res).images as Array<{ url: string; width: number }>;
    const first = await getPng(images[0]?.url ?? '');
    const again = await getPng(images[0]?.url ?? '');
    expect(first.status).toBe(200);
    expect(first.contentType).toBe('image/png');
    expect(first.size).toEqual({ width: 300, height: 300 });
    expect(again.body.equals(first.body)).toBe(true);
    expect((await getPng(images[1]?.url ?? '')).size).toEqual({ width: 64, height: 64 });
  });
});

describe('compression (Accept-Encoding: gzip, as api.spotify.com answers it)', () => {
  const raw = (path: string, acceptEncoding?: string) =>
    request(`${emu.apiUrl}${path}`, {
      headers: { authorization: `Bearer ${token()}`, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) },
    }).then(async (res) => ({ headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) }));

  it('a page is gzip-compressed for a client that asks, and inflates to the same JSON', async () => {
    const plain = await raw('/me/playlists?limit=30');
    const zipped = await raw('/me/playlists?limit=30', 'gzip, deflate');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(zipped.headers.etag).toBe(plain.headers.etag);
    expect(zipped.body.length * 3).toBeLessThan(plain.body.length);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
  });

  it('q=0 refuses gzip, a small body goes as it is, and the switch turns it off', async () => {
    expect((await raw('/me/playlists?limit=30', 'gzip;q=0, identity')).headers['content-encoding']).toBeUndefined();
    expect((await raw('/me/playlists?limit=30', '*;q=0.5')).headers['content-encoding']).toBe('gzip');
    expect((await raw('/me', 'gzip')).headers['content-encoding']).toBeUndefined();
    emu.setOptions({ gzip: false });
    expect((await raw('/me/playlists?limit=30', 'gzip')).headers['content-encoding']).toBeUndefined();
  });

  it('acceptsGzip reads Accept-Encoding as RFC 9110 does', () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('br')).toBe(false);
    expect(acceptsGzip('GZIP')).toBe(true);
    expect(acceptsGzip('x-gzip')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('*;q=0, gzip;q=0.1')).toBe(true);
    expect(acceptsGzip('gzip;q=0, *')).toBe(false);
  });
});
