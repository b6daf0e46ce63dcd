/** Bad input to the emulator itself gets Spotify-shaped errors and never crashes or hangs it. */
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from './index.ts';
import { APP_SCOPES, apiGet, authorizeUrl, get, param, pkcePair, post, tokenPost } from './test-helpers.ts';
import type { Emulator } from './types.ts';

let emu: Emulator;
let token: string;
const TOKEN_URL = () => `${emu.accountsUrl}/api/token`;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

beforeEach(async () => {
  emu = await startEmulator();
  emu.registerClient({ clientId: 'c', name: 'Robust', redirectUris: ['http://127.0.0.1/cb'] });
  emu.registerUser({ id: 'listener' });
  emu.seedPlaylists('listener', 10);
  token = emu.mintTokens({ clientId: 'c', userId: 'listener', scopes: APP_SCOPES }).access_token;
});
afterEach(async () => {
  // Whatever a test threw at it, the emulator must still answer.
  expect((await apiGet(emu, '/me', token)).status).toBe(200);
  await emu.close();
});

/** Sends raw bytes and returns everything the server wrote before closing. */
function raw(data: string | Buffer, port = Number(new URL(emu.url).port)): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(data));
    let out = '';
    socket.setEncoding('latin1');
    socket.on('data', (c: string) => {
      out += c;
    });
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('token endpoint input', () => {
  it('binary garbage with a form content type: a 400 OAuth error', async () => {
    const res = await post(TOKEN_URL(), Buffer.from([0xff, 0xfe, 0x00, 0x26, 0x3d, 0x80, 0x81]), FORM);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: 'unsupported_grant_type', error_description: 'grant_type parameter is missing' });
  });

  it('non-UTF-8 bytes and broken percent-escapes in values are just wrong values', async () => {
    const body = Buffer.concat([
      Buffer.from('grant_type=refresh_token&client_id=c&refresh_token=%E0%A4%ZZ'),
      Buffer.from([0xff]),
    ]);
    const res = await post(TOKEN_URL(), body, FORM);
    expect(res.json).toEqual({ error: 'invalid_grant', error_description: 'Invalid refresh token' });
  });

  it('text/plain and JSON with charset: 400 invalid_request (RFC 6749 §5.2)', async () => {
    for (const type of ['text/plain', 'application/json; charset=utf-8', 'multipart/form-data; boundary=x']) {
      const res = await post(TOKEN_URL(), 'grant_type=refresh_token', { 'content-type': type });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({
        error: 'invalid_request',
        error_description: 'Request body must be application/x-www-form-urlencoded',
      });
    }
  });

  it('a form content type with charset is accepted', async () => {
    const res = await post(TOKEN_URL(), 'grant_type=refresh_token&refresh_token=x&client_id=c', {
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
    });
    expect(res.json).toEqual({ error: 'invalid_grant', error_description: 'Invalid refresh token' });
  });

  it('a repeated parameter: 400 invalid_request', async () => {
    const res = await post(TOKEN_URL(), 'grant_type=refresh_token&grant_type=authorization_code', FORM);
    expect(res.json).toEqual({ error: 'invalid_request', error_description: 'Duplicate parameter: grant_type' });
  });

  it('a body over 64 KiB: 400 invalid_request, OAuth-shaped', async () => {
    const res = await post(TOKEN_URL(), `grant_type=refresh_token&x=${'a'.repeat(70_000)}`, FORM);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: 'invalid_request', error_description: 'Request body too large' });
  });

  it('a chunked body over 64 KiB (no Content-Length): 400', async () => {
    const chunks = Readable.from(
      (function* () {
        for (let i = 0; i < 20; i++) yield Buffer.alloc(8192, 0x61);
      })(),
    );
    const res = await request(TOKEN_URL(), { method: 'POST', headers: FORM, body: chunks });
    expect(res.statusCode).toBe(400);
    await res.body.dump();
  });

  it('GET on the token endpoint: 400 invalid_request, naming the method it allows', async () => {
    const res = await get(TOKEN_URL());
    expect(res.status).toBe(400);
    expect(res.headers.allow).toBe('POST');
    expect(res.json).toMatchObject({ error: 'invalid_request' });
  });

  it('a request aborted mid-body does not upset the server', async () => {
    const port = Number(new URL(emu.url).port);
    await new Promise<void>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.write(
          'POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ngrant_',
        );
        setTimeout(() => s.destroy(), 20);
      });
      s.on('close', () => resolve());
    });
  });
});

describe('URLs and protocol', () => {
  it('a URL over the header limit: 431/414 with a JSON body', async () => {
    const out = await raw(`GET /v1/me?x=${'a'.repeat(40_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(out).toMatch(/^HTTP\/1\.1 (431|414) /);
    expect(out).toMatch(/\{"error":\{"status":(431|414),"message":"[^"]+"\}\}$/);
  });

  it('garbage instead of HTTP: 400 with a JSON body, connection closed', async () => {
    const out = await raw('THIS IS NOT HTTP\r\n\u0000\u0001\r\n\r\n');
    expect(out).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(out).toContain('{"error":{"status":400,"message":"Bad request"}}');
  });

  it('an absolute-form or odd request target: 400 / 404, not a crash', async () => {
    expect(await raw('GET http://evil.example/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 400 /,
    );
    expect((await get(`${emu.url}//v1//me`)).status).toBe(404);
    expect((await apiGet(emu, '/users/%ZZ/playlists', token)).status).toBe(400);
    expect((await get(`${emu.url}/image/300/..%2F..%2Fetc`)).status).toBe(404);
    expect((await get(`${emu.url}/image/99999/abc`)).status).toBe(404);
    expect((await get(`${emu.url}/mosaic/300/a.b.c`)).status).toBe(404);
  });

  it('broken percent-escapes in a Web API query: a normal 400', async () => {
    const res = await apiGet(emu, '/me/playlists?limit=%ZZ', token);
    expect(res.json).toEqual({ error: { status: 400, message: 'Invalid limit' } });
  });

  it('a very long but legal state survives the round trip unchanged', async () => {
    const state = 'é✓'.repeat(500) + 'x'.repeat(3000);
    const b = await emu.playBrowser(
      authorizeUrl(emu, {
        client_id: 'c',
        response_type: 'code',
        redirect_uri: 'http://127.0.0.1:5555/cb',
        code_challenge_method: 'S256',
        code_challenge: pkcePair().challenge,
        state,
      }),
    );
    expect(param(b.location, 'state')).toBe(state);
  });

  it('unsupported methods on the Web API: 405', async () => {
    const res = await request(`${emu.apiUrl}/me`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(405);
    expect(await res.body.json()).toEqual({ error: { status: 405, message: 'Method not allowed' } });
  });

  it('the consent form with garbage: a 400 page, no redirect', async () => {
    const res = await post(`${emu.url}/authorize/consent`, 'decision=agree&ticket=%00%FF', FORM);
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
    const wrongType = await post(`${emu.url}/authorize/consent`, '{}', { 'content-type': 'application/json' });
    expect(wrongType.status).toBe(415);
  });
});

describe('close()', () => {
  it('resolves promptly with idle keep-alive, stalled and trickling connections open', async () => {
    const other = await startEmulator();
    other.registerClient({ clientId: 'c', redirectUris: [] });
    other.registerUser({ id: 'u' });
    const t = other.mintTokens({ clientId: 'c', userId: 'u', scopes: [] }).access_token;
    const headers = { authorization: `Bearer ${t}` };
    await (await request(`${other.apiUrl}/me`, { headers })).body.dump();
    other.fault({ kind: 'stall-body' });
    const stalled = await request(`${other.apiUrl}/me`, { headers });
    other.fault({ kind: 'slow-body', bytesPerSec: 1 });
    const slow = await request(`${other.apiUrl}/me`, { headers });
    other.fault({ kind: 'latency', ms: 60_000 });
    const pending = request(`${other.apiUrl}/me`, { headers }).catch((e: unknown) => e);
    const t0 = performance.now();
    await other.close();
    expect(performance.now() - t0).toBeLessThan(1000);
    await expect(stalled.body.text()).rejects.toThrow();
    await expect(slow.body.text()).rejects.toThrow();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('token requests keep working after all of the above (sanity)', async () => {
    const res = await tokenPost(emu, { grant_type: 'refresh_token', refresh_token: 'nope', client_id: 'c' });
    expect(res.status).toBe(400);
  });
});
