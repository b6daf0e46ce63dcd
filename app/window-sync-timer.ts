/**
 * Fresh data while someone is looking: coming back to the window after a while syncs the library
 * at once, then every 15 minutes while the window stays visible. Hidden, it costs nothing.
 */
import type { Clock } from './ports.ts';

export const PERIODIC_SYNC_MS = 15 * 60 * 1000;

export interface WindowSyncTimer {
  readonly visibilityChanged: (visible: boolean) => void;
  readonly stop: () => void;
}

export function createWindowSyncTimer(options: {
  clock: Clock;
  /** Whether there is an account to sync now. */
  connected: () => boolean;
  /** When the library was last confirmed fresh (epoch ms), null if never. */
  updatedAt: () => number | null;
  sync: () => void;
}): WindowSyncTimer {
  const { clock } = options;
  let cancelPeriodic: (() => void) | null = null;
  const stop = () => {
    cancelPeriodic?.();
    cancelPeriodic = null;
  };
  return {
    visibilityChanged(visible) {
      stop();
      if (!visible) return;
      const updatedAt = options.updatedAt();
      if (options.connected() && (updatedAt === null || clock.now() - updatedAt > PERIODIC_SYNC_MS / 3)) {
        options.sync();
      }
      const arm = () => {
        cancelPeriodic = clock.setTimer(() => {
          if (options.connected()) options.sync();
          arm();
        }, PERIODIC_SYNC_MS);
      };
      arm();
    },
    stop,
  };
}
