/**
 * What a failed refresh means, decided by AppError code (never by English text):
 *  - invalid_grant ('signed-out') and invalid_client end the sign-in: nothing to retry.
 *  - network, 429, 5xx and anything unexpected keep the tokens and retry with exponential
 *    backoff and full jitter, capped at maxBackoffMs, honouring Retry-After up to the cap.
 *
 * And which callers a backoff holds up (backoffHolds): a server that asked us to wait (429) is
 * respected by everyone; an 'offline' backoff ends when the machine wakes or the network comes
 * back, and a 401 proves the network is back too.
 */
import type { Notice } from '../model.ts';
import { AppError } from '../result.ts';
import { backoffDelay } from './backoff.ts';

export const DEFAULT_MAX_BACKOFF_MS = 10 * 60 * 1000;
const BASE_BACKOFF_MS = 2_000;

export const SIGNED_OUT_NOTICE: Notice = {
  level: 'warning',
  code: 'signed-out-by-spotify',
  message: "Spotify ended Tunetray's sign-in (it was revoked or is older than six months). Please connect again.",
  action: 'connect',
};

export const INVALID_CLIENT_NOTICE: Notice = {
  level: 'error',
  code: 'invalid-client',
  message:
    "Spotify no longer accepts Tunetray's Client ID, so Tunetray was signed out. Check the Client ID in Settings, then connect again.",
  action: 'setup',
};

export type RetryReason = 'offline' | 'rate-limited' | 'unavailable';

export interface Backoff {
  attempt: number;
  /** Wall-clock time of the next attempt. */
  nextAttemptAt: number;
  reason: RetryReason;
  error: AppError;
}

export type FailureDecision =
  | { kind: 'sign-out'; notice: Notice; error: AppError }
  /** `unexpected`: not an AppError, so a bug or a surprise worth an error line in the log. */
  | { kind: 'retry'; error: AppError; unexpected: boolean };

export function decideRefreshFailure(error: unknown): FailureDecision {
  if (error instanceof AppError && error.code === 'signed-out') {
    return {
      kind: 'sign-out',
      notice: SIGNED_OUT_NOTICE,
      error: new AppError('signed-out', SIGNED_OUT_NOTICE.message),
    };
  }
  if (error instanceof AppError && error.code === 'invalid-client') {
    return {
      kind: 'sign-out',
      notice: INVALID_CLIENT_NOTICE,
      error: new AppError('invalid-client', INVALID_CLIENT_NOTICE.message),
    };
  }
  if (error instanceof AppError) return { kind: 'retry', error, unexpected: false };
  return {
    kind: 'retry',
    unexpected: true,
    error: new AppError('unexpected', 'Tunetray could not renew the Spotify sign-in. It will try again shortly.', {
      cause: error,
    }),
  };
}

/** The backoff after one more failed attempt, and how long it waits. */
export function nextBackoff(
  previous: Backoff | null,
  error: AppError,
  options: { now: number; random: () => number; maxBackoffMs: number },
): { backoff: Backoff; delayMs: number } {
  const attempt = (previous?.attempt ?? 0) + 1;
  const delay = backoffDelay({
    attempt,
    baseMs: BASE_BACKOFF_MS,
    maxMs: options.maxBackoffMs,
    random: options.random,
    retryAfterMs: error.retryAfterMs,
  });
  const reason: RetryReason =
    error.code === 'network' ? 'offline' : error.code === 'rate-limited' ? 'rate-limited' : 'unavailable';
  return { backoff: { attempt, nextAttemptAt: options.now + delay, reason, error }, delayMs: delay };
}

/**
 * Who may refresh before the backoff's time:
 *  - 'expired' (a Web API call found the token expired): nobody hammers Spotify on every call.
 *  - 'rejected' (a 401): the network is evidently back, so only a server's request to wait holds.
 *  - 'manual' and 'wake' (resume, network back): only a rate limit holds.
 */
export type BackoffTrigger = 'expired' | 'rejected' | 'manual' | 'wake';

export function backoffHolds(backoff: Backoff, trigger: BackoffTrigger, now: number): boolean {
  if (now >= backoff.nextAttemptAt) return false;
  switch (trigger) {
    case 'expired':
      return true;
    case 'rejected':
      return backoff.reason !== 'offline';
    case 'manual':
    case 'wake':
      return backoff.reason === 'rate-limited';
  }
}
