/**
 * Exponential backoff with full jitter (a random delay between a floor and the exponential cap),
 * so that many clients coming back from the same outage do not retry in lockstep. A server's
 * Retry-After is honoured as a lower bound, but never beyond the cap: a very large Retry-After
 * must not leave the app waiting for hours without trying.
 */
export interface BackoffInput {
  /** 1 for the first retry after a failure. */
  attempt: number;
  baseMs: number;
  maxMs: number;
  /** A value in [0, 1). */
  random: () => number;
  /** What the server asked for (Retry-After), if anything. */
  retryAfterMs?: number | undefined;
  /** Never retry sooner than this (default 1 s). */
  minMs?: number;
}

export function backoffDelay(input: BackoffInput): number {
  const { attempt, baseMs, maxMs, random } = input;
  const minMs = Math.min(input.minMs ?? 1000, maxMs);
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(maxMs, baseMs * 2 ** exponent);
  const jittered = Math.max(minMs, Math.floor(random() * ceiling));
  const asked = input.retryAfterMs === undefined ? 0 : Math.min(Math.max(0, input.retryAfterMs), maxMs);
  return Math.min(maxMs, Math.max(jittered, asked));
}
