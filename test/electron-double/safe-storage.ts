/**
 * safeStorage's async API over keyring.ts, with Electron's messages: before 'ready' encryption
 * rejects and the backend is 'unknown'; a locked keyring makes decryptStringAsync reject as
 * "temporarily unavailable" (and encryption fail) until the test unlocks it; a slow keyring answers
 * only after a window has painted.
 */
import { provide } from './control.ts';
import { onlyElectronMembers } from './event.ts';
import { config } from './host-config.ts';
import { decryptWith, encryptWith } from './keyring.ts';
import { firstPaint, isReady, ruleBroken } from './lifecycle.ts';

const { backend, answer } = config.safeStorage;
let locked = config.safeStorage.locked;

const slowKeyring = () => (answer === 'after-first-paint' ? firstPaint : Promise.resolve());

function requireReadyForSafeStorage(): void {
  if (!isReady()) {
    throw ruleBroken(
      'safeStorage cannot be used before app is ready',
      "safeStorage encrypts only after the app's 'ready' event",
      'safe-storage',
    );
  }
}

export const safeStorage = {
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    if (!isReady()) return false;
    await slowKeyring();
    return backend !== 'unavailable';
  },

  async encryptStringAsync(plainText: string): Promise<Buffer> {
    requireReadyForSafeStorage();
    await slowKeyring();
    if (backend === 'unavailable' || locked) {
      throw new Error('Error while encrypting the text provided to safeStorage.encryptStringAsync.');
    }
    return encryptWith(config.profileDir, backend, plainText);
  },

  async decryptStringAsync(encrypted: Buffer): Promise<Electron.DecryptStringAsyncReturnValue> {
    requireReadyForSafeStorage();
    if (!Buffer.isBuffer(encrypted)) {
      throw new Error('Expected the first argument of decryptStringAsync() to be a buffer');
    }
    if (encrypted.length === 0) return { shouldReEncrypt: false, result: '' };
    await slowKeyring();
    if (locked) throw new Error('safeStorage.decryptStringAsync is temporarily unavailable. Please try again.');
    try {
      return decryptWith(config.profileDir, backend, encrypted);
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptStringAsync.');
    }
  },

  /** Linux only in Electron (elsewhere the method does not exist); 'unknown' before ready. */
  getSelectedStorageBackend(): ReturnType<Electron.SafeStorage['getSelectedStorageBackend']> {
    if (config.platform !== 'linux') {
      throw ruleBroken(
        'safeStorage.getSelectedStorageBackend is not a function',
        'getSelectedStorageBackend exists on Linux only',
        'safe-storage#safestoragegetselectedstoragebackend-linux',
      );
    }
    if (!isReady() || backend === 'unavailable') return 'unknown';
    return backend;
  },
} satisfies Pick<
  Electron.SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;
onlyElectronMembers<typeof safeStorage, Electron.SafeStorage>('ok');

provide({
  'keyring.setLocked': ({ locked: next }) => {
    locked = next;
    return null;
  },
});
