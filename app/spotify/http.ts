/**
 * The HTTP transport for the Web API and the token endpoint: one keep-alive undici Agent per
 * signed-in account, composed with undici's own retry interceptor and with the proxy routing of
 * app/network (the system's proxy, HTTPS_PROXY / NO_PROXY, undici's ProxyAgent), trusting Node's
 * roots, the operating system's store and any extra roots (app/network/trust.ts). The session
 * creates one when an account connects and closes it on disconnect, so sockets (and anything
 * they carry) never outlive the account that opened them.
 *
 * HTTP/2: undici 8 offers h2 over ALPN by default, and while the first TLS connection to an
 * origin is negotiating, its pool holds further requests back instead of opening more sockets.
 * Spotify speaks h2, so a sync is one connection with every page multiplexed on it (http/1.1
 * servers still get up to `connections` sockets). The connection-level flow-control window is
 * raised so that a burst of pages (2,000 playlists are ~2 MB of JSON) is not held back waiting
 * for WINDOW_UPDATE round trips.
 *
 * Why no `interceptors.cache`: the conditional requests that make an unchanged library cheap
 * are done explicitly (fetch-all-playlists.ts sends If-None-Match per page) because the caller
 * has to *know* a page was a 304 to reuse its already-mapped playlists and to persist the
 * validators across restarts (app/library/library-cache.ts). undici's cache would turn a 304
 * back into a 200 with a replayed body, hide that fact, and keep personal data in a second,
 * memory-only cache. The persisted library cache is the one cache, private to one account and
 * cleared on disconnect.
 */
import { Agent, type Dispatcher, interceptors, ProxyAgent } from 'undici';
import type { ProxyEnvironment } from '../network/environment-proxy.ts';
import type { ProxyRoute } from '../network/proxy-route.ts';
import { createRouter, routingInterceptor } from '../network/router.ts';
import { createTrust } from '../network/trust.ts';
import type { Logger, ProxyResolver } from '../ports.ts';

/** How this machine reaches the internet: the proxy to use and the roots to trust. */
export interface NetworkOptions {
  /** The operating system's proxy for a URL (Electron's session.resolveProxy). Absent: direct. */
  proxyResolver?: ProxyResolver | undefined;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY; a proxy set here wins over the system's. */
  env?: ProxyEnvironment | undefined;
  /** PEM roots trusted in addition to Node's and the system's (a corporate root, the TLS emulator). */
  extraCaCertificates?: readonly string[] | undefined;
  /** Also trust the operating system's certificate store (default true). */
  systemCaStore?: boolean | undefined;
}

export interface SpotifyHttpOptions {
  /** TCP + TLS handshake budget. Spotify answers in well under a second when the network is fine. */
  connectTimeoutMs?: number;
  /** From request sent to response headers received. */
  headersTimeoutMs?: number;
  /** Longest silence between two body chunks: catches a server that stalls mid-body. */
  bodyTimeoutMs?: number;
  /** Sockets per origin when the server speaks only HTTP/1.1 (over HTTP/2 everything shares one). */
  connections?: number;
  /** Retries of an idempotent request after a 5xx or a connection error (not counting the first try). */
  maxRetries?: number;
  /** First backoff; doubles per retry, with jitter, capped at maxRetryDelayMs. */
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Injectable for tests; returns [0, 1). */
  random?: () => number;
  /** How to reach the internet: proxy, roots. Absent: direct, trusting Node's roots and the system's. */
  network?: NetworkOptions;
  /** For the route decisions (which proxy, and why not one). */
  logger?: Logger;
}

export interface SpotifyTransport {
  /** Retries, timeouts, proxy routing and HTTP/2, for every request of one account. */
  readonly dispatcher: Dispatcher;
  /** The route requests to `url`'s origin take now; undefined until the first request there. */
  readonly routeFor: (url: string) => ProxyRoute | undefined;
  /** Closes every connection, direct and through proxies. */
  readonly close: () => Promise<void>;
}

export const DEFAULT_HTTP_OPTIONS = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 15_000,
  bodyTimeoutMs: 15_000,
  // HTTP/1.1 only: 16 pages at a time on their own sockets; HTTP/2 multiplexes all of them on one.
  connections: 16,
  maxRetries: 3,
  minRetryDelayMs: 250,
  maxRetryDelayMs: 4_000,
} as const;

/** Enough for a whole sync's pages in flight at once; the server's own window still applies. */
const H2_CONNECTION_WINDOW_BYTES = 16 * 1024 * 1024;

/**
 * 429 is deliberately absent: a Retry-After can be an hour, and the Web API client decides
 * (cap, one wait, then a "rate limited until HH:MM" state). 5xx are worth a quick retry:
 * Spotify documents 502/503 as transient.
 */
const RETRY_STATUS = [500, 502, 503, 504];

/**
 * Connection-level failures where the request never produced a response, so a GET can be
 * sent again safely. Timeouts are not here: a server that stalled once for 15 s will most
 * likely stall again, and three more stalls would leave the user staring at a spinner.
 */
const RETRY_ERROR_CODES = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET'];

interface RetryableError extends Error {
  statusCode?: number;
  code?: string;
  headers?: Record<string, string | string[] | undefined>;
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so retries from
 * many clients (or our six parallel pages) spread out instead of hitting Spotify in lockstep.
 * undici's default strategy has no jitter, which is the only reason this function exists; the
 * retry mechanics (re-dispatch, dropping the failed body) stay undici's.
 */
export function retryDelayMs(
  attempt: number,
  opts: { minRetryDelayMs: number; maxRetryDelayMs: number; random: () => number },
  retryAfterHeader?: string | string[],
): number {
  const header = Array.isArray(retryAfterHeader) ? retryAfterHeader[0] : retryAfterHeader;
  if (header !== undefined) {
    const seconds = Number(header);
    // A 503 with a short Retry-After is Spotify telling us exactly when to come back.
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, opts.maxRetryDelayMs);
  }
  const step = Math.min(opts.minRetryDelayMs * 2 ** Math.max(0, attempt - 1), opts.maxRetryDelayMs);
  return Math.round(step / 2 + (step / 2) * opts.random());
}

export function createSpotifyTransport(options: SpotifyHttpOptions = {}): SpotifyTransport {
  const o = { ...DEFAULT_HTTP_OPTIONS, ...options };
  const random = options.random ?? Math.random;
  const network = options.network ?? {};
  const { secureContext } = createTrust({
    extraCaCertificates: network.extraCaCertificates ?? [],
    systemStore: network.systemCaStore ?? true,
  });
  const agentOptions = {
    connectTimeout: o.connectTimeoutMs,
    headersTimeout: o.headersTimeoutMs,
    bodyTimeout: o.bodyTimeoutMs,
    connections: o.connections,
    // Keep idle sockets for a minute: the tray refreshes on demand and on resume, and a warm
    // socket saves a TLS handshake on each of those.
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 120_000,
    allowH2: true,
    h2Options: { connectionWindowSize: H2_CONNECTION_WINDOW_BYTES },
  };
  const direct = new Agent({ ...agentOptions, connect: { secureContext } });
  const proxies = new Map<string, ProxyAgent>();
  const proxyAgent = (route: Extract<ProxyRoute, { kind: 'proxy' }>): ProxyAgent => {
    let agent = proxies.get(route.uri);
    if (!agent) {
      // The tunnel's far end is Spotify: same roots, same HTTP/2 and timeouts as going direct.
      agent = new ProxyAgent({
        ...agentOptions,
        uri: route.uri,
        requestTls: { secureContext },
        proxyTls: { secureContext },
      });
      proxies.set(route.uri, agent);
    }
    return agent;
  };
  const router = createRouter({ proxyResolver: network.proxyResolver, env: network.env, logger: options.logger });
  const dispatcher = direct.compose(
    routingInterceptor(router, proxyAgent),
    interceptors.retry({
      methods: ['GET'],
      statusCodes: RETRY_STATUS,
      errorCodes: RETRY_ERROR_CODES,
      maxRetries: o.maxRetries,
      // Hand the last 5xx response (with its body) to the caller instead of a bare error, so
      // the client can say "Spotify is having trouble" with whatever Spotify said.
      throwOnError: false,
      retry(err, { state }, callback) {
        const e = err as RetryableError;
        const retryableStatus = e.statusCode !== undefined && RETRY_STATUS.includes(e.statusCode);
        const retryableConnection =
          e.statusCode === undefined && e.code !== undefined && RETRY_ERROR_CODES.includes(e.code);
        if ((!retryableStatus && !retryableConnection) || state.counter > o.maxRetries) {
          callback(err);
          return;
        }
        const delay = retryDelayMs(state.counter, { ...o, random }, e.headers?.['retry-after']);
        setTimeout(() => callback(null), delay);
      },
    }),
  );
  return {
    dispatcher,
    routeFor: (url) => router.known(new URL(url).origin),
    async close() {
      await Promise.all([direct.close(), ...[...proxies.values()].map((agent) => agent.close())]);
    },
  };
}
