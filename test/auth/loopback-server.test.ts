import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoopbackServer, startLoopbackServer } from '../../app/auth/loopback-server.ts';
import { createState } from '../../app/auth/pkce.ts';
import { AppError } from '../../app/result.ts';
import { createMemoryLogger } from '../support/ports.ts';
import { isPending, isRefused, openRawSocket, send, within } from './helpers.ts';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(state = createState(), extra: { hosts?: string[]; port?: number } = {}) {
  const logger = createMemoryLogger();
  const server = await startLoopbackServer({ expectedState: state, logger, ...extra });
  servers.push(server);
  return { server, state, logger };
}

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

function expectSafeHeaders(headers: Record<string, string | string[] | undefined>) {
  expect(headers['cache-control']).toBe('no-store');
  expect(headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
  expect(headers['referrer-policy']).toBe('no-referrer');
}

describe('loopback server', () => {
  it('listens on 127.0.0.1 with an ephemeral port and a /callback redirect URI', async () => {
    const { server } = await start();
    expect(server.port).toBeGreaterThan(0);
    expect(server.redirectUri).toBe(`http://127.0.0.1:${server.port}/callback`);
    expect(server.isListening()).toBe(true);
    expect(await isRefused(server.port)).toBe(false);
  });

  it('refuses everything but a GET /callback with the right state, and keeps waiting', async () => {
    const { server, state } = await start();
    const origin = `http://127.0.0.1:${server.port}`;
    const wrong = createState();

    const notFound = await send(`${origin}/favicon.ico`);
    expect(notFound.status).toBe(404);
    expectSafeHeaders(notFound.headers);
    expect((await send(`${origin}/callback/?code=c&state=${state}`)).status).toBe(404);

    const post = await send(`${origin}/callback?code=c&state=${state}`, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
    expect((await send(`${origin}/callback?code=c&state=${state}`, 'PUT')).status).toBe(405);

    expect((await send(`${origin}/callback?code=c`)).status).toBe(400);
    expect((await send(`${origin}/callback?code=c&state=${wrong}`)).status).toBe(400);
    expect((await send(`${origin}/callback?code=c&state=${state}x`)).status).toBe(400);
    expect((await send(`${origin}/callback?code=c&state=${state}&state=${state}`)).status).toBe(400);
    expect((await send(`${origin}/callback?state=${state}`)).status).toBe(400);
    expect((await send(`${origin}/callback?code=&state=${state}`)).status).toBe(400);
    // A forged denial with the wrong state must not end the flow either.
    expect((await send(`${origin}/callback?error=access_denied&state=${wrong}`)).status).toBe(400);

    expect(await isPending(server.code)).toBe(true);
    expect(server.isListening()).toBe(true);

    const ok = await send(`${origin}/callback?code=the-code-123&state=${encodeURIComponent(state)}`);
    expect(ok.status).toBe(200);
    expectSafeHeaders(ok.headers);
    expect(ok.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(ok.body).toContain('Tunetray is connected.');
    expect(ok.body).toContain('You can close this tab and go back to Tunetray.');
    expect(ok.body).not.toMatch(/<script/i);
    expect(await server.code).toBe('the-code-123');

    await within(
      (async () => {
        while (!(await isRefused(server.port))) await new Promise((resolve) => setTimeout(resolve, 10));
      })(),
      2000,
      'the port closing',
    );
    expect(server.isListening()).toBe(false);
  });

  // Found by the loopback fuzz (test/fuzz/loopback.property.ts): Node's parser takes these, and
  // the WHATWG URL parser read them as "/callback", so each ended the sign-in.
  it.each([
    ['an HTTP/0.9 request line', (q: string) => `GET /callback?${q}\r\n\r\n`],
    ['HTTP/2.0 in the request line', (q: string) => `GET /callback?${q} HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n`],
    ['a scheme-relative path', (q: string) => `GET //evil.example/callback?${q} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`],
    ['dot segments', (q: string) => `GET /x/../callback?${q} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`],
  ])('does not take %s with the right state for the callback', async (_label, request) => {
    const { server, state } = await start();
    const raw = await openRawSocket(server.port);
    raw.write(request(`state=${state}&code=not-this-one`));
    const answered = (async () => {
      while (!raw.received().includes('\r\n\r\n')) await new Promise((resolve) => setTimeout(resolve, 5));
    })();
    await within(Promise.race([answered, raw.closed]), 2_000, 'the refusal');
    raw.socket.destroy();
    expect(raw.received()).toMatch(/^HTTP\/1\.1 (400|404) /);
    expect(await isPending(server.code)).toBe(true);

    const ok = await send(`http://127.0.0.1:${server.port}/callback?code=the-real-one&state=${state}`);
    expect(ok.status).toBe(200);
    expect(await server.code).toBe('the-real-one');
  });

  it('ends with access-denied on a declined consent, showing a not-connected page', async () => {
    const { server, state } = await start();
    const outcome = caught(server.code);
    const reply = await send(`http://127.0.0.1:${server.port}/callback?error=access_denied&state=${state}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('Tunetray is not connected.');
    expectSafeHeaders(reply.headers);
    const error = await outcome;
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('access-denied');
    expect((error as AppError).message).toMatch(/chose not to connect/);
  });

  it('ends with a readable sign-in failure for other error values, without echoing odd characters', async () => {
    const { server, state } = await start();
    const outcome = caught(server.code);
    await send(`http://127.0.0.1:${server.port}/callback?error=server_error%3Cb%3E&state=${state}`);
    const error = (await outcome) as AppError;
    expect(error.code).toBe('sign-in-failed');
    expect(error.message).toBe('Spotify could not complete the sign-in (reason: server_errorb). Please connect again.');
  });

  it('drops keep-alive and half-open connections once the callback is answered', async () => {
    const { server, state } = await start();
    // An idle browser connection that already had a (refused) request on it.
    const idle = await openRawSocket(server.port);
    idle.write('GET /favicon.ico HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    await within(
      (async () => {
        while (!idle.received().includes('\r\n\r\n')) await new Promise((resolve) => setTimeout(resolve, 5));
      })(),
      2000,
      'the 404 reply',
    );
    expect(idle.received()).toMatch(/^HTTP\/1\.1 404/);

    // A connection stuck half-way through its request headers: not idle, so server.close() alone would wait for it.
    const stalled = await openRawSocket(server.port);
    stalled.write('GET /callback HTTP/1.1\r\nHost: 127.0.0.1\r\n');

    // The callback itself, also asking for keep-alive.
    const browser = await openRawSocket(server.port);
    browser.write(
      `GET /callback?code=abc&state=${state} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`,
    );
    await within(Promise.all([idle.closed, stalled.closed, browser.closed]), 1000, 'every socket closing');
    expect(browser.received()).toMatch(/^HTTP\/1\.1 200/);
    expect(browser.received()).toContain('Tunetray is connected.');
    expect(await server.code).toBe('abc');
    expect(await isRefused(server.port)).toBe(true);
  });

  it('answers a second valid callback that arrives while the first is being answered with "already finished"', async () => {
    const { server, state, logger } = await start();
    // A browser that sends the redirect twice on one connection (a retry, a double click): both
    // requests are read before the first response is out.
    const browser = await openRawSocket(server.port);
    const callback = (code: string) =>
      `GET /callback?code=${code}&state=${state} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`;
    browser.write(callback('first-code') + callback('second-code'));
    await within(browser.closed, 2_000, 'the connection closing');
    const responses = browser.received().split(/(?=HTTP\/1\.1 )/);
    expect(responses.map((r) => r.slice(0, 15))).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 400 Ba']);
    expect(responses[1]).toContain('This sign-in has already finished.');
    expect(await server.code).toBe('first-code');
    expect(logger.lines.filter((l) => l.line.includes('authorization code received'))).toHaveLength(1);
    expect(await isRefused(server.port)).toBe(true);
  });

  it('closes idempotently; a pending wait ends as cancelled and nothing listens', async () => {
    const { server } = await start();
    const outcome = caught(server.code);
    await Promise.all([server.close(), server.close()]);
    await server.close();
    expect(((await outcome) as AppError).code).toBe('cancelled');
    expect(server.isListening()).toBe(false);
    expect(await isRefused(server.port)).toBe(true);
  });

  it('falls back to the next loopback address when the first cannot be bound', async () => {
    // 192.0.2.1 (TEST-NET-1) is not on this machine: EADDRNOTAVAIL, like a missing IPv4 loopback.
    const { server, logger } = await start(createState(), { hosts: ['192.0.2.1', '::1'] });
    expect(server.redirectUri).toBe(`http://[::1]:${server.port}/callback`);
    expect((await send(`http://[::1]:${server.port}/nothing`)).status).toBe(404);
    expect(logger.lines.some((entry) => entry.line.includes('could not listen'))).toBe(true);
  });

  it('turns EADDRINUSE on every address into a readable AppError', async () => {
    const blockers: Server[] = [];
    const listen = (server: Server, host: string, port: number) =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port }, resolve);
      });
    const first = createServer();
    await listen(first, '127.0.0.1', 0);
    blockers.push(first);
    const { port } = first.address() as { port: number };
    const second = createServer();
    await listen(second, '::1', port);
    blockers.push(second);
    try {
      const error = await caught(startLoopbackServer({ expectedState: createState(), port }));
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('network');
      expect((error as AppError).message).toMatch(/could not open a local port/);
    } finally {
      for (const blocker of blockers) blocker.close();
    }
  });
});
