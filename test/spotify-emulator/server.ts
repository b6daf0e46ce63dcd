/**
 * The HTTP server: parses the request line, reads bounded bodies, applies faults, routes to the
 * accounts service, the Web API, images or the control surface, logs, and writes the Reply.
 * Any bad input ends in a Spotify-shaped error; nothing a client sends may crash the process.
 *
 * Plain HTTP/1.1 by default; with a certificate, HTTPS that offers HTTP/2 and HTTP/1.1 over ALPN,
 * as Spotify's servers do (node:http2's compatibility API hands both to the same handler).
 */
import { createServer, type Server, STATUS_CODES } from 'node:http';
import {
  createSecureServer,
  type Http2SecureServer,
  Http2ServerRequest,
  constants as http2Constants,
} from 'node:http2';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { handleAuthorize, handleConsent } from './accounts/authorize.ts';
import { oauthError } from './accounts/oauth-reply.ts';
import { SESSION_COOKIE } from './accounts/sessions.ts';
import { handleToken } from './accounts/token.ts';
import { createApiRouter } from './api/router.ts';
import type { EmulatorContext } from './context.ts';
import { CONTROL_PREFIX, handleControl } from './control.ts';
import { actionFor, type FaultAction, type FaultQueue } from './faults.ts';
import {
  apiError,
  type BodyResult,
  type EmulatorRequest,
  type EmulatorResponse,
  errorPage,
  mediaType,
  parseCookies,
  parseForm,
  queryRecord,
  type Reply,
  readBody,
} from './http.ts';
import { parseImagePath, renderImage } from './images.ts';
import { indexPage } from './index-page.ts';
import { type RequestLog, startEntry } from './request-log.ts';
import type { ConnectionStats, Emulator } from './types.ts';
import { acceptsGzip, type TimerTracker, writeReply } from './writer.ts';

export interface ServerDeps {
  ctx: EmulatorContext;
  faults: FaultQueue;
  log: RequestLog;
  control: Emulator;
}

export type EmulatorServer = Server | Http2SecureServer;

export interface BoundServer {
  server: EmulatorServer;
  port: number;
  /** Connections accepted so far, TLS handshakes completed, and the protocol each one chose. */
  stats(): ConnectionStats;
  /** Stops listening and destroys every open socket (keep-alive, stalled, trickling). */
  close(): Promise<void>;
}

const FORM = 'application/x-www-form-urlencoded';

function splitTarget(target: string): { pathname: string; query: URLSearchParams } | null {
  if (!target.startsWith('/')) return null;
  const q = target.indexOf('?');
  return q < 0
    ? { pathname: target, query: new URLSearchParams() }
    : { pathname: target.slice(0, q), query: new URLSearchParams(target.slice(q + 1)) };
}

function tooLarge(pathname: string): Reply {
  // The token endpoint answers every error the RFC 6749 §5.2 way: 400 invalid_request.
  const reply = pathname.startsWith('/api/')
    ? oauthError('invalid_request', 'Request body too large')
    : apiError(413, 'Request body too large');
  reply.headers.connection = 'close';
  return reply;
}

/** The CDN's answer: a PNG anyone may cache for a day (covers are public; their URLs are what expires). */
function imageReply(png: Buffer): Reply {
  return { status: 200, headers: { 'content-type': 'image/png', 'cache-control': 'public, max-age=86400' }, body: png };
}

/** Installs the emulator on a bound server; returns stop(), which cancels pending timers (latency, trickles). */
export function attachEmulator(server: EmulatorServer, deps: ServerDeps): { stop(): void } {
  const { ctx, faults, log } = deps;
  const api = createApiRouter(ctx);
  const pending = new Set<NodeJS.Timeout>();
  let stopped = false;
  const timers: TimerTracker = {
    setTimeout(fn, ms) {
      if (stopped) return;
      const t = setTimeout(() => {
        pending.delete(t);
        fn();
      }, ms);
      pending.add(t);
    },
  };
  const sleep = (ms: number) => new Promise<void>((resolve) => timers.setTimeout(resolve, ms));

  function route(req: EmulatorRequest, pathname: string, query: URLSearchParams, body: Buffer): Reply {
    const method = req.method ?? 'GET';
    if (pathname === '/v1' || pathname.startsWith('/v1/')) {
      return api({
        method,
        pathname,
        query,
        authorization: req.headers.authorization,
        ifNoneMatch: req.headers['if-none-match'],
      });
    }
    const sessionId = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    if (pathname === '/api/token') {
      if (method !== 'POST') {
        const r = oauthError('invalid_request', 'Only POST is supported');
        r.headers.allow = 'POST';
        return r;
      }
      const type = mediaType(req);
      const parsed = type === FORM ? parseForm(body) : { form: {}, duplicate: null };
      return handleToken(ctx, {
        authorization: req.headers.authorization,
        mediaType: type,
        bodyLength: body.length,
        form: parsed.form,
        duplicate: parsed.duplicate,
      });
    }
    if (pathname === '/authorize') {
      if (method !== 'GET' && method !== 'HEAD') return errorPage('Method not allowed', 405);
      return handleAuthorize(ctx, query, sessionId);
    }
    if (pathname === '/authorize/consent') {
      if (method !== 'POST') return errorPage('Method not allowed', 405);
      if (mediaType(req) !== FORM) return errorPage('Unsupported form submission', 415);
      return handleConsent(ctx, parseForm(body).form, sessionId);
    }
    const image = parseImagePath(pathname);
    if (image && (method === 'GET' || method === 'HEAD')) return imageReply(renderImage(image));
    if (pathname === '/' && (method === 'GET' || method === 'HEAD')) return indexPage(ctx);
    return apiError(404, 'Service not found');
  }

  async function handle(req: EmulatorRequest, res: EmulatorResponse): Promise<void> {
    const target = splitTarget(req.url ?? '/');
    if (!target) {
      writeReply(res, apiError(400, 'Bad request'), null, timers);
      return;
    }
    const { pathname, query } = target;
    const needsBody = req.method !== 'GET' && req.method !== 'HEAD';
    const read: BodyResult = needsBody ? await readBody(req) : { ok: true, body: Buffer.alloc(0) };
    if (!read.ok && read.reason === 'aborted') return;

    if (pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      // The control surface is never logged or faulted: tests must be able to rely on it.
      const reply = read.ok
        ? handleControl(deps.control, req.method ?? 'GET', pathname, mediaType(req), read.body)
        : tooLarge(pathname);
      writeReply(res, reply, null, timers);
      return;
    }

    const entry = startEntry(req, ctx.world.now(), pathname, queryRecord(query));
    if (read.ok && mediaType(req) === FORM && read.body.length > 0) entry.form = { ...parseForm(read.body).form };
    const taken = faults.take(pathname);
    if (taken.latencyMs > 0) {
      await sleep(taken.latencyMs);
      if (stopped || res.destroyed) return;
    }
    const action: FaultAction | null = taken.fault ? actionFor(taken.fault, pathname) : null;
    if (action?.type === 'reset') {
      log.push(entry);
      reset(req);
      return;
    }
    let reply: Reply;
    if (action?.type === 'reply') reply = action.reply;
    else if (!read.ok) reply = tooLarge(pathname);
    else reply = route(req, pathname, query, read.body);
    entry.status = action?.type === 'malformed-json' ? 200 : reply.status;
    log.push(entry);
    const compress =
      ctx.world.switches.gzip &&
      (pathname === '/v1' || pathname.startsWith('/v1/')) &&
      acceptsGzip(req.headers['accept-encoding']);
    entry.bytes = writeReply(res, reply, action, timers, compress).bytes;
  }

  server.on('request', (req: EmulatorRequest, res: EmulatorResponse) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in a handler must not take the emulator down: answer 500 if we still can.
      process.emitWarning(`spotify-emulator: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) writeReply(res, apiError(500, 'Server error.'), null, timers);
      else res.destroy();
    });
  });

  // node:http2 answers malformed requests itself; only the HTTP/1.1 parser needs this.
  server.on('clientError', (err: Error & { code?: string }, socket: Socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'HPE_URI_TOO_LONG' ? 414 : 400;
    const message = status === 400 ? 'Bad request' : (STATUS_CODES[status] ?? 'Bad request');
    const body = JSON.stringify({ error: { status, message } });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  return {
    stop() {
      stopped = true;
      for (const t of pending) clearTimeout(t);
      pending.clear();
    },
  };
}

/**
 * A connection reset as the client sees it: TCP RST on plain HTTP, the TLS connection dropped on
 * HTTPS/1.1, and on HTTP/2 a RST_STREAM for this request only (its siblings on the same
 * connection carry on, as they would behind a real load balancer).
 */
function reset(req: EmulatorRequest): void {
  if (req instanceof Http2ServerRequest) {
    req.stream.close(http2Constants.NGHTTP2_INTERNAL_ERROR);
    return;
  }
  if ('encrypted' in req.socket) req.socket.destroy();
  else req.socket.resetAndDestroy();
}

export interface ServerCertificate {
  cert: string;
  key: string;
}

/**
 * Binds the emulator's server to 127.0.0.1: plain HTTP, or HTTPS (HTTP/2 with HTTP/1.1 for
 * clients that do not offer h2) when given a certificate. The emulator is attached once the URL
 * is known.
 */
export async function bindServer(port: number, beforeClose: () => void, tls?: ServerCertificate): Promise<BoundServer> {
  const server: EmulatorServer = tls
    ? createSecureServer({ cert: tls.cert, key: tls.key, allowHTTP1: true })
    : createServer();
  const sockets = new Set<Socket>();
  const stats: ConnectionStats = { connections: 0, tlsHandshakes: 0, protocols: {} };
  server.on('connection', (socket: Socket) => {
    stats.connections++;
    // As real front ends do: without it, Nagle holds the tail of a TLS-framed body for the
    // client's delayed ACK (40 ms on Linux), which a benchmark would charge to the client.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: TLSSocket) => {
    stats.tlsHandshakes++;
    const protocol = socket.alpnProtocol || 'http/1.1';
    stats.protocols[protocol] = (stats.protocols[protocol] ?? 0) + 1;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('spotify-emulator: no TCP address');
  let closing: Promise<void> | null = null;
  return {
    server,
    port: address.port,
    stats: () => ({ ...stats, protocols: { ...stats.protocols } }),
    close() {
      closing ??= new Promise<void>((resolve) => {
        beforeClose();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      return closing;
    },
  };
}
