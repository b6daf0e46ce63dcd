/**
 * What app/ needs from its host. main/ implements these over Electron; tests and the
 * browser harness implement them in plain Node. app/ never imports Electron.
 */

/** Encrypts secrets before they touch disk (safeStorage in Electron). Async: safeStorage's sync API is deprecated. */
export interface Cipher {
  /** Whether encryption is real right now. When false the vault keeps tokens in memory only. */
  readonly protection: () => Promise<CipherProtection>;
  /** Returns an opaque base64 string. */
  readonly encrypt: (plaintext: string) => Promise<string>;
  /**
   * Throws KeyringUnavailableError while the keyring cannot answer (locked, not started yet): the
   * data may be fine, so try again later. Any other throw is definite: the data was not produced
   * by this key (other machine, changed keyring) or is corrupt.
   */
  readonly decrypt: (ciphertext: string) => Promise<{ plaintext: string; shouldReEncrypt: boolean }>;
}

/**
 * A Cipher's temporary failure. The host adapter decides what counts as temporary (main/safe-storage.ts
 * knows Electron's errors); app/ only looks at this type, never at an error's text.
 */
export class KeyringUnavailableError extends Error {
  constructor(message = 'The system keyring cannot answer right now.', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyringUnavailableError';
  }
}

/**
 * encrypted: a real OS keyring or keychain.
 * weak: Linux basic_text; obfuscation, not encryption. Used only when the user opts in.
 * unavailable: the keyring has not answered (yet); a saved record is kept for a later try.
 */
export type CipherProtection =
  | { kind: 'encrypted' }
  | { kind: 'weak'; explanation: string }
  | { kind: 'unavailable'; explanation: string };

/**
 * A small synchronous key/value file (electron-store in Electron, a JSON file in tests).
 * Values are untrusted on read: callers parse them with zod.
 */
export interface KeyValueStore {
  readonly get: (key: string) => unknown;
  readonly set: (key: string, value: unknown) => void;
  readonly delete: (key: string) => void;
}

/** Opens a URL in the system browser (never a BrowserWindow). May refuse URLs outside the allow-list. */
export type OpenExternal = (url: string) => Promise<void>;

/**
 * The system's proxy for a URL, as a PAC-style answer: "DIRECT", "PROXY host:port",
 * "HTTPS host:port", "SOCKS5 host:port", several separated by ";" (Electron's
 * session.resolveProxy). A rejection means "no answer": the request goes direct.
 */
export type ProxyResolver = (url: string) => Promise<string>;

/** Wall-clock time and timers, injectable so the scheduler can be tested over simulated months. */
export interface Clock {
  readonly now: () => number;
  /** Returns a cancel function. */
  readonly setTimer: (callback: () => void, delayMs: number) => () => void;
}

/** Host events that should make the scheduler and the library re-check. Each returns an unsubscribe. */
export interface PowerEvents {
  readonly onResume: (listener: () => void) => () => void;
  readonly onOnline: (listener: () => void) => () => void;
}

export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** One logger; implementations must pass every line through redact() (app/log.ts). */
export interface Logger {
  readonly debug: (message: string, fields?: LogFields) => void;
  readonly info: (message: string, fields?: LogFields) => void;
  readonly warn: (message: string, fields?: LogFields) => void;
  readonly error: (message: string, fields?: LogFields) => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => {
    // setTimeout overflows above 2^31-1 ms (~24.8 days) and fires at once; clamp.
    const handle = setTimeout(callback, Math.min(Math.max(0, delayMs), 2_147_483_647));
    return () => clearTimeout(handle);
  },
};

export const noPowerEvents: PowerEvents = {
  onResume: () => () => {},
  onOnline: () => () => {},
};
