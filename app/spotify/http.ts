/**
 * The HTTP transport for the Web API: one keep-alive undici Agent per signed-in account,
 * composed with undici's own retry interceptor. The Web API client (web-api.ts) creates one
 * when a session connects and closes it on disconnect, so sockets (and anything they carry)
 * never outlive the account that opened them.
 *
 * Why no `interceptors.cache`: the conditional requests that make an unchanged library cheap
 * are done explicitly (fetch-all-playlists.ts sends If-None-Match per page) because the caller
 * has to *know* a page was a 304 to reuse its already-mapped playlists and to persist the
 * validators across restarts (app/library/library-cache.ts). undici's cache would turn a 304
 * back into a 200 with a replayed body, hide that fact, and keep personal data in a second,
 * memory-only cache. The persisted library cache is the one cache, private to one account and
 * cleared on disconnect.
 */
import { Agent, type Dispatcher, interceptors } from 'undici';

export interface SpotifyHttpOptions {
  /** TCP + TLS handshake budget. Spotify answers in well under a second when the network is fine. */
  connectTimeoutMs?: number;
  /** From request sent to response headers received. */
  headersTimeoutMs?: number;
  /** Longest silence between two body chunks: catches a server that stalls mid-body. */
  bodyTimeoutMs?: number;
  /** Sockets per origin. fetchAllPlaylists runs up to 6 pages at once; a few spare for /me. */
  connections?: number;
  /** Retries of an idempotent request after a 5xx or a connection error (not counting the first try). */
  maxRetries?: number;
  /** First backoff; doubles per retry, with jitter, capped at maxRetryDelayMs. */
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Injectable for tests; returns [0, 1). */
  random?: () => number;
}

export const DEFAULT_HTTP_OPTIONS = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 15_000,
  bodyTimeoutMs: 15_000,
  // One socket per page in flight (DEFAULT_CONCURRENCY), plus room for the profile request.
  connections: 16,
  maxRetries: 3,
  minRetryDelayMs: 250,
  maxRetryDelayMs: 4_000,
} as const;

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

export function createSpotifyDispatcher(options: SpotifyHttpOptions = {}): Dispatcher {
  const o = { ...DEFAULT_HTTP_OPTIONS, ...options };
  const random = options.random ?? Math.random;
  const agent = new Agent({
    connectTimeout: o.connectTimeoutMs,
    headersTimeout: o.headersTimeoutMs,
    bodyTimeout: o.bodyTimeoutMs,
    connections: o.connections,
    // Keep idle sockets for a minute: the tray refreshes on demand and on resume, and a warm
    // socket saves a TLS handshake on each of those.
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 120_000,
  });
  return agent.compose(
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
}
