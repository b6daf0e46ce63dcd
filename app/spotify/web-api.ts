/**
 * The Web API client: the reads Tunetray needs (profile, one page of playlists, and through
 * getJson a playlist and its items, see playlist-api.ts), with the policies of
 * ../shared/spotify-api.md section 3 in one place:
 *
 * - Bearer from the AccessTokenSource; ANY 401 -> one shared renewal, one retry; a second 401
 *   is "not connected" (the source makes 20 concurrent 401s cost one refresh).
 * - 429: one gate for all requests of the client (rate-limit-gate.ts): they wait out a
 *   Retry-After up to a cap together and resume a few at a time; past the cap, or refused again
 *   after that, a "rate limited until HH:MM" error carrying retryAfterMs, so the session can
 *   show it and schedule the next try.
 * - 5xx and connection errors on GET: retried in the transport (http.ts, undici's retry
 *   interceptor with jittered backoff); what is still failing becomes 'spotify-unavailable'.
 * - Everything else (timeouts, resets, plain-text or malformed bodies, unknown shapes) becomes
 *   an AppError with words a person can act on. Nothing here throws anything but AppError.
 *
 * One instance per signed-in account: `close()` on disconnect closes its sockets and cancels
 * anything in flight.
 */
import { type Dispatcher, request } from 'undici';
import type { z } from 'zod';
import { describeError } from '../log.ts';
import type { PlaylistSummary, Profile } from '../model.ts';
import type { Logger } from '../ports.ts';
import { AppError } from '../result.ts';
import type { AccessTokenSource } from '../tokens/access-token-source.ts';
import { ACCEPT_ENCODING, decodeBody } from './content-encoding.ts';
import {
  errorFromResponse,
  forbiddenKind,
  header,
  networkError,
  parseApiError,
  parseRetryAfterMs,
  type RawResponse,
  rateLimitedError,
  spotifySaid,
} from './errors.ts';
import { createSpotifyTransport, type SpotifyHttpOptions } from './http.ts';
import { toPlaylistSummary, toProfile } from './mapping.ts';
import { createRateLimitGate, type Permit, RateLimitedUntil } from './rate-limit-gate.ts';
import { MeSchema, PlaylistPageSchema, SimplifiedPlaylistSchema } from './schemas.ts';

/** The largest page /v1/me/playlists serves; more is `400 Invalid limit`. */
export const MAX_PAGE_LIMIT = 50;

/**
 * The result of a conditional GET. `bytes` is the body size actually received (0 for a 304),
 * for the benchmark and for logs.
 */
export type Conditional<T> =
  | { notModified: false; value: T; etag: string | null; bytes: number }
  | { notModified: true; etag: string | null; bytes: number };

export interface PlaylistPage {
  items: PlaylistSummary[];
  total: number;
  offset: number;
  limit: number;
  /** As Spotify sent it (may point at /v1/users/{id}/playlists); fetchAllPlaylists does not follow it. */
  next: string | null;
  /** Entries without an ID (null, or not a playlist at all): nothing to show or open, so dropped and logged. */
  skipped: number;
}

export interface WebApi {
  /** Without a validator there can be no 304, so the answer is always the profile. */
  getProfile(): Promise<Profile>;
  /** Conditional: `notModified` when the ETag still matches. */
  getProfile(opts: { etag?: string }): Promise<Conditional<Profile>>;
  getPlaylistPage(offset: number, limit: number, etag?: string): Promise<Conditional<PlaylistPage>>;
  /**
   * A conditional GET of another Web API read (a playlist, its items) with the same policies:
   * the body is checked with `schema` (a mismatch is an AppError naming `what`) and turned into
   * the caller's value by `map`. `forbidden` replaces the error for Spotify's bare 403
   * `Forbidden` (not the Premium, registration or scope ones), for reads where that 403 is a rule
   * the caller explains in its own words.
   */
  getJson<S extends z.ZodType, T>(
    pathAndQuery: string,
    read: { what: string; schema: S; map: (value: z.output<S>) => T },
    options?: { etag?: string; forbidden?: () => AppError },
  ): Promise<Conditional<T>>;
  /** Closes the transport this client created and cancels requests and waits in flight. */
  close(): Promise<void>;
}

export interface WebApiOptions {
  /** Base including the version, e.g. https://api.spotify.com/v1 (configurable for the emulator). */
  apiUrl: string;
  tokens: AccessTokenSource;
  /** An injected dispatcher stays the caller's to close; without one, the client owns a fresh one. */
  dispatcher?: Dispatcher;
  /** Options for the dispatcher the client creates when none is injected. */
  http?: SpotifyHttpOptions;
  logger: Logger;
  now?: () => number;
  /** Longest Retry-After worth waiting for inside one call; longer ones become 'rate-limited'. */
  maxRetryAfterMs?: number;
  /** Hard ceiling per attempt, including transport retries: a trickling body cannot hold a sync forever. */
  requestTimeoutMs?: number;
}

export const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 45_000;
/** A reply that arrived but cannot be decoded (garbled compression, an encoding not asked for). */
const UNREADABLE_REPLY = 'Spotify sent a reply Tunetray could not read (it was cut off or garbled). Please try again.';

/** A 429 without Retry-After (not seen from Spotify, but possible from a proxy). */
const DEFAULT_RETRY_AFTER_MS = 2_000;

export function createWebApi(options: WebApiOptions): WebApi {
  const { tokens, logger } = options;
  const apiUrl = options.apiUrl.replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // An injected dispatcher stays the caller's to close; otherwise this client owns a transport.
  const transport = options.dispatcher
    ? { dispatcher: options.dispatcher, close: async () => {} }
    : createSpotifyTransport({ ...options.http, logger });
  const { dispatcher } = transport;
  const lifetime = new AbortController();

  const cancelled = () => new AppError('cancelled', 'Tunetray disconnected from Spotify before this finished.');

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (lifetime.signal.aborted) return reject(cancelled());
      const onAbort = () => {
        clearTimeout(timer);
        reject(cancelled());
      };
      const timer = setTimeout(() => {
        lifetime.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      lifetime.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** One attempt on the wire (the transport may retry 5xx/resets inside it). Never throws a non-AppError. */
  async function send(pathAndQuery: string, token: string, etag: string | undefined): Promise<RawResponse> {
    if (lifetime.signal.aborted) throw cancelled();
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      'accept-encoding': ACCEPT_ENCODING,
    };
    if (etag) headers['if-none-match'] = etag;
    let received: RawResponse;
    try {
      const res = await request(`${apiUrl}${pathAndQuery}`, {
        method: 'GET',
        headers,
        dispatcher,
        signal: AbortSignal.any([lifetime.signal, AbortSignal.timeout(requestTimeoutMs)]),
      });
      received = { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
    } catch (error) {
      if (lifetime.signal.aborted) throw cancelled();
      logger.warn('Web API request failed without a response', { path: pathAndQuery, error: describeError(error) });
      throw networkError(error);
    }
    // The reply did arrive: a body that will not decode is unreadable, not "offline".
    try {
      const body = await decodeBody(received.body, header(received, 'content-encoding'));
      return { ...received, body, received: received.body.length };
    } catch (error) {
      logger.warn('Web API sent a body that could not be decoded', { path: pathAndQuery, error: describeError(error) });
      throw new AppError('unexpected', UNREADABLE_REPLY, { cause: error });
    }
  }

  /** Shared by every request of this client: a 429 makes all of them wait together (rate-limit-gate.ts). */
  const gate = createRateLimitGate({ now, sleep, maxWaitMs: maxRetryAfterMs });

  /** Sends once the gate lets it, and tells the gate how it went. */
  async function attempt(pathAndQuery: string, token: string, etag: string | undefined) {
    let permit: Permit;
    try {
      permit = await gate.enter();
    } catch (error) {
      if (!(error instanceof RateLimitedUntil)) throw error;
      throw rateLimitedError(error.retryAfterMs, now(), false);
    }
    try {
      return { res: await send(pathAndQuery, token, etag), permit };
    } finally {
      permit.release();
    }
  }

  /** GET with the 401 and 429 policies; returns a 2xx or 304 response, throws AppError otherwise. */
  async function get(pathAndQuery: string, etag: string | undefined, forbidden?: () => AppError): Promise<RawResponse> {
    let token = await tokens.current();
    let renewed = false;
    for (;;) {
      const { res, permit } = await attempt(pathAndQuery, token, etag);
      logger.debug('Web API', { path: pathAndQuery, status: res.status, bytes: res.received ?? res.body.length });
      if (res.status !== 429) gate.passed();
      if ((res.status >= 200 && res.status < 300) || res.status === 304) return res;

      if (res.status === 401) {
        if (renewed) {
          logger.warn('Web API rejected a freshly renewed token', { path: pathAndQuery, said: spotifySaid(res) });
          throw new AppError(
            'not-connected',
            "Spotify no longer accepts Tunetray's sign-in. Connect again to see your library.",
          );
        }
        renewed = true;
        token = await tokens.renewAfterRejection(token);
        continue;
      }

      if (res.status === 429) {
        // A quota is a budget for the whole app, not a burst: retrying early spends it again.
        const quota = parseApiError(res.body)?.reason === 'QUOTA_EXCEEDED';
        const retryAfterMs = parseRetryAfterMs(header(res, 'retry-after'), now()) ?? DEFAULT_RETRY_AFTER_MS;
        const verdict = gate.refused(permit, retryAfterMs, { quota });
        logger.warn('Web API rate limited', { path: pathAndQuery, retryAfterMs, quota, retry: verdict.retry });
        if (verdict.retry) continue;
        throw rateLimitedError(verdict.retryAfterMs, now(), quota);
      }

      logger.warn('Web API error', { path: pathAndQuery, status: res.status, said: spotifySaid(res) });
      if (res.status === 403 && forbidden && forbiddenKind(res) === 'other') throw forbidden();
      throw errorFromResponse(res, now());
    }
  }

  function parseJson(res: RawResponse, what: string): unknown {
    try {
      return JSON.parse(res.body.toString('utf8'));
    } catch (error) {
      logger.warn('Web API sent malformed JSON', { what, bytes: res.body.length, error: describeError(error) });
      throw new AppError(
        'unexpected',
        `Spotify sent ${what} that Tunetray could not read (the reply was cut off or garbled). Please try again.`,
        { cause: error },
      );
    }
  }

  function unreadable(what: string, issues: string): AppError {
    logger.warn('Web API response did not match the expected shape', { what, issues });
    return new AppError(
      'unexpected',
      `Spotify sent ${what} in a form this version of Tunetray does not understand. Check for an update to Tunetray.`,
    );
  }

  const describeIssues = (issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) =>
    issues
      .slice(0, 5)
      .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
      .join('; ');

  function conditional<T>(res: RawResponse, sentEtag: string | undefined, map: () => T): Conditional<T> {
    const etag = header(res, 'etag') ?? null;
    const bytes = res.received ?? res.body.length;
    if (res.status === 304) return { notModified: true, etag: etag ?? sentEtag ?? null, bytes };
    return { notModified: false, value: map(), etag, bytes };
  }

  async function getProfileConditional(etag: string | undefined): Promise<Conditional<Profile>> {
    const res = await get('/me', etag);
    return conditional(res, etag, () => {
      const parsed = MeSchema.safeParse(parseJson(res, 'your profile'));
      if (!parsed.success) throw unreadable('your profile', describeIssues(parsed.error.issues));
      return toProfile(parsed.data);
    });
  }

  function getProfile(): Promise<Profile>;
  function getProfile(opts: { etag?: string }): Promise<Conditional<Profile>>;
  async function getProfile(opts?: { etag?: string }): Promise<Profile | Conditional<Profile>> {
    if (opts) return getProfileConditional(opts.etag);
    const res = await getProfileConditional(undefined);
    if (res.notModified)
      throw new AppError('unexpected', 'Spotify sent an empty answer for your profile. Please try again.');
    return res.value;
  }

  return {
    getProfile,

    async getPlaylistPage(offset, limit, etag) {
      if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
        throw new AppError('invalid-argument', `A playlist page needs offset >= 0 and limit 1..${MAX_PAGE_LIMIT}.`);
      }
      const res = await get(`/me/playlists?limit=${limit}&offset=${offset}`, etag);
      return conditional(res, etag, () => {
        const parsed = PlaylistPageSchema.safeParse(parseJson(res, 'your playlists'));
        if (!parsed.success) throw unreadable('your playlists', describeIssues(parsed.error.issues));
        const items: PlaylistSummary[] = [];
        let skipped = 0;
        for (const raw of parsed.data.items) {
          const playlist = SimplifiedPlaylistSchema.safeParse(raw);
          if (playlist.success) items.push(toPlaylistSummary(playlist.data));
          else skipped++;
        }
        if (skipped > 0) logger.warn('Skipped unreadable playlist entries', { offset, skipped });
        const page = parsed.data;
        return { items, total: page.total, offset: page.offset, limit: page.limit, next: page.next ?? null, skipped };
      });
    },

    async getJson(pathAndQuery, read, options = {}) {
      const res = await get(pathAndQuery, options.etag, options.forbidden);
      return conditional(res, options.etag, () => {
        const parsed = read.schema.safeParse(parseJson(res, read.what));
        if (!parsed.success) throw unreadable(read.what, describeIssues(parsed.error.issues));
        return read.map(parsed.data);
      });
    },

    async close() {
      lifetime.abort();
      try {
        await transport.close();
      } catch (error) {
        logger.debug('Closing the Web API transport failed', { error: describeError(error) });
      }
    },
  };
}
