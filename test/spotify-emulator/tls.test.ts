/**
 * The emulator over HTTPS: HTTP/2 for clients that offer it over ALPN, HTTP/1.1 for the rest,
 * on a certificate made at start that a client trusts through its CA, never by turning
 * verification off. Connections, TLS handshakes and protocols are counted.
 */
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opensslAvailable } from '../support/certificates.ts';
import { startEmulator } from './index.ts';
import { APP_SCOPES } from './test-helpers.ts';
import type { Emulator } from './types.ts';

const haveOpenssl = opensslAvailable();
if (!haveOpenssl) console.log('skipped: the emulator over TLS needs openssl (apt-get install -y openssl)');

describe.skipIf(!haveOpenssl)('emulator over TLS', () => {
  let emu: Emulator;
  let token: string;
  let clientId: string;

  beforeAll(async () => {
    emu = await startEmulator({ tls: true });
    clientId = emu.registerClient({ redirectUris: ['http://127.0.0.1/callback'] }).clientId;
    emu.registerUser({ id: 'listener' });
    emu.seedPlaylists('listener', 120);
    token = emu.mintTokens({ clientId, userId: 'listener', scopes: APP_SCOPES }).access_token;
  });
  afterAll(() => emu.close());

  const headers = () => ({ authorization: `Bearer ${token}` });

  it('serves https URLs and hands out its CA', () => {
    expect(emu.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.apiUrl).toBe(`${emu.url}/v1`);
    expect(emu.ca).toContain('BEGIN CERTIFICATE');
  });

  it('multiplexes concurrent requests of an h2 client on one connection, one TLS handshake', async () => {
    const before = emu.connectionStats();
    const agent = new Agent({ connect: { ca: emu.ca ?? '' }, connections: 8 });
    try {
      const pages = await Promise.all(
        [0, 50, 100].map(async (offset) => {
          const res = await request(`${emu.apiUrl}/me/playlists?limit=50&offset=${offset}`, {
            dispatcher: agent,
            headers: headers(),
          });
          return { status: res.statusCode, body: (await res.body.json()) as { items: unknown[]; next: string | null } };
        }),
      );
      expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
      expect(pages.map((p) => p.body.items.length)).toEqual([50, 50, 20]);
      expect(pages[0]?.body.next?.startsWith(`${emu.apiUrl}/`)).toBe(true);
      // A form body over h2 has no content-length framing to lean on: it must still arrive.
      const refused = await request(`${emu.accountsUrl}/api/token`, {
        dispatcher: agent,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=refresh_token&refresh_token=nope&client_id=${clientId}`,
      });
      expect(await refused.body.json()).toEqual({ error: 'invalid_grant', error_description: 'Invalid refresh token' });
    } finally {
      await agent.close();
    }
    const after = emu.connectionStats();
    expect(after.connections - before.connections).toBe(1);
    expect(after.tlsHandshakes - before.tlsHandshakes).toBe(1);
    expect((after.protocols.h2 ?? 0) - (before.protocols.h2 ?? 0)).toBe(1);
  });

  it('falls back to HTTP/1.1 for a client without h2', async () => {
    const before = emu.connectionStats();
    const agent = new Agent({ connect: { ca: emu.ca ?? '' }, allowH2: false });
    try {
      const res = await request(`${emu.apiUrl}/me`, { dispatcher: agent, headers: headers() });
      expect(res.statusCode).toBe(200);
      await res.body.dump();
    } finally {
      await agent.close();
    }
    const after = emu.connectionStats();
    expect((after.protocols['http/1.1'] ?? 0) - (before.protocols['http/1.1'] ?? 0)).toBe(1);
  });

  it('is refused by a client that does not trust its CA', async () => {
    const agent = new Agent();
    try {
      await expect(request(`${emu.apiUrl}/me`, { dispatcher: agent, headers: headers() })).rejects.toMatchObject({
        code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      });
    } finally {
      await agent.close();
    }
  });

  it('a reset fault over h2 resets that request only; its siblings on the connection finish', async () => {
    const agent = new Agent({ connect: { ca: emu.ca ?? '' } });
    try {
      await (await request(`${emu.apiUrl}/me`, { dispatcher: agent, headers: headers() })).body.dump();
      emu.fault({ kind: 'reset', path: '/v1/me/playlists', times: 1 });
      emu.fault({ kind: 'latency', ms: 50 });
      const [reset, sibling] = await Promise.allSettled([
        request(`${emu.apiUrl}/me/playlists?limit=1`, { dispatcher: agent, headers: headers() }),
        request(`${emu.apiUrl}/me`, { dispatcher: agent, headers: headers() }).then(async (r) => {
          await r.body.dump();
          return r.statusCode;
        }),
      ]);
      expect(reset.status).toBe('rejected');
      expect(sibling).toEqual({ status: 'fulfilled', value: 200 });
    } finally {
      emu.clearFaults();
      await agent.close();
    }
  });

  it('with a public URL, links point there (a proxy in front), and the port is its own', async () => {
    const fronted = await startEmulator({ tls: true, publicUrl: 'https://127.0.0.1:1/' });
    try {
      expect(fronted.url).toBe('https://127.0.0.1:1');
      expect(fronted.port).not.toBe(1);
    } finally {
      await fronted.close();
    }
  });
});
