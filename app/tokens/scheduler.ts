/**
 * The refresh scheduler: the one owner of token renewal for a signed-in account, and the
 * AccessTokenSource the Web API client draws Bearer tokens from.
 *
 * Timing. One timer, aimed at `expiresAt - margin - jitter` (never earlier than half the token's
 * lifetime, so a short-lived token cannot cause a refresh loop). The timer is armed for at most
 * MAX_TIMER_MS (15 minutes) at a time; when a partial timer fires, the wall clock is compared with
 * the due time again. Why: timers run on a monotonic clock that stops while the machine sleeps,
 * and the wall clock can be set forwards or backwards; expiresAt is wall-clock time (as Spotify's
 * expiry is real time). Re-checking every 15 minutes bounds how late a refresh can be after a
 * clock jump, without any network polling. Resume from sleep and "network online" re-evaluate at
 * once. A timer armed for its whole remaining delay that fires means that much real time has
 * passed, so it counts as due even if the wall clock was set back meanwhile; a wall clock earlier
 * than the token's obtainedAt (set back by more than that) also triggers a refresh, which re-bases
 * expiresAt on the new clock. Smaller backward jumps are covered by the 401 path
 * (renewAfterRejection).
 *
 * Single flight. The timer, current() with an expired token, renewAfterRejection() and
 * refreshNow() share one in-flight refresh. A new TokenSet (keeping the old refresh token when
 * Spotify sends none, and firstAuthorizedAt) is saved to the vault before anyone receives the new
 * access token; only then does the in-flight refresh resolve.
 *
 * Failures. network, 429 and 5xx (and anything unexpected) keep the tokens and retry with
 * exponential backoff and full jitter, capped at maxBackoffMs, honouring Retry-After up to the
 * cap; status 'retrying'. Only invalid_grant ('signed-out') and invalid_client end the sign-in:
 * the vault is cleared, timers cancelled, status 'signed-out' with a notice.
 *
 * stop() cancels every timer and subscription; a refresh that settles afterwards neither saves
 * nor re-arms. Disconnect: the session calls scheduler.stop() and then vault.clear(). On quit,
 * `await scheduler.whenIdle()` before stop() lets a refresh that is already on the wire save the
 * rotated refresh token it receives (otherwise the saved one may have been rotated away).
 */
import { describeError, type Redactor } from '../log.ts';
import type { Notice } from '../model.ts';
import type { Clock, Logger, PowerEvents } from '../ports.ts';
import { AppError } from '../result.ts';
import type { AccessTokenSource } from './access-token-source.ts';
import { backoffDelay } from './backoff.ts';
import { type RefreshGrant, type TokenSet, tokenSetFromGrant } from './token-set.ts';
import type { TokenVault } from './vault.ts';

export type RefreshStatus =
  | { kind: 'idle' }
  | { kind: 'ok'; expiresAt: number }
  | { kind: 'refreshing' }
  | {
      kind: 'retrying';
      reason: 'offline' | 'rate-limited' | 'unavailable';
      nextAttemptAt: number;
      attempt: number;
    }
  | { kind: 'signed-out'; notice: Notice };

export interface RefreshSchedulerOptions {
  vault: Pick<TokenVault, 'save' | 'clear'>;
  refreshGrant: RefreshGrant;
  clock: Clock;
  power: PowerEvents;
  logger: Logger;
  redactor: Redactor;
  /** A value in [0, 1); injectable for reproducible tests. */
  random?: () => number;
  /** Refresh this long before expiry (default 5 minutes). */
  marginMs?: number;
  /** Up to this much earlier again, at random (default 60 seconds). */
  jitterMs?: number;
  /** Longest wait between failed attempts (default 10 minutes). */
  maxBackoffMs?: number;
  onStatus: (status: RefreshStatus) => void;
}

export interface RefreshScheduler extends AccessTokenSource {
  /** Takes over `tokens` (already saved by the caller) and arms renewal; refreshes at once if due. */
  readonly start: (tokens: TokenSet) => void;
  /** Cancels every timer and subscription; an in-flight refresh settling later is ignored. */
  readonly stop: () => void;
  /** Refresh now (a user's "refresh" or "retry"). Joins an in-flight refresh. Rejects with AppError. */
  readonly refreshNow: () => Promise<void>;
  readonly tokens: () => TokenSet | null;
  readonly status: () => RefreshStatus;
  /** Resolves when no refresh is in flight (including its save). Never rejects. */
  readonly whenIdle: () => Promise<void>;
}

export const DEFAULT_MARGIN_MS = 5 * 60 * 1000;
export const DEFAULT_JITTER_MS = 60 * 1000;
export const DEFAULT_MAX_BACKOFF_MS = 10 * 60 * 1000;
/** The longest a timer is armed before the wall clock is checked again (see the header). */
export const MAX_TIMER_MS = 15 * 60 * 1000;
const BASE_BACKOFF_MS = 2_000;
/** An access token this close to expiry is not handed out any more. */
const EXPIRY_SKEW_MS = 30_000;
/** A wall clock this far before the token's obtainedAt means the clock was set back. */
const CLOCK_BACK_TOLERANCE_MS = 60_000;

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

type Outcome = { ok: true; tokens: TokenSet } | { ok: false; error: AppError };

interface Backoff {
  attempt: number;
  /** Wall-clock time of the next attempt. */
  nextAttemptAt: number;
  reason: 'offline' | 'rate-limited' | 'unavailable';
  error: AppError;
}

const notConnected = () => new AppError('not-connected', 'Tunetray is not connected to Spotify.');

export function createRefreshScheduler(options: RefreshSchedulerOptions): RefreshScheduler {
  const { vault, refreshGrant, clock, power, logger, redactor } = options;
  const random = options.random ?? Math.random;
  const marginMs = options.marginMs ?? DEFAULT_MARGIN_MS;
  const jitterMs = options.jitterMs ?? DEFAULT_JITTER_MS;
  const maxBackoffMs = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;

  let tokens: TokenSet | null = null;
  let running = false;
  /** Bumped by start(), stop() and sign-out: a refresh from an older generation is ignored. */
  let generation = 0;
  let current: RefreshStatus = { kind: 'idle' };
  let cancelTimer: (() => void) | null = null;
  let unsubscribe: Array<() => void> = [];
  let inflight: Promise<Outcome> | null = null;
  /** Wall-clock time of the next proactive refresh, with its jitter drawn once per token set. */
  let plannedAt: number | null = null;
  let backoff: Backoff | null = null;
  let signedOutError: AppError | null = null;

  const setStatus = (next: RefreshStatus) => {
    if (JSON.stringify(next) === JSON.stringify(current)) return;
    current = next;
    try {
      options.onStatus(next);
    } catch (error) {
      logger.error('refresh scheduler: status listener threw', { error: describeError(error) });
    }
  };

  const clearTimer = () => {
    cancelTimer?.();
    cancelTimer = null;
  };

  const remember = (set: TokenSet) => {
    redactor.remember(set.accessToken);
    redactor.remember(set.refreshToken);
  };

  const plan = (set: TokenSet): number => {
    const early = set.expiresAt - marginMs - Math.floor(random() * jitterMs);
    const halfLife = set.obtainedAt + Math.max(0, set.expiresAt - set.obtainedAt) / 2;
    return Math.max(early, Math.floor(halfLife));
  };

  /** Arms the one timer towards wall-clock `target`, in slices of at most MAX_TIMER_MS. */
  const arm = (target: number) => {
    clearTimer();
    const delay = Math.max(0, target - clock.now());
    const whole = delay <= MAX_TIMER_MS;
    const cancel = clock.setTimer(
      () => {
        if (cancelTimer !== cancel) return;
        cancelTimer = null;
        if (whole) due();
        else evaluate();
      },
      whole ? delay : MAX_TIMER_MS,
    );
    cancelTimer = cancel;
  };

  /** The whole delay has elapsed on the monotonic clock: refresh (or retry) now. */
  const due = () => {
    if (!running || !tokens || inflight) return;
    void refresh('timer');
  };

  /** Decides, from the wall clock, whether to refresh now or when to look again. */
  const evaluate = () => {
    if (!running || !tokens || inflight) return;
    const now = clock.now();
    if (backoff) {
      if (now >= backoff.nextAttemptAt) void refresh('retry');
      else arm(backoff.nextAttemptAt);
      return;
    }
    plannedAt ??= plan(tokens);
    if (now >= plannedAt || now < tokens.obtainedAt - CLOCK_BACK_TOLERANCE_MS) {
      void refresh('due');
      return;
    }
    arm(plannedAt);
    setStatus({ kind: 'ok', expiresAt: tokens.expiresAt });
  };

  /** Resume from sleep or network back: a network backoff ends now; a server's Retry-After stands. */
  const wake = (why: 'resume' | 'online') => {
    if (!running) return;
    logger.debug('refresh scheduler: re-checking', { why });
    if (backoff && backoff.reason !== 'rate-limited')
      backoff.nextAttemptAt = Math.min(backoff.nextAttemptAt, clock.now());
    evaluate();
  };

  const teardown = () => {
    generation++;
    running = false;
    clearTimer();
    for (const off of unsubscribe) off();
    unsubscribe = [];
    inflight = null;
    tokens = null;
    plannedAt = null;
    backoff = null;
  };

  async function signOut(notice: Notice, error: AppError): Promise<Outcome> {
    teardown();
    const ended = generation;
    signedOutError = error;
    logger.warn('refresh scheduler: Spotify ended the sign-in', { reason: notice.code });
    try {
      await vault.clear();
    } catch (clearError) {
      logger.error('refresh scheduler: could not clear the vault', { error: describeError(clearError) });
    }
    // A start() during the clear belongs to a new sign-in; do not overwrite its status.
    if (generation === ended) setStatus({ kind: 'signed-out', notice });
    return { ok: false, error };
  }

  function retryLater(error: AppError): Outcome {
    const attempt = (backoff?.attempt ?? 0) + 1;
    const delay = backoffDelay({
      attempt,
      baseMs: BASE_BACKOFF_MS,
      maxMs: maxBackoffMs,
      random,
      retryAfterMs: error.retryAfterMs,
    });
    const reason =
      error.code === 'network' ? 'offline' : error.code === 'rate-limited' ? 'rate-limited' : 'unavailable';
    const nextAttemptAt = clock.now() + delay;
    backoff = { attempt, nextAttemptAt, reason, error };
    logger.info('refresh scheduler: refresh failed, will retry', { code: error.code, attempt, delayMs: delay });
    setStatus({ kind: 'retrying', reason, nextAttemptAt, attempt });
    return { ok: false, error };
  }

  /** One attempt; never throws. State changes only while `gen` is still the current generation. */
  async function attempt(gen: number, base: TokenSet): Promise<Outcome> {
    const stopped = (): Outcome => ({ ok: false, error: notConnected() });
    let next: TokenSet;
    try {
      const grant = await refreshGrant(base.refreshToken);
      if (gen !== generation) return stopped();
      next = tokenSetFromGrant(grant, clock.now(), base);
      // A refresh that names no scopes did not take any away: keep what was granted.
      if (grant.scopes.length === 0) next = { ...next, scopes: base.scopes };
    } catch (error) {
      if (gen !== generation) return stopped();
      if (error instanceof AppError && error.code === 'signed-out') {
        return signOut(SIGNED_OUT_NOTICE, new AppError('signed-out', SIGNED_OUT_NOTICE.message));
      }
      if (error instanceof AppError && error.code === 'invalid-client') {
        return signOut(INVALID_CLIENT_NOTICE, new AppError('invalid-client', INVALID_CLIENT_NOTICE.message));
      }
      if (error instanceof AppError) return retryLater(error);
      logger.error('refresh scheduler: unexpected refresh failure', { error: describeError(error) });
      return retryLater(
        new AppError('unexpected', 'Tunetray could not renew the Spotify sign-in. It will try again shortly.', {
          cause: error,
        }),
      );
    }
    remember(next);
    // Persist first: a rotated refresh token must be on disk before the new access token is used.
    try {
      await vault.save(next);
    } catch (error) {
      logger.error('refresh scheduler: saving the renewed tokens failed', { error: describeError(error) });
    }
    // Stopped while saving: the disconnect's vault.clear() is queued behind this save.
    if (gen !== generation) return stopped();
    tokens = next;
    backoff = null;
    plannedAt = plan(next);
    logger.info('refresh scheduler: tokens renewed', {
      expiresInSec: Math.round((next.expiresAt - next.obtainedAt) / 1000),
      rotated: next.refreshToken !== base.refreshToken,
    });
    return { ok: true, tokens: next };
  }

  /** Starts the one in-flight refresh, or joins it. The promise never rejects. */
  function refresh(trigger: string): Promise<Outcome> {
    if (inflight) return inflight;
    const base = tokens;
    if (!running || !base) return Promise.resolve({ ok: false, error: notConnected() });
    const gen = generation;
    clearTimer();
    logger.debug('refresh scheduler: refreshing', { trigger });
    setStatus({ kind: 'refreshing' });
    const flight: Promise<Outcome> = Promise.resolve().then(async () => {
      const outcome = await attempt(gen, base);
      if (inflight === flight) inflight = null;
      if (gen === generation) evaluate();
      return outcome;
    });
    inflight = flight;
    return flight;
  }

  const unwrap = (outcome: Outcome): string => {
    if (outcome.ok) return outcome.tokens.accessToken;
    throw outcome.error;
  };

  /** The error to fail with when there is no account to serve, else null. */
  const gate = (): AppError | null => {
    if (running && tokens) return null;
    return signedOutError ?? notConnected();
  };

  const fresh = (set: TokenSet) => clock.now() < set.expiresAt - EXPIRY_SKEW_MS;

  async function currentToken(): Promise<string> {
    const blocked = gate();
    if (blocked || !tokens) throw blocked ?? notConnected();
    if (fresh(tokens)) return tokens.accessToken;
    if (inflight) return unwrap(await inflight);
    // Backing off: do not hammer Spotify on every call; the timer, resume or online retries.
    if (backoff && clock.now() < backoff.nextAttemptAt) throw backoff.error;
    return unwrap(await refresh('expired'));
  }

  return {
    current: currentToken,

    async renewAfterRejection(rejected) {
      const blocked = gate();
      if (blocked || !tokens) throw blocked ?? notConnected();
      // Already replaced (another 401 got here first): no second refresh.
      if (tokens.accessToken !== rejected) return currentToken();
      if (inflight) return unwrap(await inflight);
      // A 401 proves the network is back, so an 'offline' backoff does not hold it up;
      // a server that asked us to wait (429, 5xx) is respected.
      if (backoff && backoff.reason !== 'offline' && clock.now() < backoff.nextAttemptAt) throw backoff.error;
      return unwrap(await refresh('rejected'));
    },

    start(initial) {
      teardown();
      generation++;
      running = true;
      signedOutError = null;
      tokens = initial;
      remember(initial);
      unsubscribe = [power.onResume(() => wake('resume')), power.onOnline(() => wake('online'))];
      evaluate();
    },

    stop() {
      teardown();
      if (current.kind !== 'signed-out') setStatus({ kind: 'idle' });
    },

    async refreshNow() {
      const blocked = gate();
      if (blocked) throw blocked;
      if (inflight) {
        unwrap(await inflight);
        return;
      }
      if (backoff && backoff.reason === 'rate-limited' && clock.now() < backoff.nextAttemptAt) throw backoff.error;
      unwrap(await refresh('manual'));
    },

    tokens: () => (running ? tokens : null),
    status: () => current,

    async whenIdle() {
      while (inflight) await inflight;
    },
  };
}
