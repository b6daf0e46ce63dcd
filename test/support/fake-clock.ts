/**
 * A simulated wall clock plus timers, for the scheduler and the soak test. Timers are
 * kept on a monotonic timeline like Node's: `sleep()` moves the wall clock without
 * moving timers (a suspended machine), `jumpWallClock()` models the user or NTP setting the
 * clock, and `advance()` lets time pass normally, firing due timers in order.
 */
import type { Clock } from '../../app/ports.ts';

interface Timer {
  id: number;
  dueMonotonic: number;
  callback: () => void;
}

export interface FakeClock extends Clock {
  /** Let `ms` pass; fires every timer that comes due, in order, letting promises settle between them. */
  advance(ms: number): Promise<void>;
  /** The machine sleeps for `ms`: wall time moves, pending timers do not come closer. */
  sleep(ms: number): void;
  /** The wall clock is set forwards or backwards by `ms`; timers are unaffected. */
  jumpWallClock(ms: number): void;
  pendingTimers(): number;
  /** Monotonic ms until the next timer fires, or null if none. */
  nextTimerIn(): number | null;
}

/** Let pending promise callbacks (and any I/O that is ready) run. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createFakeClock(startWallMs = Date.UTC(2026, 10, 23, 9, 0, 0)): FakeClock {
  let wall = startWallMs;
  let monotonic = 0;
  let nextId = 1;
  const timers = new Map<number, Timer>();

  const nextDue = (): Timer | undefined => {
    let best: Timer | undefined;
    for (const t of timers.values()) if (!best || t.dueMonotonic < best.dueMonotonic) best = t;
    return best;
  };

  return {
    now: () => wall,
    setTimer(callback, delayMs) {
      const id = nextId++;
      timers.set(id, { id, dueMonotonic: monotonic + Math.max(0, delayMs), callback });
      return () => {
        timers.delete(id);
      };
    },
    async advance(ms) {
      const target = monotonic + ms;
      await flush();
      for (;;) {
        const due = nextDue();
        if (!due || due.dueMonotonic > target) break;
        wall += due.dueMonotonic - monotonic;
        monotonic = due.dueMonotonic;
        timers.delete(due.id);
        due.callback();
        await flush();
      }
      wall += target - monotonic;
      monotonic = target;
      await flush();
    },
    sleep(ms) {
      wall += ms;
    },
    jumpWallClock(ms) {
      wall += ms;
    },
    pendingTimers: () => timers.size,
    nextTimerIn() {
      const due = nextDue();
      return due ? due.dueMonotonic - monotonic : null;
    },
  };
}
