/**
 * Expected failures travel as values, not exceptions: an error thrown inside
 * ipcMain.handle reaches the renderer as a bare string, and a caller that has
 * to branch on "declined" vs "offline" needs a code, not a sentence.
 */
export type ErrorCode =
  | 'invalid-argument'
  | 'needs-setup'
  | 'busy'
  | 'cancelled'
  | 'timed-out'
  | 'access-denied'
  /** The system browser could not be opened for sign-in (or the host refused the URL). */
  | 'browser-unavailable'
  /** The browser step worked but Spotify refused the code exchange (stale or reused code, verifier mismatch). */
  | 'sign-in-failed'
  | 'invalid-client'
  | 'missing-scope'
  | 'network'
  /** A proxy on the way refused or could not be reached; the message names it. */
  | 'proxy'
  /** The server's certificate is not trusted (TLS inspection without its root installed, a wrong clock). */
  | 'untrusted-certificate'
  | 'rate-limited'
  | 'spotify-unavailable'
  | 'forbidden'
  | 'signed-out'
  | 'not-connected'
  | 'storage'
  | 'unexpected';

export interface AppErrorShape {
  code: ErrorCode;
  /** Plain words a person can act on. Never contains a token, code or verifier. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

/** An expected failure raised deep in app/ and turned into a Result at the IPC edge. */
export class AppError extends Error implements AppErrorShape {
  readonly code: ErrorCode;
  /** For 'rate-limited' (and retryable 5xx): how long the server asked us to wait. */
  readonly retryAfterMs: number | undefined;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** Narrow an unknown throw to a Result; anything that is not an AppError is a bug and says so plainly. */
export function toFailure(error: unknown): { ok: false; error: AppErrorShape } {
  if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message } };
  return {
    ok: false,
    error: { code: 'unexpected', message: 'Something went wrong inside Tunetray. Please try again.' },
  };
}
