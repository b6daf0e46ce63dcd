/**
 * The one-shot loopback server that receives Spotify's redirect (RFC 8252 §7.3).
 *
 * It listens on a loopback IP literal only (never `localhost`, which Spotify refuses and which
 * may resolve off-box), on an ephemeral port. It accepts exactly one `GET /callback` carrying
 * the pending `state`; anything else gets 400/404/405 and leaves the flow waiting, so a stray
 * request (a favicon fetch, a port scanner, a forged callback) can neither end nor hijack it.
 * After the one valid callback it answers with a static page and stops listening.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError } from '../log.ts';
import type { Logger } from '../ports.ts';
import { AppError } from '../result.ts';
import { deniedPage, failedPage, plainPage, successPage } from './pages.ts';
import { statesMatch } from './pkce.ts';

export interface LoopbackServerOptions {
  /** The `state` sent to /authorize; only a callback carrying it counts. */
  expectedState: string;
  logger?: Logger;
  /** Loopback addresses to try in order. IPv6 is the fallback for machines without IPv4 loopback. */
  hosts?: readonly string[];
  /** 0 (ephemeral) outside tests. */
  port?: number;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>/callback` or `http://[::1]:<port>/callback`. */
  readonly redirectUri: string;
  readonly port: number;
  /** Resolves with the authorization code; rejects with an AppError ('access-denied', 'sign-in-failed', or 'cancelled' if closed first). */
  readonly code: Promise<string>;
  readonly isListening: () => boolean;
  /** Stops listening and drops every connection. Idempotent. */
  readonly close: () => Promise<void>;
}

const DEFAULT_HOSTS = ['127.0.0.1', '::1'] as const;
const CALLBACK_PATH = '/callback';

export async function startLoopbackServer(options: LoopbackServerOptions): Promise<LoopbackServer> {
  const { expectedState, logger } = options;
  let settled = false;
  let resolveCode!: (code: string) => void;
  let rejectCode!: (error: AppError) => void;
  const code = new Promise<string>((resolve, reject) => {
    resolveCode = resolve;
    rejectCode = reject;
  });
  // The caller may stop listening for the outcome (cancel, timeout): that must not become an unhandled rejection.
  code.catch(() => {});

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    if (!closing) {
      closing = new Promise<void>((resolve) => {
        if (!settled) {
          settled = true;
          rejectCode(new AppError('cancelled', 'Sign-in was cancelled.'));
        }
        if (!server.listening) {
          server.closeAllConnections();
          resolve();
          return;
        }
        server.close(() => resolve());
        // close() alone waits for idle keep-alive sockets to time out; the browser's would keep the port busy.
        server.closeAllConnections();
      });
    }
    return closing;
  };

  /** The one valid callback: answer it, report the outcome, and stop listening once the page is sent. */
  const finish = (response: ServerResponse, page: (response: ServerResponse) => void, outcome: () => void) => {
    settled = true;
    response.once('finish', () => void close());
    response.once('close', () => void close());
    page(response);
    outcome();
  };

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const reject = (status: number, reason: string, extra: Record<string, string> = {}) => {
      logger?.warn('loopback request refused', { status, reason, method: request.method ?? '' });
      plainPage(response, status, reason, extra);
    };
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://loopback.invalid');
    } catch {
      return reject(400, 'Bad request.');
    }
    if (url.pathname !== CALLBACK_PATH) return reject(404, 'Not found.');
    if (request.method !== 'GET') return reject(405, 'Method not allowed.', { Allow: 'GET' });
    if (settled) return reject(400, 'This sign-in has already finished. You can close this tab.');

    const query = url.searchParams;
    const states = query.getAll('state');
    const state = states[0];
    if (states.length !== 1 || state === undefined || !statesMatch(state, expectedState)) {
      return reject(400, 'This link does not belong to the current sign-in. You can close this tab.');
    }
    const errors = query.getAll('error');
    const codes = query.getAll('code');
    const error = errors[0];
    if (errors.length === 1 && error !== undefined) {
      if (error === 'access_denied') {
        logger?.info('sign-in declined in the browser');
        return finish(response, deniedPage, () =>
          rejectCode(
            new AppError(
              'access-denied',
              'You chose not to connect Tunetray to Spotify. Connect again whenever you like.',
            ),
          ),
        );
      }
      // Spotify's error codes are short ASCII words; keep only those characters so nothing odd reaches the UI.
      const shown = error.replace(/[^A-Za-z0-9_]/g, '').slice(0, 40) || 'unknown';
      logger?.warn('sign-in failed in the browser', { error: shown });
      return finish(response, failedPage, () =>
        rejectCode(
          new AppError(
            'sign-in-failed',
            `Spotify could not complete the sign-in (reason: ${shown}). Please connect again.`,
          ),
        ),
      );
    }
    const received = codes[0];
    if (errors.length === 0 && codes.length === 1 && received !== undefined && received.length > 0) {
      logger?.info('authorization code received');
      return finish(response, successPage, () => resolveCode(received));
    }
    return reject(400, 'This link is missing the answer from Spotify. You can close this tab.');
  });
  // The flow needs a few seconds of browser traffic at most; do not let slow clients hold sockets.
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 2_000;

  const hosts = options.hosts ?? DEFAULT_HOSTS;
  let lastError: unknown;
  for (const host of hosts) {
    try {
      await listen(server, host, options.port ?? 0);
      const { port } = server.address() as AddressInfo;
      const hostInUri = host.includes(':') ? `[${host}]` : host;
      // Runtime errors after listening (rare: EMFILE on accept) must not crash the app.
      server.on('error', (error) => logger?.warn('loopback server error', { error: describeError(error) }));
      logger?.debug('loopback server listening', { host, port });
      return {
        redirectUri: `http://${hostInUri}:${port}${CALLBACK_PATH}`,
        port,
        code,
        isListening: () => server.listening,
        close,
      };
    } catch (error) {
      lastError = error;
      logger?.warn('loopback server could not listen', { host, error: describeError(error) });
    }
  }
  settled = true;
  rejectCode(new AppError('cancelled', 'Sign-in was cancelled.'));
  throw new AppError(
    'network',
    'Tunetray could not open a local port to receive the answer from Spotify. Check that no firewall or security tool blocks local connections, then try again.',
    { cause: lastError },
  );
}

/** Resolves once listening; rejects on the server's `error` event (EADDRINUSE, EADDRNOTAVAIL, EACCES...). */
function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port, exclusive: true });
  });
}
