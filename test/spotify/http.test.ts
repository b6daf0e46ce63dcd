/**
 * The transport's backoff: exponential with equal jitter, capped, and Retry-After honoured
 * (capped) when a 5xx carries one. The retry mechanics themselves are undici's and are
 * exercised over HTTP in web-api.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { formatUntil, MAX_RETRY_AFTER_MS, parseRetryAfterMs, rateLimitedError } from '../../app/spotify/errors.ts';
import { retryDelayMs } from '../../app/spotify/http.ts';

const opts = (random: number) => ({ minRetryDelayMs: 200, maxRetryDelayMs: 1000, random: () => random });

describe('retryDelayMs', () => {
  it('doubles per attempt, between half and all of the step', () => {
    expect([1, 2, 3].map((n) => retryDelayMs(n, opts(0)))).toEqual([100, 200, 400]);
    expect([1, 2, 3].map((n) => retryDelayMs(n, opts(0.999999)))).toEqual([200, 400, 800]);
  });
  it('is capped', () => {
    expect(retryDelayMs(10, opts(1))).toBe(1000);
  });
  it('uses a 5xx Retry-After when present, capped', () => {
    expect(retryDelayMs(1, opts(0), '0')).toBe(0);
    expect(retryDelayMs(1, opts(0), ['0.5'])).toBe(500);
    expect(retryDelayMs(1, opts(0), '120')).toBe(1000);
    expect(retryDelayMs(1, opts(0), 'soon')).toBe(100);
  });
});

describe('Retry-After and the "until" text', () => {
  const now = new Date(2026, 10, 23, 9, 58, 0).getTime();
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('30', now)).toBe(30_000);
    expect(parseRetryAfterMs(new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs('whenever', now)).toBeUndefined();
  });
  // Found by the Spotify-body fuzz: "rate limiting Tunetray until NaN:NaN on NaN-NaN-NaN".
  it('caps an absurd Retry-After at a day, so the "until" text stays a real time', () => {
    expect(parseRetryAfterMs('99999999999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfterMs('Sat, 01 Jan 2500 00:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(MAX_RETRY_AFTER_MS).toBe(24 * 3_600_000);
    expect(rateLimitedError(parseRetryAfterMs('99999999999999', now) ?? 0, now, false).message).toBe(
      'Spotify is rate limiting Tunetray until 09:58 on 2026-11-24. Tunetray will try again then.',
    );
  });
  it('formats local HH:MM, with the date when it is not today', () => {
    expect(formatUntil(now + 7 * 60_000, now)).toBe('10:05');
    expect(formatUntil(now + 24 * 3_600_000, now)).toBe('09:58 on 2026-11-24');
  });
});
