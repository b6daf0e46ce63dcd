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
 */
import type { SafeStorage } from 'electron';
import type { Cipher, CipherProtection } from '../app/ports.ts';
import { decideTokenProtection, type StorageBackend } from './token-storage-policy.ts';

export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function createSafeStorageCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Cipher {
  return {
    async protection(): Promise<CipherProtection> {
      let asyncAvailable = false;
      try {
        asyncAvailable = await safeStorage.isAsyncEncryptionAvailable();
      } catch {
        asyncAvailable = false;
      }
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
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(ciphertext, 'base64'));
      return { plaintext: result, shouldReEncrypt };
    },
  };
}
