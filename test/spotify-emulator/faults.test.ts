/** spotify-api.md §3 and §7: injected faults, each over real HTTP. */
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PREMIUM_REQUIRED_TEXT, startEmulator } from './index.ts';
import { APP_SCOPES, apiGet, tokenPost } from './test-helpers.ts';
import type { Emulator } from './types.ts';

let emu: Emulator;
let clock: number;
let token: string;

beforeEach(async () => {
  clock = Date.UTC(2026, 10, 23, 9, 0, 0);
  emu = await startEmulator({ now: () => clock });
  emu.registerClient({ clientId: 'c', redirectUris: [] });
  emu.registerUser({ id: 'listener' });
  emu.seedPlaylists('listener', 60);
  token = emu.mintTokens({ clientId: 'c', userId: 'listener', scopes: APP_SCOPES }).access_token;
});
afterEach(() => emu.close());

const me = () => apiGet(emu, '/me', token);
const playlists = () => apiGet(emu, '/me/playlists?limit=50', token);

describe('status faults', () => {
  it('429 with the chosen Retry-After', async () => {
    emu.fault({ kind: 'status', status: 429, retryAfterSec: 3600 });
    const res = await me();
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('3600');
    expect(res.json).toEqual({ error: { status: 429, message: 'API rate limit exceeded' } });
    expect((await me()).status).toBe(200);
  });

  it('429 QUOTA_EXCEEDED', async () => {
    emu.fault({ kind: 'status', status: 429, retryAfterSec: 86400, quotaExceeded: true });
    const res = await me();
    expect(res.json).toEqual({ error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' } });
    expect(res.headers['retry-after']).toBe('86400');
  });

  it('5xx burst: 500, 502 Bad gateway., 503, 504 each for the next N requests, then normal', async () => {
    for (const status of [500, 502, 503, 504] as const) {
      emu.fault({ kind: 'status', status, times: 2 });
      const a = await me();
      const b = await me();
      expect([a.status, b.status]).toEqual([status, status]);
      expect(a.json).toMatchObject({ error: { status } });
      expect((await me()).status).toBe(200);
    }
    emu.fault({ kind: 'status', status: 502 });
    expect((await me()).json).toEqual({ error: { status: 502, message: 'Bad gateway.' } });
  });

  it('rate-limit: a rolling window accepts N requests, refuses the rest with Retry-After until a slot frees', async () => {
    emu.fault({ kind: 'rate-limit', requests: 2, windowMs: 30_000, path: '/v1/me/playlists' });
    expect((await playlists()).status).toBe(200);
    clock += 10_000;
    expect((await playlists()).status).toBe(200);
    const refused = await playlists();
    expect(refused.status).toBe(429);
    // The first accepted request leaves the window 20 s from now.
    expect(refused.headers['retry-after']).toBe('20');
    expect((await me()).status).toBe(200);
    clock += 20_000;
    expect((await playlists()).status).toBe(200);
    expect((await playlists()).status).toBe(429);
    emu.clearFaults();
    expect((await playlists()).status).toBe(200);
  });

  it('forMs: every matching request during the window (emulator clock), then normal', async () => {
    emu.fault({ kind: 'status', status: 503, forMs: 30_000 });
    expect((await me()).status).toBe(503);
    expect((await playlists()).status).toBe(503);
    clock += 30_000;
    expect((await me()).status).toBe(200);
  });

  it('path prefix: only matching requests are affected', async () => {
    emu.fault({ kind: 'status', status: 500, path: '/v1/me/playlists', times: 5 });
    expect((await me()).status).toBe(200);
    expect((await playlists()).status).toBe(500);
  });

  it('on the token endpoint the body is OAuth-shaped', async () => {
    emu.fault({ kind: 'status', status: 503, path: '/api/token' });
    const res = await tokenPost(emu, { grant_type: 'refresh_token', refresh_token: 'x', client_id: 'c' });
    expect(res.status).toBe(503);
    expect(res.json).toEqual({ error: 'server_error', error_description: 'Service unavailable' });
  });

  it('premium-403: plain-text body, not JSON', async () => {
    emu.fault({ kind: 'premium-403' });
    const res = await me();
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.text).toBe(PREMIUM_REQUIRED_TEXT);
    expect(res.text.startsWith('Active premium subscription required for the owner of the app. ')).toBe(true);
    expect(res.json).toBeNull();
  });

  it('api-error: any Web API error, e.g. 403 Forbidden for the quota mode', async () => {
    emu.fault({ kind: 'api-error', status: 403, message: 'Forbidden' });
    const res = await me();
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ error: { status: 403, message: 'Forbidden' } });
  });
});

describe('transport faults', () => {
  it('latency: the response comes after the delay', async () => {
    emu.fault({ kind: 'latency', ms: 150, times: 1 });
    const t0 = performance.now();
    expect((await me()).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    // times: 1 was used up by that request.
    expect(emu.faults).toEqual([]);
  });

  it('latency without times or forMs applies to every request until clearFaults', async () => {
    emu.fault({ kind: 'latency', ms: 60 });
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await me();
      expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    }
    emu.clearFaults();
    expect(emu.faults).toEqual([]);
  });

  it('reset: the connection is destroyed without a response', async () => {
    emu.fault({ kind: 'reset' });
    await expect(request(`${emu.apiUrl}/me`, { headers: { authorization: `Bearer ${token}` } })).rejects.toThrow();
    expect((await me()).status).toBe(200);
    expect(emu.requests.map((r) => r.status)).toEqual([0, 200]);
  });

  it('stall-body: headers and part of the body, then nothing', async () => {
    emu.fault({ kind: 'stall-body' });
    const res = await request(`${emu.apiUrl}/me/playlists?limit=50`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    const declared = Number(res.headers['content-length']);
    let received = 0;
    let ended = false;
    res.body.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    res.body.on('end', () => {
      ended = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(ended).toBe(false);
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(declared);
    res.body.destroy();
  });

  it('slow-body: the whole body arrives, slowly', async () => {
    emu.fault({ kind: 'slow-body', bytesPerSec: 4000 });
    const t0 = performance.now();
    const res = await me();
    const elapsed = performance.now() - t0;
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: 'listener' });
    const expectedMs = (Buffer.byteLength(res.text) / 4000) * 1000;
    expect(elapsed).toBeGreaterThanOrEqual(expectedMs * 0.8);
  });

  it('malformed-json: 200 with a truncated JSON body', async () => {
    emu.fault({ kind: 'malformed-json' });
    const res = await playlists();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.text.startsWith('{"href":')).toBe(true);
    expect(() => JSON.parse(res.text)).toThrow();
  });
});

describe('fault rules', () => {
  it('times and forMs together are refused', () => {
    expect(() => emu.fault({ kind: 'reset', times: 1, forMs: 10 })).toThrow(/mutually exclusive/);
  });

  it('faults never touch the control surface', async () => {
    emu.fault({ kind: 'status', status: 500, forMs: 60_000 });
    const res = await request(`${emu.url}/__emulator/requests`);
    expect(res.statusCode).toBe(200);
    await res.body.dump();
  });
});
