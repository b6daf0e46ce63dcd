/**
 * Our safeStorage wrapper: the app's Cipher port over Electron's safeStorage async API
 * (the sync methods are deprecated in Electron 45 and removed in 46).
 *
 * Call createSafeStorageCipher only after the app's 'ready' event (the composition root in
 * main/index.ts does): before ready, safeStorage cannot encrypt and on Linux reports the backend
 * as 'unknown'. protection() is asked again on every vault operation, so it reflects the state at
 * the time of use.
 *
 * The wrapper does no policy of its own beyond decideTokenProtection (main/token-storage-policy.ts):
 * the vault decides from protection() whether tokens may reach the disk.
 *
 * It is also the one place that reads Electron's error text, to tell the vault a temporary
 * failure (KeyringUnavailableError: keep the record, try later) from a definite one.
 */
import type { SafeStorage } from 'electron';
import { type Cipher, type CipherProtection, KeyringUnavailableError } from '../app/ports.ts';
import { decideTokenProtection, type StorageBackend } from './token-storage-policy.ts';

export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Electron 45 rejects decryptStringAsync with "safeStorage.decryptStringAsync is temporarily
 * unavailable. Please try again." when os_crypt reports `temporarily_unavailable` (a locked or not
 * yet started keyring): shell/browser/api/electron_api_safe_storage.cc, SafeStorage::decryptStringAsync
 * and OnOsCryptReady. Every other rejection ("Error while decrypting the ciphertext provided to
 * safeStorage.decryptStringAsync.") means the data cannot be decrypted with this key.
 */
const TEMPORARILY_UNAVAILABLE = /temporarily unavailable/i;

/**
 * How long protection() waits for safeStorage's encryptor. isAsyncEncryptionAvailable() resolves
 * false only before 'ready' (this wrapper is created after it); after 'ready' it resolves true once
 * the OS encryptor has initialised and stays pending until then (electron_api_safe_storage.cc,
 * IsAsyncEncryptionAvailable). So "not available" can only mean "not answered yet": bounded here,
 * and reported as 'unavailable', which the vault treats as temporary.
 */
export const AVAILABILITY_WAIT_MS = 10_000;

export function createSafeStorageCipher(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
  options: { availabilityWaitMs?: number } = {},
): Cipher {
  const waitMs = options.availabilityWaitMs ?? AVAILABILITY_WAIT_MS;
  // Once true it stays true (the encryptor is created once per process).
  let available = false;
  const askAvailable = async (): Promise<boolean> => {
    if (available) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), waitMs);
      timer.unref?.();
    });
    try {
      available = await Promise.race([safeStorage.isAsyncEncryptionAvailable(), timedOut]);
    } catch {
      available = false;
    } finally {
      clearTimeout(timer);
    }
    return available;
  };
  return {
    async protection(): Promise<CipherProtection> {
      const asyncAvailable = await askAvailable();
      // getSelectedStorageBackend exists on Linux only; elsewhere the platform decides.
      let backend: StorageBackend | null = null;
      if (platform !== 'darwin' && platform !== 'win32') {
        try {
          backend = safeStorage.getSelectedStorageBackend();
        } catch {
          backend = 'unknown';
        }
      }
      return decideTokenProtection({ platform, asyncAvailable, backend });
    },
    async encrypt(plaintext) {
      const encrypted = await safeStorage.encryptStringAsync(plaintext);
      return Buffer.from(encrypted).toString('base64');
    },
    async decrypt(ciphertext) {
      // Buffer.from(..., 'base64') skips what it cannot read; refuse it instead of decrypting garbage.
      if (ciphertext.length % 4 !== 0 || !BASE64.test(ciphertext)) {
        throw new Error('The stored ciphertext is not base64');
      }
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(ciphertext, 'base64'));
        return { plaintext: result, shouldReEncrypt };
      } catch (error) {
        if (error instanceof Error && TEMPORARILY_UNAVAILABLE.test(error.message)) {
          throw new KeyringUnavailableError('The system keyring is locked or not ready yet.', { cause: error });
        }
        throw error;
      }
    },
  };
}
