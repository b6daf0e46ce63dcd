/**
 * Our safeStorage wrapper over a stand-in for Electron's safeStorage (the binary is not
 * available here). The stand-in only needs to be reversible; what is asserted is the wrapper's
 * behaviour: base64 text out, the same string back, shouldReEncrypt passed through, garbage
 * refused, and the backend policy applied.
 */
import { describe, expect, it } from 'vitest';
import { KeyringUnavailableError } from '../../app/ports.ts';
import { createSafeStorageCipher, type SafeStorageLike } from '../../main/safe-storage.ts';
import type { StorageBackend } from '../../main/token-storage-policy.ts';

const xor = (bytes: Buffer): Buffer => Buffer.from(bytes.map((byte) => byte ^ 0x5a));

function fakeSafeStorage(options: {
  available?: boolean;
  backend?: StorageBackend;
  shouldReEncrypt?: boolean;
}): SafeStorageLike & { backendCalls: number } {
  const state = { backendCalls: 0 };
  const marker = Buffer.from('SAFE:');
  return {
    get backendCalls() {
      return state.backendCalls;
    },
    isAsyncEncryptionAvailable: async () => options.available ?? true,
    getSelectedStorageBackend: () => {
      state.backendCalls++;
      return options.backend ?? 'gnome_libsecret';
    },
    encryptStringAsync: async (plainText) => Buffer.concat([marker, xor(Buffer.from(plainText, 'utf8'))]),
    decryptStringAsync: async (encrypted) => {
      if (!encrypted.subarray(0, marker.length).equals(marker))
        throw new Error('Error while decrypting the ciphertext');
      const body = xor(encrypted.subarray(marker.length));
      return { result: body.toString('utf8'), shouldReEncrypt: options.shouldReEncrypt ?? false };
    },
  };
}

describe('createSafeStorageCipher', () => {
  it('returns base64 text that decrypts to the same string', async () => {
    const cipher = createSafeStorageCipher(fakeSafeStorage({}), 'linux');
    const plaintext = JSON.stringify({ accessToken: 'BQD-access-ünïcode', refreshToken: 'AQB-refresh' });
    const ciphertext = await cipher.encrypt(plaintext);
    expect(ciphertext).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(ciphertext).not.toContain('access');
    expect(await cipher.decrypt(ciphertext)).toEqual({ plaintext, shouldReEncrypt: false });
  });

  it('passes shouldReEncrypt through', async () => {
    const cipher = createSafeStorageCipher(fakeSafeStorage({ shouldReEncrypt: true }), 'darwin');
    const result = await cipher.decrypt(await cipher.encrypt('x'));
    expect(result.shouldReEncrypt).toBe(true);
  });

  it('refuses text that is not base64 and lets decryption failures reject', async () => {
    const cipher = createSafeStorageCipher(fakeSafeStorage({}), 'linux');
    await expect(cipher.decrypt('not base64 at all!')).rejects.toThrow();
    await expect(cipher.decrypt(Buffer.from('other bytes').toString('base64'))).rejects.toThrow();
  });

  it('applies the backend policy on Linux', async () => {
    const keyring = createSafeStorageCipher(fakeSafeStorage({ backend: 'kwallet6' }), 'linux');
    expect(await keyring.protection()).toEqual({ kind: 'encrypted' });
    const basic = await createSafeStorageCipher(fakeSafeStorage({ backend: 'basic_text' }), 'linux').protection();
    expect(basic.kind).toBe('weak');
    const none = await createSafeStorageCipher(fakeSafeStorage({ available: false }), 'linux').protection();
    expect(none.kind).toBe('unavailable');
  });

  it('does not ask for a Linux backend on macOS or Windows', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const storage = fakeSafeStorage({ backend: 'basic_text' });
      expect(await createSafeStorageCipher(storage, platform).protection()).toEqual({ kind: 'encrypted' });
      expect(storage.backendCalls).toBe(0);
    }
  });

  it('treats a failing availability check as unavailable', async () => {
    const storage = fakeSafeStorage({});
    storage.isAsyncEncryptionAvailable = async () => {
      throw new Error('not ready');
    };
    expect((await createSafeStorageCipher(storage, 'win32').protection()).kind).toBe('unavailable');
  });

  it("tells Electron's temporary keyring failure from a definite one", async () => {
    const storage = fakeSafeStorage({});
    const cipher = createSafeStorageCipher(storage, 'linux');
    const ciphertext = await cipher.encrypt('x');
    // The exact rejection of Electron 45 (shell/browser/api/electron_api_safe_storage.cc) while locked.
    storage.decryptStringAsync = async () => {
      throw new Error('safeStorage.decryptStringAsync is temporarily unavailable. Please try again.');
    };
    await expect(cipher.decrypt(ciphertext)).rejects.toBeInstanceOf(KeyringUnavailableError);
    storage.decryptStringAsync = async () => {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptStringAsync.');
    };
    const definite = await cipher.decrypt(ciphertext).catch((error: unknown) => error);
    expect(definite).toBeInstanceOf(Error);
    expect(definite).not.toBeInstanceOf(KeyringUnavailableError);
  });

  it('calls the keyring unavailable when the availability check does not answer in time', async () => {
    const storage = fakeSafeStorage({});
    storage.isAsyncEncryptionAvailable = () => new Promise<boolean>(() => {});
    const cipher = createSafeStorageCipher(storage, 'linux', { availabilityWaitMs: 20 });
    expect((await cipher.protection()).kind).toBe('unavailable');
    storage.isAsyncEncryptionAvailable = async () => true;
    expect(await cipher.protection()).toEqual({ kind: 'encrypted' });
  });
});
