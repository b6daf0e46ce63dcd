/**
 * Starting points the browser suites need without clicking through sign-in each time: a saved
 * sign-in (tokens minted by the emulator, encrypted with the test keyring's key, in the profile
 * folder exactly as the vault writes it), with an approval date of the test's choosing (the
 * reconnect reminder), and a keyring that is locked.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Cipher, KeyringUnavailableError } from '../../../app/ports.ts';
import { REQUIRED_SCOPES, type TokenSet } from '../../../app/tokens/token-set.ts';
import { TOKENS_KEY, TOKENS_RECORD_VERSION } from '../../../app/tokens/vault.ts';
import type { Emulator } from '../../spotify-emulator/index.ts';
import { createFileStore, createTestCipher } from '../../support/ports.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface SavedSignIn {
  dir: string;
  key: Buffer;
  tokens: TokenSet;
}

/** A profile folder holding a sign-in for `userId`, as if Tunetray had saved it on an earlier run. */
export async function savedSignIn(
  emulator: Emulator,
  options: { clientId: string; userId: string; firstAuthorizedAt?: number; key?: Buffer },
): Promise<SavedSignIn> {
  const dir = mkdtempSync(join(tmpdir(), 'tunetray-seeded-'));
  const key = options.key ?? Buffer.alloc(32, 9);
  const minted = emulator.mintTokens({
    clientId: options.clientId,
    userId: options.userId,
    scopes: [...REQUIRED_SCOPES],
  });
  const now = Date.now();
  const tokens: TokenSet = {
    accessToken: minted.access_token,
    refreshToken: minted.refresh_token,
    expiresAt: now + minted.expires_in * 1000,
    scopes: minted.scope.split(' '),
    obtainedAt: now,
    firstAuthorizedAt: options.firstAuthorizedAt ?? now,
  };
  const ciphertext = await createTestCipher({ key }).encrypt(JSON.stringify(tokens));
  createFileStore(join(dir, 'auth.json')).set(TOKENS_KEY, { version: TOKENS_RECORD_VERSION, ciphertext, savedAt: now });
  return { dir, key, tokens };
}

/** The test keyring while it is locked: it still says it encrypts, but cannot open anything yet. */
export function lockedKeyring(key: Buffer): Cipher {
  const cipher = createTestCipher({ key });
  return {
    protection: cipher.protection,
    encrypt: cipher.encrypt,
    decrypt: async () => {
      throw new KeyringUnavailableError('The test keyring is locked.');
    },
  };
}
