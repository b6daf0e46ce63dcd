/**
 * Passes a stream of notifications on at most once per interval: the first at once, any that come
 * inside the interval as one at its end. For progress that changes faster than anyone can read it
 * (a sync of 10,000 playlists reports 200 pages in a second or two): every notification rebuilds
 * the tray menu and sends the whole state to the window, so 200 of them keep main's thread busy
 * while 10 say the same thing. The receiver reads the latest value when it is told, so nothing is
 * lost by skipping the ones in between.
 */
import type { Clock } from './ports.ts';

export interface Throttle {
  /** Something changed: notify now, or at the end of the current interval. */
  readonly push: () => void;
  /** Forget a notification waiting for the end of the interval (what follows replaces it). */
  readonly cancel: () => void;
  /** Start a new interval now, as if a notification had just gone out. */
  readonly restart: () => void;
}

export function createThrottle(clock: Clock, intervalMs: number, notify: () => void): Throttle {
  let lastAt = Number.NEGATIVE_INFINITY;
  let cancelPending: (() => void) | null = null;
  const send = () => {
    cancelPending = null;
    lastAt = clock.now();
    notify();
  };
  return {
    push() {
      if (cancelPending) return;
      // Capped: a wall clock set backwards must not hold the notification for longer than an interval.
      const wait = Math.min(intervalMs, lastAt + intervalMs - clock.now());
      if (wait <= 0) send();
      else cancelPending = clock.setTimer(send, wait);
    },
    cancel() {
      cancelPending?.();
      cancelPending = null;
    },
    restart() {
      lastAt = clock.now();
    },
  };
}
