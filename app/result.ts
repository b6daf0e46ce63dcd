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
  | 'invalid-client'
  | 'missing-scope'
  | 'network'
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
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}
