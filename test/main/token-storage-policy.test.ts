import { describe, expect, it } from 'vitest';
import {
  decideTokenProtection,
  NO_KEYRING_EXPLANATION,
  type StorageBackend,
  type TokenProtectionInput,
} from '../../main/token-storage-policy.ts';

describe('decideTokenProtection', () => {
  const table: Array<[TokenProtectionInput, 'encrypted' | 'weak' | 'unavailable']> = [
    [{ platform: 'darwin', asyncAvailable: true, backend: null }, 'encrypted'],
    [{ platform: 'win32', asyncAvailable: true, backend: null }, 'encrypted'],
    [{ platform: 'darwin', asyncAvailable: false, backend: null }, 'unavailable'],
    [{ platform: 'win32', asyncAvailable: false, backend: null }, 'unavailable'],
    [{ platform: 'linux', asyncAvailable: true, backend: 'gnome_libsecret' }, 'encrypted'],
    [{ platform: 'linux', asyncAvailable: true, backend: 'kwallet' }, 'encrypted'],
    [{ platform: 'linux', asyncAvailable: true, backend: 'kwallet5' }, 'encrypted'],
    [{ platform: 'linux', asyncAvailable: true, backend: 'kwallet6' }, 'encrypted'],
    [{ platform: 'linux', asyncAvailable: true, backend: 'basic_text' }, 'weak'],
    [{ platform: 'linux', asyncAvailable: true, backend: 'unknown' }, 'weak'],
    [{ platform: 'linux', asyncAvailable: true, backend: null }, 'weak'],
    [{ platform: 'linux', asyncAvailable: false, backend: 'gnome_libsecret' }, 'unavailable'],
    [{ platform: 'linux', asyncAvailable: false, backend: 'basic_text' }, 'unavailable'],
    [{ platform: 'freebsd', asyncAvailable: true, backend: 'basic_text' }, 'weak'],
    [{ platform: 'freebsd', asyncAvailable: true, backend: 'kwallet5' }, 'encrypted'],
  ];

  it.each(table)('%o -> %s', (input, kind) => {
    expect(decideTokenProtection(input).kind).toBe(kind);
  });

  it('names the keyring that encrypts, for the connection details', () => {
    const store = (platform: NodeJS.Platform, backend: StorageBackend | null) => {
      const protection = decideTokenProtection({ platform, asyncAvailable: true, backend });
      return protection.kind === 'encrypted' ? protection.store : null;
    };
    expect(store('linux', 'gnome_libsecret')).toBe('secret-service');
    for (const kwallet of ['kwallet', 'kwallet5', 'kwallet6'] as const) expect(store('linux', kwallet)).toBe('kwallet');
    expect(store('darwin', null)).toBe('macos-keychain');
    expect(store('win32', null)).toBe('windows-dpapi');
    expect(store('linux', 'basic_text')).toBe(null);
  });

  it.each<StorageBackend>(['basic_text', 'unknown'])('explains how to get real encryption on Linux (%s)', (backend) => {
    const protection = decideTokenProtection({ platform: 'linux', asyncAvailable: true, backend });
    expect(protection).toEqual({ kind: 'weak', explanation: NO_KEYRING_EXPLANATION });
    expect(NO_KEYRING_EXPLANATION).toMatch(/gnome-keyring/);
    expect(NO_KEYRING_EXPLANATION).toMatch(/KWallet/);
    expect(NO_KEYRING_EXPLANATION).toMatch(/--password-store=gnome-libsecret/);
  });

  it('gives every unavailable outcome an explanation', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const protection = decideTokenProtection({ platform, asyncAvailable: false, backend: null });
      expect(protection.kind).toBe('unavailable');
      if (protection.kind === 'unavailable') expect(protection.explanation.length).toBeGreaterThan(20);
    }
  });
});
