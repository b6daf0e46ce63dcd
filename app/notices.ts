/**
 * Turns expected failures into words a person can act on, with a next step.
 * The messages from app/auth and app/spotify are already plain; this decides the level
 * and the button the UI offers.
 */
import type { Notice } from './model.ts';
import { AppError } from './result.ts';

export function noticeFromError(error: unknown): Notice {
  if (!(error instanceof AppError)) {
    return {
      level: 'error',
      code: 'unexpected',
      message: 'Something went wrong inside Tunetray. Please try again.',
      action: 'retry',
    };
  }
  switch (error.code) {
    case 'cancelled':
      return { level: 'info', code: error.code, message: 'Sign-in was cancelled.', action: 'connect' };
    case 'invalid-client':
      return { level: 'error', code: error.code, message: error.message, action: 'setup' };
    case 'needs-setup':
      return { level: 'info', code: error.code, message: error.message, action: 'setup' };
    case 'timed-out':
    case 'access-denied':
    case 'sign-in-failed':
    case 'missing-scope':
    case 'signed-out':
      return { level: 'warning', code: error.code, message: error.message, action: 'connect' };
    default:
      return { level: 'error', code: error.code, message: error.message, action: 'retry' };
  }
}

/** A saved sign-in that the keyring cannot open yet (locked at login): Tunetray retries on its own. */
export const KEYRING_LOCKED_NOTICE: Notice = {
  level: 'info',
  code: 'keyring-locked',
  message: 'Your keyring is locked: Tunetray will connect when it is unlocked.',
};

export const KEYRING_WAIT_CANCELLED_NOTICE: Notice = {
  level: 'info',
  code: 'keyring-wait-cancelled',
  message:
    'Tunetray stopped waiting for your keyring. Connect again, or restart Tunetray once the keyring is unlocked.',
  action: 'connect',
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Spotify asks again 6 months after the approval; say so kindly two weeks ahead. */
export function reconnectNotice(reconnectBy: number, now: number): Notice | null {
  if (reconnectBy - now > 14 * DAY_MS) return null;
  const date = new Date(reconnectBy).toLocaleDateString(undefined, { day: 'numeric', month: 'long' });
  return {
    level: 'info',
    code: 'reconnect-soon',
    message: `Spotify will ask you to connect again around ${date}: sign-ins last six months.`,
    action: 'connect',
  };
}

/** The saved copy of the library could not be read at start (and was deleted); the sync fetches it again. */
export const LIBRARY_UNREADABLE_NOTICE: Notice = {
  level: 'info',
  code: 'library-unreadable',
  message: 'Tunetray could not read its saved copy of your playlists, so it is loading them from Spotify again.',
};
