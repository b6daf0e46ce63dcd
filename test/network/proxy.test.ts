/**
 * Networks real users have: a CONNECT proxy (Debian's tinyproxy on loopback) in front of the
 * emulator served over TLS with a certificate made at test start, trusted through the
 * certificate-authority option corporate roots use. The whole core connects through the proxy
 * the system names and says so in its state; a proxy from HTTPS_PROXY works the same way; a
 * proxy that refuses (nothing listening, 407, 403 on CONNECT) is named in the error, never
 * "offline"; a certificate nobody trusts says so.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTokenEndpoint } from '../../app/auth/token-endpoint.ts';
import { createLibraryCache } from '../../app/library/library-cache.ts';
import { createLibrarySync } from '../../app/library-sync.ts';
import { systemClock } from '../../app/ports.ts';
import { AppError } from '../../app/result.ts';
import { createSpotifyTransport, type NetworkOptions } from '../../app/spotify/http.ts';
import { createWebApi, type WebApi } from '../../app/spotify/web-api.ts';
import { SCOPES } from '../spotify/helpers.ts';
import { type Emulator, startEmulator } from '../spotify-emulator/index.ts';
import { opensslAvailable } from '../support/certificates.ts';
import { closedPort } from '../support/net.ts';
import { createMemoryLogger } from '../support/ports.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { startTinyproxy, type Tinyproxy, tinyproxyAvailable } from '../support/tinyproxy.ts';
import { waitUntil } from '../support/wait.ts';

const tools = tinyproxyAvailable() && opensslAvailable();
if (!tools) {
  console.log("skipped: proxy tests need Debian's tinyproxy and openssl (apt-get install -y tinyproxy openssl)");
}

describe.skipIf(!tools)('through a real CONNECT proxy to Spotify over TLS', () => {
  let emu: Emulator;
  let clientId: string;
  let token: string;
  const proxies: Tinyproxy[] = [];
  const closers: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    emu = await startEmulator({ tls: true });
    clientId = emu.registerClient({ name: 'Proxy test', redirectUris: ['http://127.0.0.1/callback'] }).clientId;
    emu.registerUser({ id: 'commuter', displayName: 'Commuter' });
    emu.seedPlaylists('commuter', 180);
    token = emu.mintTokens({ clientId, userId: 'commuter', scopes: SCOPES }).access_token;
  });
  afterAll(async () => {
    await emu.close();
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    for (const proxy of proxies.splice(0)) await proxy.stop();
    emu.clearRequests();
  });

  async function proxy(options: Parameters<typeof startTinyproxy>[0] = {}): Promise<Tinyproxy> {
    const started = await startTinyproxy(options);
    proxies.push(started);
    return started;
  }

  function webApi(network: NetworkOptions): WebApi {
    const api = createWebApi({
      apiUrl: emu.apiUrl,
      tokens: { current: async () => token, renewAfterRejection: async () => token },
      logger: createMemoryLogger(),
      http: { network, minRetryDelayMs: 5, maxRetryDelayMs: 10 },
    });
    closers.push(() => api.close());
    return api;
  }

  async function failure(promise: Promise<unknown>): Promise<AppError> {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return error as AppError;
    }
    throw new Error('expected the call to fail');
  }

  const system = (address: string) => async () => `PROXY ${address}; DIRECT`;

  it('connects the whole core through the proxy the system names, and says which proxy in its state', async () => {
    const tiny = await proxy();
    const core: TestCore = createTestCore({
      env: { TUNETRAY_ACCOUNTS_URL: emu.accountsUrl, TUNETRAY_API_URL: emu.apiUrl, TUNETRAY_CLIENT_ID: clientId },
      network: { proxyResolver: system(tiny.address), extraCaCertificates: [emu.ca ?? ''] },
      signInTimeoutMs: 10_000,
    });
    closers.push(() => core.session.dispose());
    await core.session.start();
    const done = core.session.connect();
    await waitUntil(() => core.opened.length > 0, 'the authorize URL');
    const consent = await emu.playBrowser(core.opened[0] ?? '', { decision: 'agree' });
    await fetch(consent.location ?? '');
    const state = await done;

    expect(state.status).toBe('connected');
    expect(core.library.playlists()).toHaveLength(180);
    expect(state.status === 'connected' && state.connection).toEqual({ proxy: tiny.address, proxySource: 'system' });
    // The token exchange and every Web API call went through tunnels to the emulator, over HTTP/2.
    const port = new URL(emu.url).port;
    expect(tiny.log()).toContain(`CONNECT 127.0.0.1:${port}`);
    expect(emu.requests.some((r) => r.path === '/api/token')).toBe(true);
    expect(emu.connectionStats().protocols.h2).toBeGreaterThan(0);
  });

  it('uses HTTPS_PROXY when it is set, over the same tunnel, and names it as the environment', async () => {
    const tiny = await proxy();
    const transport = createSpotifyTransport({
      network: { env: { HTTPS_PROXY: `http://${tiny.address}` }, extraCaCertificates: [emu.ca ?? ''] },
    });
    closers.push(() => transport.close());
    const api = createWebApi({
      apiUrl: emu.apiUrl,
      tokens: { current: async () => token, renewAfterRejection: async () => token },
      logger: createMemoryLogger(),
      dispatcher: transport.dispatcher,
    });
    closers.push(() => api.close());
    const page = await api.getPlaylistPage(0, 50);
    expect(page.notModified).toBe(false);
    expect(transport.routeFor(emu.apiUrl)).toMatchObject({ address: tiny.address, source: 'environment' });
    expect(tiny.log()).toContain(`CONNECT 127.0.0.1:${new URL(emu.url).port}`);
  });

  it('a proxy that demands credentials (407) is named in the error; credentials in HTTPS_PROXY pass', async () => {
    const tiny = await proxy({ basicAuth: { user: 'alice', password: 's3cret' } });
    const error = await failure(
      webApi({ proxyResolver: system(tiny.address), extraCaCertificates: [emu.ca ?? ''] }).getProfile(),
    );
    expect(error.code).toBe('proxy');
    expect(error.message).toContain(tiny.address);
    expect(error.message).toContain('407');
    expect(emu.requests).toHaveLength(0);

    const withCredentials = webApi({
      env: { HTTPS_PROXY: `http://alice:s3cret@${tiny.address}` },
      extraCaCertificates: [emu.ca ?? ''],
    });
    expect((await withCredentials.getProfile()).id).toBe('commuter');
  });

  it('a proxy that refuses the tunnel (403) is named in the error', async () => {
    const tiny = await proxy({ connectPorts: [await closedPort()] });
    const error = await failure(
      webApi({ proxyResolver: system(tiny.address), extraCaCertificates: [emu.ca ?? ''] }).getProfile(),
    );
    expect(error.code).toBe('proxy');
    expect(error.message).toContain(tiny.address);
    expect(error.message).toContain('403');
  });

  it('a proxy that is not there (connection refused) is named in the error, not "offline"', async () => {
    const address = `127.0.0.1:${await closedPort()}`;
    const error = await failure(
      webApi({ proxyResolver: system(address), extraCaCertificates: [emu.ca ?? ''] }).getProfile(),
    );
    expect(error.code).toBe('proxy');
    expect(error.message).toBe(
      `Tunetray could not reach the proxy ${address}. Check your proxy settings, or that the proxy is running.`,
    );
  });

  it('a refusing proxy on the way to the token endpoint keeps the sign-in and names the proxy', async () => {
    const tiny = await proxy({ basicAuth: { user: 'alice', password: 's3cret' } });
    const transport = createSpotifyTransport({
      network: { proxyResolver: system(tiny.address), extraCaCertificates: [emu.ca ?? ''] },
    });
    closers.push(() => transport.close());
    const endpoint = createTokenEndpoint({
      accountsUrl: emu.accountsUrl,
      clientId,
      logger: createMemoryLogger(),
      dispatcher: transport.dispatcher,
    });
    const error = await failure(endpoint.refresh('any-refresh-token'));
    // Not 'signed-out': the refresh scheduler keeps the tokens and tries again later.
    expect(error.code).toBe('proxy');
    expect(error.message).toContain(tiny.address);
  });

  it('a library sync through a refusing proxy fails naming it, and is not shown as offline', async () => {
    const address = `127.0.0.1:${await closedPort()}`;
    const api = webApi({ proxyResolver: system(address), extraCaCertificates: [emu.ca ?? ''] });
    const library = createLibrarySync({
      cache: createLibraryCache({ get: () => undefined, set: () => {}, delete: () => {} }),
      clock: systemClock,
      logger: createMemoryLogger(),
      onChange: () => {},
    });
    await library.sync(api);
    const status = library.info().sync;
    expect(status.kind).toBe('failed');
    expect(status.kind === 'failed' && status.message).toContain(address);
  });

  it('a certificate the client does not trust is said as such, through a proxy or not', async () => {
    const tiny = await proxy();
    for (const network of [{}, { proxyResolver: system(tiny.address) }] satisfies NetworkOptions[]) {
      const error = await failure(webApi(network).getProfile());
      expect(error.code).toBe('untrusted-certificate');
      expect(error.message).toMatch(/does not trust the certificate/);
    }
    expect(emu.requests).toHaveLength(0);
  });
});
