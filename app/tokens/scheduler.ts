/**
 * The refresh scheduler: the one owner of token renewal for a signed-in account, and the
 * AccessTokenSource the Web API client draws Bearer tokens from. It holds the account's current
 * TokenSet and its status, and puts three parts together, each in its own file:
 *  - timing (refresh-timing.ts): when the next refresh is due, one wall-clock-checked timer;
 *    resume from sleep and "network online" re-evaluate at once;
 *  - the single-flight refresh (single-flight-refresh.ts): one shared exchange, saved to the
 *    vault before anyone receives the new access token;
 *  - the failure policy (refresh-failure-policy.ts): network, 429 and 5xx keep the tokens and
 *    back off (status 'retrying'); invalid_grant and invalid_client end the sign-in: the vault is
 *    cleared, timers cancelled, status 'signed-out' with a notice.
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
import {
  type Backoff,
  type BackoffTrigger,
  backoffHolds,
  DEFAULT_MAX_BACKOFF_MS,
  decideRefreshFailure,
  nextBackoff,
  type RetryReason,
} from './refresh-failure-policy.ts';
import {
  clockWasSetBack,
  createWallClockTimer,
  DEFAULT_JITTER_MS,
  DEFAULT_MARGIN_MS,
  planRefreshAt,
} from './refresh-timing.ts';
import { createSingleFlight, renewTokens } from './single-flight-refresh.ts';
import type { RefreshGrant, TokenSet } from './token-set.ts';
import type { TokenVault } from './vault.ts';

// Part of the scheduler's contract (its tests and the session name them through this file).
export { INVALID_CLIENT_NOTICE, SIGNED_OUT_NOTICE } from './refresh-failure-policy.ts';
export { MAX_TIMER_MS } from './refresh-timing.ts';

export type RefreshStatus =
  | { kind: 'idle' }
  | { kind: 'ok'; expiresAt: number }
  | { kind: 'refreshing' }
  | { kind: 'retrying'; reason: RetryReason; nextAttemptAt: number; attempt: number }
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

/** An access token this close to expiry is not handed out any more. */
const EXPIRY_SKEW_MS = 30_000;

type Outcome = { ok: true; tokens: TokenSet } | { ok: false; error: AppError };

const notConnected = () => new AppError('not-connected', 'Tunetray is not connected to Spotify.');

export function createRefreshScheduler(options: RefreshSchedulerOptions): RefreshScheduler {
  const { vault, clock, power, logger, redactor } = options;
  const random = options.random ?? Math.random;
  const planOptions = {
    marginMs: options.marginMs ?? DEFAULT_MARGIN_MS,
    jitterMs: options.jitterMs ?? DEFAULT_JITTER_MS,
    random,
  };
  const maxBackoffMs = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
  const timer = createWallClockTimer(clock);
  const flight = createSingleFlight<Outcome>();

  let tokens: TokenSet | null = null;
  let running = false;
  /** Bumped by start(), stop() and sign-out: a refresh from an older generation is ignored. */
  let generation = 0;
  let current: RefreshStatus = { kind: 'idle' };
  let unsubscribe: Array<() => void> = [];
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

  const arm = (target: number) => timer.aim(target, { onDue: due, onCheck: evaluate });

  /** The whole delay has elapsed on the monotonic clock: refresh (or retry) now. */
  function due() {
    if (!running || !tokens || flight.inFlight()) return;
    void refresh('timer');
  }

  /** Decides, from the wall clock, whether to refresh now or when to look again. */
  function evaluate() {
    if (!running || !tokens || flight.inFlight()) return;
    const now = clock.now();
    if (backoff) {
      if (now >= backoff.nextAttemptAt) void refresh('retry');
      else arm(backoff.nextAttemptAt);
      return;
    }
    plannedAt ??= planRefreshAt(tokens, planOptions);
    if (now >= plannedAt || clockWasSetBack(now, tokens)) {
      void refresh('due');
      return;
    }
    arm(plannedAt);
    setStatus({ kind: 'ok', expiresAt: tokens.expiresAt });
  }

  /** Resume from sleep or network back: a network backoff ends now; a server's Retry-After stands. */
  const wake = (why: 'resume' | 'online') => {
    if (!running) return;
    logger.debug('refresh scheduler: re-checking', { why });
    const now = clock.now();
    if (backoff && !backoffHolds(backoff, 'wake', now)) backoff.nextAttemptAt = Math.min(backoff.nextAttemptAt, now);
    evaluate();
  };

  const teardown = () => {
    generation++;
    running = false;
    timer.cancel();
    for (const off of unsubscribe) off();
    unsubscribe = [];
    flight.forget();
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
    const next = nextBackoff(backoff, error, { now: clock.now(), random, maxBackoffMs });
    backoff = next.backoff;
    const { attempt, nextAttemptAt, reason } = next.backoff;
    logger.info('refresh scheduler: refresh failed, will retry', { code: error.code, attempt, delayMs: next.delayMs });
    setStatus({ kind: 'retrying', reason, nextAttemptAt, attempt });
    return { ok: false, error };
  }

  /** One attempt; never throws. State changes only while `gen` is still the current generation. */
  async function attempt(gen: number, base: TokenSet): Promise<Outcome> {
    const result = await renewTokens(options, base, () => gen === generation);
    if (result.kind === 'stale') return { ok: false, error: notConnected() };
    if (result.kind === 'failed') {
      const decision = decideRefreshFailure(result.error);
      if (decision.kind === 'sign-out') return signOut(decision.notice, decision.error);
      if (decision.unexpected) {
        logger.error('refresh scheduler: unexpected refresh failure', { error: describeError(result.error) });
      }
      return retryLater(decision.error);
    }
    const next = result.tokens;
    tokens = next;
    backoff = null;
    plannedAt = planRefreshAt(next, planOptions);
    logger.info('refresh scheduler: tokens renewed', {
      expiresInSec: Math.round((next.expiresAt - next.obtainedAt) / 1000),
      rotated: next.refreshToken !== base.refreshToken,
    });
    return { ok: true, tokens: next };
  }

  /** Starts the one in-flight refresh, or joins it. The promise never rejects. */
  function refresh(trigger: string): Promise<Outcome> {
    const inflight = flight.inFlight();
    if (inflight) return inflight;
    const base = tokens;
    if (!running || !base) return Promise.resolve({ ok: false, error: notConnected() });
    const gen = generation;
    timer.cancel();
    logger.debug('refresh scheduler: refreshing', { trigger });
    setStatus({ kind: 'refreshing' });
    return flight.share(
      () => attempt(gen, base),
      () => {
        if (gen === generation) evaluate();
      },
    );
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

  /** Throws the backoff's error when it holds `trigger` up. */
  const respectBackoff = (trigger: BackoffTrigger) => {
    if (backoff && backoffHolds(backoff, trigger, clock.now())) throw backoff.error;
  };

  const fresh = (set: TokenSet) => clock.now() < set.expiresAt - EXPIRY_SKEW_MS;

  async function currentToken(): Promise<string> {
    const blocked = gate();
    if (blocked || !tokens) throw blocked ?? notConnected();
    if (fresh(tokens)) return tokens.accessToken;
    const inflight = flight.inFlight();
    if (inflight) return unwrap(await inflight);
    // Backing off: do not hammer Spotify on every call; the timer, resume or online retries.
    respectBackoff('expired');
    return unwrap(await refresh('expired'));
  }

  return {
    current: currentToken,

    async renewAfterRejection(rejected) {
      const blocked = gate();
      if (blocked || !tokens) throw blocked ?? notConnected();
      // Already replaced (another 401 got here first): no second refresh.
      if (tokens.accessToken !== rejected) return currentToken();
      const inflight = flight.inFlight();
      if (inflight) return unwrap(await inflight);
      respectBackoff('rejected');
      return unwrap(await refresh('rejected'));
    },

    start(initial) {
      teardown();
      generation++;
      running = true;
      signedOutError = null;
      tokens = initial;
      redactor.remember(initial.accessToken);
      redactor.remember(initial.refreshToken);
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
      const inflight = flight.inFlight();
      if (inflight) {
        unwrap(await inflight);
        return;
      }
      respectBackoff('manual');
      unwrap(await refresh('manual'));
    },

    tokens: () => (running ? tokens : null),
    status: () => current,
    whenIdle: flight.whenIdle,
  };
}
