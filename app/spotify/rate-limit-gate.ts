/**
 * One rate-limit gate per Web API client, shared by every request of the account (the pages of
 * a sync, the profile, a refresh the user asked for). Spotify limits an app over a rolling
 * 30-second window and says when to come back in Retry-After; the pages of a sync must hear that
 * together, not each on its own:
 *
 * - The first 429 closes the gate until Retry-After. Nothing is sent while it is closed; every
 *   request that was refused (including the ones that were already on the wire and come back 429
 *   a moment later, which is the unavoidable cost of a 429) waits for the same reopening.
 * - The gate reopens with one request in flight and lets one more through per answer that is
 *   not a 429 (TCP's slow start: doubling per round trip), so a window that outlasts its
 *   Retry-After (whole seconds, rolling) costs one probe, not another burst.
 * - A probe refused again closes the gate once more; a third refusal in a row, a Retry-After
 *   longer than the client is willing to wait, or an exhausted quota ends in 'rate-limited'
 *   ("until HH:MM"). Until then the gate stays closed, so later calls fail at once instead of
 *   spending requests Spotify asked us not to send.
 */

export interface Permit {
  /** The gate's closure count when this request went out: tells a late 429 of the same burst from a new one. */
  readonly episode: number;
  readonly release: () => void;
}

export type Refusal = { retry: true } | { retry: false; retryAfterMs: number };

export interface RateLimitGate {
  /**
   * Waits until a request may go out. Rejects with RateLimitedUntil when the gate is closed for
   * longer than the client waits.
   */
  readonly enter: () => Promise<Permit>;
  /** The request behind `permit` got an answer that is not a 429. */
  readonly passed: () => void;
  /** The request behind `permit` got a 429: close the gate and say whether it may try again. */
  readonly refused: (permit: Permit, retryAfterMs: number, options?: { quota?: boolean }) => Refusal;
}

/** Thrown by enter() when the gate will not open within the wait the client accepts. */
export class RateLimitedUntil extends Error {
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number) {
    super('rate limited');
    this.name = 'RateLimitedUntil';
    this.retryAfterMs = retryAfterMs;
  }
}

/** Closures in a row (no answer other than 429 in between) before the client gives up. */
export const MAX_CONSECUTIVE_CLOSURES = 2;
/** Past this many in flight the slow start is over and only the caller's own concurrency applies. */
const SLOW_START_CEILING = 64;

export function createRateLimitGate(options: {
  now: () => number;
  /** Rejects when the client is closed, so nobody waits on a gate that will never matter. */
  sleep: (ms: number) => Promise<void>;
  /** The longest closure worth waiting for; longer ones are 'rate-limited' at once. */
  maxWaitMs: number;
}): RateLimitGate {
  const { now, sleep, maxWaitMs } = options;
  let closedUntil = 0;
  let episode = 0;
  let consecutive = 0;
  let limit = Number.POSITIVE_INFINITY;
  let inFlight = 0;
  const queue: Array<() => void> = [];

  const wake = () => {
    while (queue.length > 0 && inFlight < limit) {
      inFlight++;
      queue.shift()?.();
    }
  };

  const permit = (): Permit => {
    let released = false;
    return {
      episode,
      release() {
        if (released) return;
        released = true;
        inFlight--;
        wake();
      },
    };
  };

  return {
    async enter() {
      for (;;) {
        const wait = closedUntil - now();
        if (wait > maxWaitMs) throw new RateLimitedUntil(wait);
        if (wait > 0) {
          await sleep(wait);
          continue;
        }
        if (inFlight < limit) {
          inFlight++;
          return permit();
        }
        // A permit handed over by wake() is already counted in inFlight.
        await new Promise<void>((resolve) => queue.push(resolve));
        if (closedUntil <= now()) return permit();
        inFlight--;
      }
    },
    passed() {
      consecutive = 0;
      if (Number.isFinite(limit)) {
        limit = limit + 1 >= SLOW_START_CEILING ? Number.POSITIVE_INFINITY : limit + 1;
        wake();
      }
    },
    refused(by, retryAfterMs, refusal = {}) {
      const until = now() + retryAfterMs;
      if (by.episode < episode) {
        // Sent before the gate closed: the same burst, already accounted for. Wait with the rest.
        closedUntil = Math.max(closedUntil, until);
        return closedUntil - now() > maxWaitMs ? { retry: false, retryAfterMs: closedUntil - now() } : { retry: true };
      }
      episode++;
      consecutive++;
      closedUntil = Math.max(closedUntil, until);
      limit = 1;
      const giveUp = refusal.quota === true || retryAfterMs > maxWaitMs || consecutive > MAX_CONSECUTIVE_CLOSURES;
      return giveUp ? { retry: false, retryAfterMs: Math.max(retryAfterMs, closedUntil - now()) } : { retry: true };
    },
  };
}
