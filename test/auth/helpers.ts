/** Small HTTP and socket helpers for the auth tests: real requests, real sockets. */
import { connect, type Socket } from 'node:net';
import { request } from 'undici';
import { createLogger, type Redactor } from '../../app/log.ts';
import type { Logger } from '../../app/ports.ts';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One request over a fresh connection (undici's global pool could keep sockets around between tests).
 * A server that never answers fails it in 5 s with undici's reason, not the test's timeout.
 */
export async function send(url: string, method = 'GET'): Promise<Reply> {
  const response = await request(url, { method, reset: true, headersTimeout: 5_000, bodyTimeout: 5_000 });
  return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
}

/** Resolves true when a TCP connection to the port is refused: nothing listens there. */
export function isRefused(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** A raw keep-alive socket, to see whether the server drops idle browser connections. */
export async function openRawSocket(
  port: number,
  host = '127.0.0.1',
): Promise<{
  socket: Socket;
  write: (text: string) => void;
  received: () => string;
  closed: Promise<void>;
}> {
  const socket = connect({ port, host });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let data = '';
  socket.on('data', (chunk: Buffer) => {
    data += chunk.toString('utf8');
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  return { socket, write: (text) => socket.write(text), received: () => data, closed };
}

/** Whether `promise` is still pending after the event loop has had a moment. */
export async function isPending(promise: Promise<unknown>, waitMs = 30): Promise<boolean> {
  const marker = Symbol('pending');
  const winner = await Promise.race([
    promise.then(
      () => 'settled',
      () => 'settled',
    ),
    new Promise((resolve) => setTimeout(() => resolve(marker), waitMs)),
  ]);
  return winner === marker;
}

/** Resolves after `ms`, or rejects with a readable message, for bounded waits in tests. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)),
  ]);
}

/**
 * A logger that writes exactly what the code under test hands it, with no redaction: a leak in a
 * log call shows up here even though the app's real logger would have caught it.
 */
export function createRawLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const identity: Redactor = { remember: () => {}, redact: (text) => text };
  return { ...createLogger((level, line) => lines.push(`${level} ${line}`), identity), lines };
}

/** Fails with the offending text if any secret occurs in any of the texts. */
export function expectNoSecrets(texts: readonly string[], secrets: ReadonlyArray<string | undefined | null>) {
  for (const secret of secrets) {
    if (!secret) continue;
    for (const text of texts) {
      if (text.includes(secret)) throw new Error(`secret leaked into: ${text}`);
    }
  }
}

/** Plays the system browser: records each URL that signIn asks to open. */
export function createBrowser(options: { fail?: Error } = {}) {
  const urls: string[] = [];
  const waiters: Array<(url: string) => void> = [];
  return {
    urls,
    openExternal: async (url: string): Promise<void> => {
      urls.push(url);
      for (const waiter of waiters.splice(0)) waiter(url);
      if (options.fail) throw options.fail;
    },
    /** The next URL opened (or the last one, if one was already opened). */
    opened(): Promise<string> {
      const last = urls[urls.length - 1];
      if (last !== undefined) return Promise.resolve(last);
      return within(new Promise<string>((resolve) => waiters.push(resolve)), 5000, 'opening the browser');
    },
  };
}
