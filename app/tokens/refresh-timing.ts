/**
 * When to refresh: the refresh scheduler's timing, apart from what a refresh does.
 *
 * The plan aims at `expiresAt - margin - jitter`, never earlier than half the token's lifetime,
 * so a short-lived token cannot cause a refresh loop. The jitter is drawn once per token set.
 *
 * The one timer is armed for at most MAX_TIMER_MS (15 minutes) at a time; when such a partial
 * timer fires, the wall clock is compared with the due time again. Why: timers run on a monotonic
 * clock that stops while the machine sleeps, and the wall clock can be set forwards or backwards;
 * expiresAt is wall-clock time (Spotify's expiry is real time). Re-checking every 15 minutes
 * bounds how late a refresh can be after a clock jump, without any network polling. A timer armed
 * for its whole remaining delay that fires means that much real time has passed, so it counts as
 * due even if the wall clock was set back meanwhile; a wall clock earlier than the token's
 * obtainedAt (set back by more than that) also counts as due, which re-bases expiresAt on the new
 * clock. Smaller backward jumps are covered by the 401 path (renewAfterRejection).
 */
import type { Clock } from '../ports.ts';
import type { TokenSet } from './token-set.ts';

export const DEFAULT_MARGIN_MS = 5 * 60 * 1000;
export const DEFAULT_JITTER_MS = 60 * 1000;
/** The longest a timer is armed before the wall clock is checked again. */
export const MAX_TIMER_MS = 15 * 60 * 1000;
/** A wall clock this far before the token's obtainedAt means the clock was set back. */
const CLOCK_BACK_TOLERANCE_MS = 60_000;

export interface RefreshPlanOptions {
  marginMs: number;
  jitterMs: number;
  /** A value in [0, 1). */
  random: () => number;
}

/** Wall-clock time at which `set` should be renewed. */
export function planRefreshAt(set: TokenSet, options: RefreshPlanOptions): number {
  const early = set.expiresAt - options.marginMs - Math.floor(options.random() * options.jitterMs);
  const halfLife = set.obtainedAt + Math.max(0, set.expiresAt - set.obtainedAt) / 2;
  return Math.max(early, Math.floor(halfLife));
}

/** The wall clock now reads earlier than when `set` was received: its expiresAt cannot be trusted. */
export const clockWasSetBack = (now: number, set: TokenSet): boolean => now < set.obtainedAt - CLOCK_BACK_TOLERANCE_MS;

export interface WallClockTimer {
  /**
   * Aims the one timer at wall-clock `target`, replacing any earlier aim. `onDue` runs when the
   * whole delay has elapsed; `onCheck` when only a MAX_TIMER_MS slice has (look at the clock again).
   */
  readonly aim: (target: number, handlers: { onDue: () => void; onCheck: () => void }) => void;
  readonly cancel: () => void;
}

export function createWallClockTimer(clock: Clock): WallClockTimer {
  let cancelTimer: (() => void) | null = null;
  const cancel = () => {
    cancelTimer?.();
    cancelTimer = null;
  };
  return {
    aim(target, { onDue, onCheck }) {
      cancel();
      const delay = Math.max(0, target - clock.now());
      const whole = delay <= MAX_TIMER_MS;
      const handle = clock.setTimer(
        () => {
          if (cancelTimer !== handle) return;
          cancelTimer = null;
          if (whole) onDue();
          else onCheck();
        },
        whole ? delay : MAX_TIMER_MS,
      );
      cancelTimer = handle;
    },
    cancel,
  };
}
