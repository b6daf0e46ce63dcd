/**
 * Whether Electron's safeStorage really encrypts on this machine: a pure decision, so it can be
 * tested as a table without Electron.
 *
 * On Linux, safeStorage picks a backend from the desktop session: a real keyring (libsecret,
 * KWallet) or `basic_text`, which is a hard-coded key: obfuscation, not encryption. `unknown`
 * means it was asked before the app was ready (or could not tell); it is not trusted either.
 * macOS (Keychain) and Windows (DPAPI) encrypt whenever async encryption is available.
 */
import type { SafeStorage } from 'electron';
import type { CipherProtection } from '../app/ports.ts';

export type StorageBackend = ReturnType<SafeStorage['getSelectedStorageBackend']>;

export interface TokenProtectionInput {
  platform: NodeJS.Platform;
  /**
   * Whether `safeStorage.isAsyncEncryptionAvailable()` answered true in time. After 'ready' it never
   * resolves false, so false means the OS keyring has not answered yet (main/safe-storage.ts).
   */
  asyncAvailable: boolean;
  /** `safeStorage.getSelectedStorageBackend()`; only meaningful on Linux, null elsewhere. */
  backend: StorageBackend | null;
}

const KEYRING_BACKENDS: ReadonlySet<StorageBackend> = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

export const NO_KEYRING_EXPLANATION =
  'No system keyring was found, so Tunetray could only obfuscate your sign-in on disk, not encrypt it. ' +
  'Install and start a keyring (for example gnome-keyring or KWallet), or launch Tunetray with ' +
  '--password-store=gnome-libsecret.';

export function decideTokenProtection(input: TokenProtectionInput): CipherProtection {
  const { platform, asyncAvailable, backend } = input;
  if (!asyncAvailable) return { kind: 'unavailable', explanation: unavailableExplanation(platform) };
  if (platform === 'darwin' || platform === 'win32') return { kind: 'encrypted' };
  // Linux, and any other platform that uses the same backends (the BSDs).
  if (backend !== null && KEYRING_BACKENDS.has(backend)) return { kind: 'encrypted' };
  return { kind: 'weak', explanation: NO_KEYRING_EXPLANATION };
}

function unavailableExplanation(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return 'Tunetray could not use the macOS Keychain to protect your sign-in.';
    case 'win32':
      return 'Tunetray could not use Windows data protection to protect your sign-in.';
    default:
      return (
        'Tunetray could not use a system keyring to protect your sign-in. Install and start one ' +
        '(for example gnome-keyring or KWallet), or launch Tunetray with --password-store=gnome-libsecret.'
      );
  }
}
