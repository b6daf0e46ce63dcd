import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../app/tokens/backoff.ts';

const base = { baseMs: 2_000, maxMs: 600_000 };

describe('backoffDelay', () => {
  it('grows exponentially with full jitter and never passes the cap', () => {
    for (let attempt = 1; attempt <= 40; attempt++) {
      const high = backoffDelay({ ...base, attempt, random: () => 0.999999 });
      const low = backoffDelay({ ...base, attempt, random: () => 0 });
      expect(high).toBeLessThanOrEqual(Math.min(600_000, 2_000 * 2 ** (attempt - 1)));
      expect(low).toBe(1_000);
    }
    expect(backoffDelay({ ...base, attempt: 1, random: () => 0.999 })).toBeLessThanOrEqual(2_000);
    expect(backoffDelay({ ...base, attempt: 30, random: () => 0.999 })).toBeGreaterThan(590_000);
  });

  it('honours Retry-After as a floor, up to the cap', () => {
    expect(backoffDelay({ ...base, attempt: 1, random: () => 0, retryAfterMs: 30_000 })).toBe(30_000);
    expect(backoffDelay({ ...base, attempt: 1, random: () => 0, retryAfterMs: 3_600_000 })).toBe(600_000);
    expect(backoffDelay({ ...base, attempt: 1, random: () => 0, retryAfterMs: -5 })).toBe(1_000);
  });
});
