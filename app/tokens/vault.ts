/**
 * The token vault: the one place a TokenSet is kept, in memory and (when the platform can
 * protect it) encrypted on disk.
 *
 * - On disk there is one record under the key 'tokens': `{ version: 1, ciphertext, savedAt }`.
 *   The ciphertext is the Cipher's encryption of the JSON TokenSet; nothing in plain text ever
 *   reaches the store.
 * - Where the tokens live follows the Cipher's protection and the user's opt-in:
 *     encrypted                      -> on disk, mode 'encrypted'
 *     weak and the user opted in     -> on disk, mode 'weak'
 *     weak without opt-in / unavailable -> memory only, mode 'memory', with an explanation
 * - A record that cannot be decrypted, parsed or validated (corrupt or truncated file, a keyring
 *   that changed, a file copied from another machine, an unknown version) is deleted and reported
 *   once as a Notice: never an exception, never a loop.
 * - A keyring that cannot answer right now (locked at login, not started yet: the Cipher throws
 *   KeyringUnavailableError, or its protection is 'unavailable') is temporary: the record is kept
 *   and load() says `keyringLocked`, so the caller can try again later.
 * - Operations are serialised: a clear() that starts while a save() is encrypting runs after
 *   it, so a disconnect can never be overtaken by a late write that brings the tokens back.
 *
 * Disconnect: the session calls `scheduler.stop()` first (no refresh may save after that),
 * then `await vault.clear()`, which wipes memory and disk.
 */
import { z } from 'zod';
import { describeError, type Redactor } from '../log.ts';
import type { Notice, TokenStorageInfo } from '../model.ts';
import {
  type Cipher,
  type CipherProtection,
  KeyringUnavailableError,
  type KeyValueStore,
  type Logger,
} from '../ports.ts';
import { type TokenSet, TokenSetSchema } from './token-set.ts';

export const TOKENS_KEY = 'tokens';
export const TOKENS_RECORD_VERSION = 1;

const TokenRecordSchema = z.object({
  version: z.literal(TOKENS_RECORD_VERSION),
  ciphertext: z.string().min(1),
  savedAt: z.number(),
});
export type TokenRecord = z.infer<typeof TokenRecordSchema>;

export interface VaultLoad {
  tokens: TokenSet | null;
  /** Set when a saved sign-in existed but could not be used; the UI shows it on the signed-out screen. */
  problem: Notice | null;
  storage: TokenStorageInfo;
  /** A record is saved but the keyring cannot open it right now: it is kept; load() again later. */
  keyringLocked: boolean;
}

export interface TokenVault {
  /** Restores the saved sign-in (no network). Never throws. */
  readonly load: () => Promise<VaultLoad>;
  /**
   * Keeps `tokens` in memory and, where storage allows, encrypted on disk. Resolves once the record
   * is written. A failure to encrypt or write is logged and leaves the tokens in memory only
   * (storageInfo() then says so); it does not throw, so a refresh never loses a rotated token.
   */
  readonly save: (tokens: TokenSet) => Promise<void>;
  /**
   * Writes the tokens the vault holds again, where storage now allows (the storage preference
   * changed). Always the newest: a caller holding tokens could be holding ones a refresh is
   * replacing right now, whose save is queued ahead of its own.
   */
  readonly saveAgain: () => Promise<void>;
  /** Wipes the tokens from memory and from disk. */
  readonly clear: () => Promise<void>;
  readonly storageInfo: () => Promise<TokenStorageInfo>;
}

export interface TokenVaultOptions {
  cipher: Cipher;
  store: KeyValueStore;
  logger: Logger;
  redactor: Redactor;
  /** The "store with weaker protection" setting; read on every operation so a change applies at once. */
  allowWeakStorage: () => boolean;
  /** For the record's savedAt; defaults to Date.now. */
  now?: () => number;
}

export const UNREADABLE_NOTICE: Notice = {
  level: 'warning',
  code: 'stored-sign-in-unreadable',
  message: 'Tunetray could not read your saved sign-in; please connect again.',
  action: 'connect',
};

const MEMORY_ONLY =
  'Until then Tunetray keeps your sign-in in memory only, so you will need to connect again each time it starts';
const OPT_IN = 'or turn on "Store sign-in with weaker protection" in Settings';
const KEYRING_HINT =
  'No system keyring was found. Install and start one (for example gnome-keyring or KWallet), or launch Tunetray with --password-store=gnome-libsecret.';

type Placement =
  | { persist: true; info: TokenStorageInfo }
  | { persist: false; info: TokenStorageInfo; protection: CipherProtection };

export function createTokenVault(options: TokenVaultOptions): TokenVault {
  const { cipher, store, logger, redactor } = options;
  const now = options.now ?? Date.now;
  let memory: TokenSet | null = null;
  /** Set when the last save could not be persisted; cleared by the next successful write or clear(). */
  let saveFailure: string | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs operations one after another, whatever the previous one did. */
  const serial = <T>(operation: () => Promise<T>): Promise<T> => {
    const run = queue.then(operation, operation);
    queue = run.catch(() => undefined);
    return run;
  };

  const remember = (tokens: TokenSet) => {
    redactor.remember(tokens.accessToken);
    redactor.remember(tokens.refreshToken);
  };

  async function placement(): Promise<Placement> {
    let protection: CipherProtection;
    try {
      protection = await cipher.protection();
    } catch (error) {
      logger.warn('token vault: could not ask the cipher about its protection', { error: describeError(error) });
      protection = { kind: 'unavailable', explanation: 'Tunetray could not reach the system keyring.' };
    }
    if (protection.kind === 'encrypted') return { persist: true, info: { mode: 'encrypted', explanation: null } };
    if (protection.kind === 'weak' && options.allowWeakStorage()) {
      return {
        persist: true,
        info: {
          mode: 'weak',
          explanation: `${protection.explanation} Your sign-in is saved with weaker protection because you turned on "Store sign-in with weaker protection" in Settings.`,
        },
      };
    }
    const explanation =
      protection.kind === 'weak'
        ? `${protection.explanation || KEYRING_HINT} ${MEMORY_ONLY}, ${OPT_IN}.`
        : `${protection.explanation || KEYRING_HINT} ${MEMORY_ONLY}.`;
    return { persist: false, protection, info: { mode: 'memory', explanation } };
  }

  async function info(): Promise<TokenStorageInfo> {
    const place = await placement();
    if (place.persist && saveFailure !== null) return { mode: 'memory', explanation: saveFailure };
    return place.info;
  }

  const readRecord = (): unknown => {
    try {
      return store.get(TOKENS_KEY);
    } catch (error) {
      logger.warn('token vault: the store could not be read', { error: describeError(error) });
      return { unreadable: true };
    }
  };

  const deleteRecord = () => {
    try {
      store.delete(TOKENS_KEY);
    } catch (error) {
      logger.error('token vault: could not delete the saved sign-in', { error: describeError(error) });
    }
  };

  async function write(tokens: TokenSet, sealed = cipher.encrypt(JSON.stringify(tokens))): Promise<void> {
    const ciphertext = await sealed;
    const record: TokenRecord = { version: TOKENS_RECORD_VERSION, ciphertext, savedAt: now() };
    store.set(TOKENS_KEY, record);
  }

  /**
   * Decrypts and validates the stored record. `undefined`: nothing stored; `null`: unreadable;
   * 'locked': the keyring cannot answer now.
   */
  async function readTokens(): Promise<{ tokens: TokenSet; shouldReEncrypt: boolean } | null | undefined | 'locked'> {
    const raw = readRecord();
    if (raw === undefined || raw === null) return undefined;
    const record = TokenRecordSchema.safeParse(raw);
    if (!record.success) {
      logger.warn('token vault: the saved record has an unknown shape or version');
      return null;
    }
    let decrypted: { plaintext: string; shouldReEncrypt: boolean };
    try {
      decrypted = await cipher.decrypt(record.data.ciphertext);
    } catch (error) {
      if (error instanceof KeyringUnavailableError) {
        logger.warn('token vault: the keyring cannot open the saved record right now', { error: describeError(error) });
        return 'locked';
      }
      logger.warn('token vault: the saved record could not be decrypted', { error: describeError(error) });
      return null;
    }
    let json: unknown;
    try {
      json = JSON.parse(decrypted.plaintext);
    } catch {
      logger.warn('token vault: the saved record did not decrypt to JSON');
      return null;
    }
    const tokens = TokenSetSchema.safeParse(json);
    if (!tokens.success) {
      logger.warn('token vault: the saved record is not a token set');
      return null;
    }
    return { tokens: tokens.data, shouldReEncrypt: decrypted.shouldReEncrypt };
  }

  /** Keeps `tokens` in memory and writes them where storage allows; never throws. */
  async function persist(tokens: TokenSet): Promise<void> {
    remember(tokens);
    memory = tokens;
    // Encrypt while the keyring is asked where the tokens may go: after a refresh Spotify may already
    // have rotated the old refresh token away, and until the new one is on disk a crash loses the sign-in.
    const sealed = cipher.encrypt(JSON.stringify(tokens));
    sealed.catch(() => {});
    const place = await placement();
    if (!place.persist) {
      // Memory only. A record left from an earlier run is older than these tokens: drop it.
      deleteRecord();
      saveFailure = null;
      return;
    }
    try {
      await write(tokens, sealed);
      saveFailure = null;
    } catch (error) {
      logger.error('token vault: could not save the sign-in; keeping it in memory', {
        error: describeError(error),
      });
      saveFailure = `Tunetray could not save your sign-in to the system keyring. ${MEMORY_ONLY}.`;
    }
  }

  return {
    load: () =>
      serial(async (): Promise<VaultLoad> => {
        const loaded = (tokens: TokenSet | null, storage: TokenStorageInfo, problem: Notice | null = null) => ({
          tokens,
          problem,
          storage,
          keyringLocked: false,
        });
        const waiting = (storage: TokenStorageInfo): VaultLoad => ({
          tokens: null,
          problem: null,
          storage,
          keyringLocked: true,
        });
        const place = await placement();
        if (!place.persist && place.protection.kind === 'unavailable') {
          // The keyring has not answered (yet): leave the record alone for a later try, and do not
          // pretend it is unreadable.
          return memory || readRecord() === undefined ? loaded(memory, place.info) : waiting(place.info);
        }
        const read = await readTokens();
        if (read === 'locked') return memory ? loaded(memory, await info()) : waiting(await info());
        if (read === null && !place.persist) {
          // Not storing on disk right now (weak protection, no opt-in): a record this cipher cannot
          // read was most likely written with the keyring that is missing now. Leave it for a start
          // with the keyring; the storage explanation already tells the user what is going on.
          return loaded(memory, place.info);
        }
        if (read === null) {
          deleteRecord();
          memory = null;
          return loaded(null, await info(), UNREADABLE_NOTICE);
        }
        if (read === undefined) return loaded(memory, await info());
        memory = read.tokens;
        remember(read.tokens);
        if (!place.persist) {
          // Saved earlier with weak protection, and the user has since turned the opt-in off:
          // keep the sign-in for this run, but it must not stay on disk.
          deleteRecord();
        } else if (read.shouldReEncrypt) {
          try {
            await write(read.tokens);
            logger.info('token vault: re-encrypted the saved sign-in with the current key');
          } catch (error) {
            logger.warn('token vault: re-encrypting the saved sign-in failed', { error: describeError(error) });
          }
        }
        return loaded(read.tokens, await info());
      }),

    save: (tokens) => serial(() => persist(tokens)),

    saveAgain: () => serial(async () => (memory ? persist(memory) : undefined)),

    clear: () =>
      serial(async () => {
        memory = null;
        saveFailure = null;
        deleteRecord();
      }),

    storageInfo: () => serial(info),
  };
}
