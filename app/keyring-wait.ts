/**
 * Waiting for a locked keyring. On Linux, Tunetray often starts at login before the keyring is
 * unlocked; the saved sign-in is fine, it just cannot be opened yet. So the vault is asked again,
 * without asking the user anything:
 *  - when the machine resumes or the screen is unlocked (PowerEvents.onResume, which covers both),
 *  - when the companion window is shown (poke()),
 *  - and on its own, with exponential backoff and jitter (5 s doubling, at most a minute apart).
 * It ends when the vault answers anything other than "still locked", or on stop().
 */
import { describeError } from './log.ts';
import type { Clock, Logger, PowerEvents } from './ports.ts';
import { backoffDelay } from './tokens/backoff.ts';
import type { VaultLoad } from './tokens/vault.ts';

export const KEYRING_RETRY_BASE_MS = 5_000;
export const KEYRING_RETRY_MAX_MS = 60_000;

export interface KeyringWait {
  /** Try again now (the window was shown). */
  readonly poke: () => void;
  readonly stop: () => void;
}

export function waitForKeyring(options: {
  load: () => Promise<VaultLoad>;
  /** The vault answered: tokens, a definite problem, or nothing saved. Called once. */
  onAnswer: (loaded: VaultLoad) => void;
  clock: Clock;
  power: PowerEvents;
  logger: Logger;
  random?: () => number;
}): KeyringWait {
  const { clock, logger } = options;
  const random = options.random ?? Math.random;
  let stopped = false;
  let attempt = 0;
  let trying = false;
  /** A wake-up (unlock, window) that came while an attempt was still asking: the keyring may have opened since. */
  let askAgain: string | null = null;
  let cancelTimer: (() => void) | null = null;

  const stop = () => {
    stopped = true;
    cancelTimer?.();
    cancelTimer = null;
    stopResume();
  };

  const arm = () => {
    attempt += 1;
    const delay = backoffDelay({ attempt, baseMs: KEYRING_RETRY_BASE_MS, maxMs: KEYRING_RETRY_MAX_MS, random });
    cancelTimer = clock.setTimer(() => void tryNow('timer'), delay);
  };

  async function tryNow(why: string): Promise<void> {
    if (stopped) return;
    if (trying) {
      askAgain = why;
      return;
    }
    trying = true;
    cancelTimer?.();
    cancelTimer = null;
    let loaded: VaultLoad | null = null;
    try {
      logger.debug('keyring: asking the vault again', { why });
      loaded = await options.load();
    } catch (error) {
      // load() never throws by contract; keep waiting rather than lose the saved sign-in.
      logger.error('keyring: the vault failed unexpectedly', { error: describeError(error) });
    } finally {
      trying = false;
    }
    if (stopped) return;
    if (loaded && !loaded.keyringLocked) {
      stop();
      logger.info('keyring: answered', { signedIn: loaded.tokens !== null });
      options.onAnswer(loaded);
      return;
    }
    const again = askAgain;
    askAgain = null;
    if (again) void tryNow(again);
    else arm();
  }

  const stopResume = options.power.onResume(() => void tryNow('resume'));
  arm();
  return { poke: () => void tryNow('window'), stop };
}
