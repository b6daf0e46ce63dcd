/**
 * The system's proxy, through the double: session.resolveProxy names Debian's tinyproxy (on
 * loopback) in front of the emulator served over TLS, whose CA the app trusts through
 * NODE_EXTRA_CA_CERTS. Connecting goes through the proxy's tunnels and the session says which proxy
 * it uses; a proxy that refuses the tunnel is named in the error the window shows, never "offline".
 */
import { afterEach, describe, expect, test } from 'vitest';
import { opensslAvailable } from '../../support/certificates.ts';
import { closedPort } from '../../support/net.ts';
import { startTinyproxy, type Tinyproxy, tinyproxyAvailable } from '../../support/tinyproxy.ts';
import {
  approveInSystemBrowser,
  quitFromTray,
  sessionState,
  startConnected,
  waitForTrayItem,
  waitForWindowText,
  withClientId,
} from './desk.ts';
import { desktopAvailable, useDesk } from './suite.ts';

const tools = desktopAvailable && tinyproxyAvailable() && opensslAvailable();
if (desktopAvailable && !tools) {
  console.log('skipped: the proxy journeys need tinyproxy and openssl (apt-get install -y tinyproxy openssl)');
}

describe.skipIf(!tools)('desktop: through the system proxy', () => {
  const desk = useDesk({ tls: true });
  const proxies: Tinyproxy[] = [];
  const proxy = async (options?: Parameters<typeof startTinyproxy>[0]) => {
    const started = await startTinyproxy(options);
    proxies.push(started);
    return started;
  };

  afterEach(async () => {
    for (const started of proxies.splice(0)) await started.stop();
    desk.emulator.clearRequests();
  });

  test('Connect goes through the proxy the system names, and the session says which', async () => {
    const tiny = await proxy();
    const { app } = await startConnected(desk, { knobs: { systemProxy: `PROXY ${tiny.address}` } });

    const state = await sessionState(app);
    expect(state.status === 'connected' && state.connection).toEqual({ proxy: tiny.address, proxySource: 'system' });
    // The code exchange and the Web API calls went through the proxy's tunnels to the emulator.
    expect(tiny.log()).toContain(`CONNECT 127.0.0.1:${desk.emulator.port}`);
    expect(desk.emulator.requests.some((r) => r.path === '/api/token' && r.status === 200)).toBe(true);
    expect(await quitFromTray(app)).toBe(0);
  });

  test('a proxy that refuses the tunnel is named in the error, not "offline"', async () => {
    const tiny = await proxy({ connectPorts: [await closedPort()] });
    const app = desk.launch({
      profileDir: desk.profile(),
      env: withClientId,
      knobs: { systemProxy: `PROXY ${tiny.address}` },
    });
    await waitForTrayItem(app, 'Connect Spotify');
    await app.clickTrayItem('Connect Spotify…');
    await approveInSystemBrowser(desk.systemBrowser, await app.nextOpenedUrl());

    let notice = '';
    await app.waitFor(async () => {
      const state = await sessionState(app);
      if (state.status === 'connected') throw new Error('connected: the sign-in did not go through the proxy');
      notice = state.status === 'signed-out' ? (state.notice?.message ?? '') : '';
      return notice !== '';
    }, 'the sign-in to fail with a notice');
    expect(notice).toContain(`The proxy ${tiny.address} refused`);
    expect(notice).toContain('403');
    await waitForWindowText(app, tiny.address);
    const shown = await app.page.text();
    expect(shown).toContain(tiny.address);
    expect(shown).not.toMatch(/offline/i);
    // The code exchange was asked of the proxy, which refused it: nothing reached the token endpoint.
    expect(tiny.log()).toContain(`CONNECT 127.0.0.1:${desk.emulator.port}`);
    expect(desk.emulator.requests.filter((r) => r.path === '/api/token')).toEqual([]);
  });
});
