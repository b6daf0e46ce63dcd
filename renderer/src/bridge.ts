/**
 * Typed access to `window.tunetray`, the only way the UI talks to the rest of Tunetray.
 * The preload exposes it; its type comes from the IPC contract so the two cannot drift.
 */
import type { Bridge } from '../../app/contract.ts';
import type { AppErrorShape, Result } from '../../app/result.ts';

declare global {
  interface Window {
    tunetray: Bridge;
  }
}

/** The bridge, or null when the page is opened outside Tunetray (a plain browser tab). */
export function getBridge(): Bridge | null {
  return typeof window.tunetray === 'object' && window.tunetray !== null ? window.tunetray : null;
}

export function bridge(): Bridge {
  const found = getBridge();
  if (!found) throw new Error('window.tunetray is missing: this page only works inside Tunetray.');
  return found;
}

const UNREACHABLE: AppErrorShape = {
  code: 'unexpected',
  message: 'Tunetray could not finish that. Please try again, or restart Tunetray if it keeps happening.',
};

/**
 * Calls the bridge and always comes back with a Result: a rejected promise (a bug or a
 * broken IPC channel) becomes a plain-words failure instead of an unhandled rejection.
 */
export async function call<T>(invoke: (api: Bridge) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await invoke(bridge());
  } catch {
    return { ok: false, error: UNREACHABLE };
  }
}

/** The message a person should read for a failed Result, or null when it succeeded. */
export function failureMessage<T>(result: Result<T>): string | null {
  if (result.ok) return null;
  return result.error.message.trim() || UNREACHABLE.message;
}
