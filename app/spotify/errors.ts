/**
 * Turns what went wrong talking to the Web API into an AppError a person can act on.
 * Spotify's English texts change (the 401 text did in 2026); where a stable signal exists
 * (status, `reason`) we branch on it, and match text only for the 403 variants that have no
 * other signal. The raw Spotify text is never shown on its own: it is for the log.
 */
import { certificateError } from '../network/certificate-failure.ts';
import { ProxyFailure, proxyError } from '../network/proxy-failure.ts';
import { AppError } from '../result.ts';
import { ApiErrorSchema } from './schemas.ts';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Decoded (inflated when it came compressed). */
  body: Buffer;
  /** Body bytes as they crossed the wire, when that differs from body.length. */
  received?: number;
}

export function header(res: Pick<RawResponse, 'headers'>, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The longest Retry-After taken at its word. Spotify's can be an hour or more; one of years is a
 * broken header, and as a date it would not even print ("until NaN:NaN").
 */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/** Retry-After in ms (delta-seconds or an HTTP date), at most a day; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(seconds * 1000)));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - now));
}

/** Local wall-clock time, HH:MM, plus the date when it is not today (Retry-After can be hours). */
export function formatUntil(epochMs: number, now: number): string {
  const at = new Date(epochMs);
  const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  if (at.toDateString() === new Date(now).toDateString()) return hhmm;
  const ymd = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  return `${hhmm} on ${ymd}`;
}

/** The `{error:{status,message,reason}}` body, or null for plain text / empty / other JSON. */
export function parseApiError(body: Buffer): { message: string; reason: string | undefined } | null {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = ApiErrorSchema.safeParse(json);
  return parsed.success ? { message: parsed.data.error.message, reason: parsed.data.error.reason } : null;
}

/** Spotify's own words, shortened and on one line, for logs and as a detail in messages. */
export function spotifySaid(res: RawResponse): string {
  const apiError = parseApiError(res.body);
  const text = apiError ? apiError.message : res.body.toString('utf8');
  return text.replace(/\s+/g, ' ').trim().slice(0, 160);
}

export function rateLimitedError(retryAfterMs: number, now: number, quota: boolean): AppError {
  const until = formatUntil(now + retryAfterMs, now);
  const message = quota
    ? `Spotify's request quota for this Client ID is used up, so Spotify is rate limiting Tunetray until ${until}. Tunetray will try again then.`
    : `Spotify is rate limiting Tunetray until ${until}. Tunetray will try again then.`;
  return new AppError('rate-limited', message, { retryAfterMs });
}

/**
 * Which of Spotify's 403s this is, by the only signal they have (the text). 'other' is the bare
 * `Forbidden`: an endpoint or a resource this app may not use (a quota-mode endpoint, or since
 * 2026 the items of a playlist the user neither owns nor collaborates on).
 */
export function forbiddenKind(res: RawResponse): 'premium' | 'not-registered' | 'scope' | 'other' {
  const apiError = parseApiError(res.body);
  const text = (apiError ? apiError.message : res.body.toString('utf8')).toLowerCase();
  // The 2026 plain-text 403: the owner of the developer app lost (or never had) Premium.
  if (text.includes('premium')) return 'premium';
  if (text.includes('not registered')) return 'not-registered';
  if (text.includes('scope')) return 'scope';
  return 'other';
}

export function forbiddenError(res: RawResponse): AppError {
  switch (forbiddenKind(res)) {
    case 'premium':
      return new AppError(
        'forbidden',
        'The Spotify app owner needs an active Premium subscription: Spotify only lets apps in development mode work while the account that created the Client ID has Premium. Renew Premium on that account, or use a Client ID from an account that has it.',
      );
    case 'not-registered':
      return new AppError(
        'forbidden',
        'This Spotify account may not use your Spotify app yet. Add this Spotify account under User Management in your app in the Spotify developer dashboard, then connect again.',
      );
    case 'scope':
      return new AppError(
        'forbidden',
        'Tunetray is missing a permission it needs to read your profile and playlists. Connect again to grant access.',
      );
    case 'other':
      return new AppError(
        'forbidden',
        'Spotify does not allow your Spotify app to do this. Check the app in the Spotify developer dashboard, then connect again.',
      );
  }
}

/** Any final non-2xx/304 response other than 401 and 429 (handled by the caller). */
export function errorFromResponse(res: RawResponse, now: number): AppError {
  if (res.status === 403) return forbiddenError(res);
  if (res.status >= 500) {
    const retryAfterMs = parseRetryAfterMs(header(res, 'retry-after'), now);
    return new AppError(
      'spotify-unavailable',
      `Spotify is having trouble right now (HTTP ${res.status}). Tunetray will try again later.`,
      retryAfterMs === undefined ? undefined : { retryAfterMs },
    );
  }
  const said = spotifySaid(res);
  return new AppError(
    'unexpected',
    `Spotify refused a request from Tunetray (HTTP ${res.status}${said ? `: ${said}` : ''}). Please try again; if it keeps happening, report it.`,
  );
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/**
 * A thrown transport error (no usable response): 'proxy' when a proxy on the way refused,
 * 'untrusted-certificate' when TLS verification failed, otherwise 'network'.
 */
export function networkError(error: unknown): AppError {
  if (error instanceof ProxyFailure) return proxyError(error);
  const untrusted = certificateError(error);
  if (untrusted) return untrusted;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const name = error instanceof Error ? error.name : '';
  if ((typeof code === 'string' && TIMEOUT_CODES.has(code)) || name === 'TimeoutError') {
    return new AppError(
      'network',
      'Spotify did not answer in time. Check your internet connection; Tunetray will try again.',
      { cause: error },
    );
  }
  return new AppError('network', 'Tunetray could not reach Spotify. Check your internet connection.', {
    cause: error,
  });
}
