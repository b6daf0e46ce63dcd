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
import type { AddressInfo, Socket } from 'node:net';
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
/** How long closing waits for answers already owed (see `owed`) before dropping their connections. */
const OWED_ANSWER_GRACE_MS = 1_000;

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

  /**
   * Responses not yet sent, per connection. Closing drops every connection with nothing left to
   * answer at once, and lets the others send what they owe first: a browser that sent the redirect
   * twice on one connection then reads "already finished" for the second instead of a reset.
   */
  const owed = new Map<Socket, number>();
  const connections = new Set<Socket>();
  let stopping = false;
  const dropIfAnswered = (socket: Socket) => {
    if (stopping && !owed.has(socket)) socket.destroy();
  };

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    if (!closing) {
      stopping = true;
      closing = new Promise<void>((resolve) => {
        if (!settled) {
          settled = true;
          rejectCode(new AppError('cancelled', 'Sign-in was cancelled.'));
        }
        // A client that never reads what it is owed must not keep the port open.
        const hardStop = setTimeout(() => server.closeAllConnections(), OWED_ANSWER_GRACE_MS);
        hardStop.unref();
        const closed = () => {
          clearTimeout(hardStop);
          resolve();
        };
        if (server.listening) server.close(closed);
        else closed();
        for (const socket of connections) dropIfAnswered(socket);
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
    const socket = request.socket;
    owed.set(socket, (owed.get(socket) ?? 0) + 1);
    response.once('close', () => {
      const left = (owed.get(socket) ?? 1) - 1;
      if (left > 0) owed.set(socket, left);
      else owed.delete(socket);
      dropIfAnswered(socket);
    });
    const reject = (status: number, reason: string, extra: Record<string, string> = {}) => {
      logger?.warn('loopback request refused', { status, reason, method: request.method ?? '' });
      // Once the sign-in is over, nothing more should come on this connection.
      plainPage(response, status, reason, settled ? { ...extra, Connection: 'close' } : extra);
    };
    // A browser following Spotify's redirect sends HTTP/1.x and the path exactly as registered. The
    // path is compared as sent: the URL parser would read "//host/callback" or "/x/../callback" as it.
    if (request.httpVersionMajor !== 1) return reject(400, 'Bad request.');
    const target = request.url ?? '';
    const queryAt = target.indexOf('?');
    if ((queryAt < 0 ? target : target.slice(0, queryAt)) !== CALLBACK_PATH) return reject(404, 'Not found.');
    let url: URL;
    try {
      url = new URL(target, 'http://loopback.invalid');
    } catch {
      return reject(400, 'Bad request.');
    }
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
  server.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
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
