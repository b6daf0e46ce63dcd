import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Cipher, type CipherProtection, KeyringUnavailableError } from '../../app/ports.ts';
import { createTokenVault, UNREADABLE_NOTICE } from '../../app/tokens/vault.ts';
import { createFileStore, createMemoryLogger, createTestCipher } from '../support/ports.ts';
import { fileMode, rawFile, sampleTokens, slices, tempDir } from './helpers.ts';

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const WEAK: CipherProtection = { kind: 'weak', explanation: 'No system keyring was found.' };

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

function setup(options: { cipher?: Cipher; allowWeak?: () => boolean; reportUnreadable?: boolean } = {}) {
  const path = join(dir, 'auth.json');
  const store = createFileStore(path, { reportUnreadable: options.reportUnreadable ?? false });
  const logger = createMemoryLogger();
  const cipher = options.cipher ?? createTestCipher();
  const vault = createTokenVault({
    cipher,
    store,
    logger,
    redactor: logger.redactor,
    allowWeakStorage: options.allowWeak ?? (() => false),
    now: () => NOW,
  });
  return { path, store, logger, cipher, vault };
}

const readRecord = (path: string) => JSON.parse(readFileSync(path, 'utf8')).tokens as Record<string, unknown>;

describe('token vault: encrypted storage', () => {
  it('restores a saved sign-in in a new instance (restart), with no plain text on disk and mode 0o600', async () => {
    const tokens = sampleTokens(NOW);
    const first = setup();
    await first.vault.save(tokens);

    const raw = rawFile(first.path);
    for (const secret of [tokens.accessToken, tokens.refreshToken]) {
      for (const part of slices(secret)) expect(raw).not.toContain(part);
    }
    expect(raw).not.toContain('accessToken');
    expect(raw).not.toContain('refreshToken');
    expect(fileMode(first.path)).toBe(0o600);
    expect(readRecord(first.path)).toEqual({ version: 1, ciphertext: expect.any(String), savedAt: NOW });

    const restarted = createTokenVault({
      cipher: first.cipher,
      store: createFileStore(first.path),
      logger: first.logger,
      redactor: first.logger.redactor,
      allowWeakStorage: () => false,
    });
    const loaded = await restarted.load();
    expect(loaded).toEqual({
      tokens,
      problem: null,
      storage: { mode: 'encrypted', explanation: null },
      keyringLocked: false,
    });
  });

  it('remembers every token in the redactor and never logs one', async () => {
    const { vault, logger } = setup();
    const tokens = sampleTokens(NOW);
    await vault.save(tokens);
    await vault.load();
    expect(logger.redactor.redact(`x ${tokens.accessToken} ${tokens.refreshToken}`)).toBe('x [redacted] [redacted]');
    const log = logger.lines.map((l) => l.line).join('\n');
    expect(log).not.toContain(tokens.accessToken);
    expect(log).not.toContain(tokens.refreshToken);
  });

  it('returns nothing and no problem when nothing was saved', async () => {
    const { vault } = setup();
    expect(await vault.load()).toEqual({
      tokens: null,
      problem: null,
      storage: { mode: 'encrypted', explanation: null },
      keyringLocked: false,
    });
  });

  it('clear() wipes memory and disk', async () => {
    const { vault, path } = setup();
    await vault.save(sampleTokens(NOW));
    await vault.clear();
    expect(existsSync(path)).toBe(false);
    expect((await vault.load()).tokens).toBeNull();
  });

  it('a clear() issued while a save is encrypting is not overtaken by the save', async () => {
    const { vault, path, store } = setup();
    store.set('other', 1);
    const saving = vault.save(sampleTokens(NOW));
    const clearing = vault.clear();
    await Promise.all([saving, clearing]);
    expect(store.get('tokens')).toBeUndefined();
    expect(existsSync(path)).toBe(true);
    expect((await vault.load()).tokens).toBeNull();
  });

  it('re-encrypts a record when the cipher says so', async () => {
    const base = createTestCipher();
    let reEncrypt = true;
    const cipher: Cipher = {
      ...base,
      decrypt: async (ciphertext) => ({ ...(await base.decrypt(ciphertext)), shouldReEncrypt: reEncrypt }),
    };
    const { vault, path } = setup({ cipher });
    const tokens = sampleTokens(NOW);
    await vault.save(tokens);
    const before = readRecord(path).ciphertext;
    expect((await vault.load()).tokens).toEqual(tokens);
    const after = readRecord(path).ciphertext;
    expect(after).not.toBe(before);
    reEncrypt = false;
    expect((await vault.load()).tokens).toEqual(tokens);
  });

  it('keeps the sign-in in memory when encryption fails, and says so', async () => {
    const base = createTestCipher();
    const cipher: Cipher = {
      ...base,
      encrypt: async () => {
        throw new Error('keyring locked');
      },
    };
    const { vault, path } = setup({ cipher });
    const tokens = sampleTokens(NOW);
    await expect(vault.save(tokens)).resolves.toBeUndefined();
    expect(existsSync(path)).toBe(false);
    const info = await vault.storageInfo();
    expect(info.mode).toBe('memory');
    expect(info.explanation).toMatch(/could not save/);
    expect((await vault.load()).tokens).toEqual(tokens);
  });
});

describe('token vault: unreadable records are deleted and reported once', () => {
  async function expectUnreadable(vault: ReturnType<typeof setup>['vault'], path: string) {
    const first = await vault.load();
    expect(first.tokens).toBeNull();
    expect(first.problem).toEqual(UNREADABLE_NOTICE);
    expect(UNREADABLE_NOTICE).toEqual({
      level: 'warning',
      code: 'stored-sign-in-unreadable',
      message: 'Tunetray could not read your saved sign-in; please connect again.',
      action: 'connect',
    });
    // Deleted: the next start is a plain signed-out one, not the same problem again.
    expect(existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')).tokens : undefined).toBeUndefined();
    const second = await vault.load();
    expect(second).toMatchObject({ tokens: null, problem: null });
    // And the vault still works.
    const tokens = sampleTokens(NOW);
    await vault.save(tokens);
    expect((await vault.load()).tokens).toEqual(tokens);
  }

  it('a corrupt ciphertext', async () => {
    const { vault, path } = setup();
    await vault.save(sampleTokens(NOW));
    const record = readRecord(path);
    const ciphertext = String(record.ciphertext);
    const flipped = `${ciphertext.slice(0, 20)}${ciphertext[20] === 'A' ? 'B' : 'A'}${ciphertext.slice(21)}`;
    writeFileSync(path, JSON.stringify({ tokens: { ...record, ciphertext: flipped } }), { mode: 0o600 });
    await expectUnreadable(setup().vault, path);
  });

  it('random bytes in the store file', async () => {
    const { vault, path } = setup({ reportUnreadable: true });
    await vault.save(sampleTokens(NOW));
    writeFileSync(path, Buffer.from([0x7b, 0x00, 0xff, 0x13, 0x22, 0x7d, 0x99]));
    await expectUnreadable(vault, path);
  });

  it('a truncated store file', async () => {
    const { vault, path } = setup({ reportUnreadable: true });
    await vault.save(sampleTokens(NOW));
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, Math.floor(text.length / 2)));
    await expectUnreadable(vault, path);
  });

  it('a truncated file with a store that silently resets it (electron-store clearInvalidConfig)', async () => {
    const { vault, path, cipher } = setup({ reportUnreadable: false });
    await vault.save(sampleTokens(NOW));
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, Math.floor(text.length / 2)));
    // The store hides the damage, so there is nothing to report, but nothing throws either.
    const restarted = setup({ cipher, reportUnreadable: false });
    expect(await restarted.vault.load()).toMatchObject({ tokens: null, problem: null });
  });

  it('a truncated ciphertext', async () => {
    const { vault, path } = setup();
    await vault.save(sampleTokens(NOW));
    const record = readRecord(path);
    const ciphertext = String(record.ciphertext);
    writeFileSync(path, JSON.stringify({ tokens: { ...record, ciphertext: ciphertext.slice(0, 30) } }));
    await expectUnreadable(vault, path);
  });

  it('a record encrypted by another key (keyring changed, file from another machine)', async () => {
    const { vault, path } = setup({ cipher: createTestCipher() });
    await vault.save(sampleTokens(NOW));
    const other = setup({ cipher: createTestCipher() });
    await expectUnreadable(other.vault, path);
  });

  it('an unknown record version', async () => {
    const { vault, path } = setup();
    await vault.save(sampleTokens(NOW));
    writeFileSync(path, JSON.stringify({ tokens: { ...readRecord(path), version: 2 } }));
    await expectUnreadable(vault, path);
  });

  it('a record that decrypts to something that is not a token set', async () => {
    const cipher = createTestCipher();
    const { vault, path, store } = setup({ cipher });
    store.set('tokens', { version: 1, ciphertext: await cipher.encrypt('{"accessToken":"x"}'), savedAt: NOW });
    await expectUnreadable(vault, path);
    store.set('tokens', { version: 1, ciphertext: await cipher.encrypt('not json'), savedAt: NOW });
    await expectUnreadable(vault, path);
  });

  it('a record that is not an object', async () => {
    const { vault, path, store } = setup();
    store.set('tokens', 'unreadable-file');
    await expectUnreadable(vault, path);
  });
});

describe('token vault: weak and memory-only storage', () => {
  it('keeps tokens in memory only when protection is weak and the user has not opted in', async () => {
    const { vault, path } = setup({ cipher: createTestCipher({ protection: WEAK }) });
    const tokens = sampleTokens(NOW);
    await vault.save(tokens);
    expect(existsSync(path)).toBe(false);
    const loaded = await vault.load();
    expect(loaded.tokens).toEqual(tokens);
    expect(loaded.storage.mode).toBe('memory');
    expect(loaded.storage.explanation).toMatch(/No system keyring/);
    expect(loaded.storage.explanation).toMatch(/weaker protection/);
    // A restart forgets it.
    expect((await setup({ cipher: createTestCipher({ protection: WEAK }) }).vault.load()).tokens).toBeNull();
  });

  it('leaves a record it cannot read alone while storing in memory only (the keyring may be missing now)', async () => {
    const keyring = setup({ cipher: createTestCipher() });
    await keyring.vault.save(sampleTokens(NOW));
    const before = readFileSync(keyring.path, 'utf8');
    const { vault, path } = setup({ cipher: createTestCipher({ protection: WEAK }) });
    const loaded = await vault.load();
    expect(loaded).toMatchObject({ tokens: null, problem: null, storage: { mode: 'memory' } });
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('explains the fix when no protection-specific text is given', async () => {
    const { vault } = setup({ cipher: createTestCipher({ protection: { kind: 'weak', explanation: '' } }) });
    const info = await vault.storageInfo();
    expect(info.mode).toBe('memory');
    expect(info.explanation).toMatch(/gnome-keyring or KWallet/);
    expect(info.explanation).toMatch(/--password-store=gnome-libsecret/);
  });

  it('writes with weak protection after an explicit opt-in', async () => {
    let allow = true;
    const cipher = createTestCipher({ protection: WEAK });
    const { vault, path } = setup({ cipher, allowWeak: () => allow });
    const tokens = sampleTokens(NOW);
    await vault.save(tokens);
    expect(existsSync(path)).toBe(true);
    expect(rawFile(path)).not.toContain(tokens.refreshToken);
    expect(fileMode(path)).toBe(0o600);
    expect((await vault.storageInfo()).mode).toBe('weak');

    // Opting out later keeps this run signed in but takes the record off the disk.
    allow = false;
    const restarted = setup({ cipher, allowWeak: () => allow });
    const loaded = await restarted.vault.load();
    expect(loaded.tokens).toEqual(tokens);
    expect(loaded.storage.mode).toBe('memory');
    expect(existsSync(path)).toBe(false);
  });

  it('keeps tokens in memory and leaves an earlier record alone while no cipher is available', async () => {
    const cipher = createTestCipher();
    const first = setup({ cipher });
    const saved = sampleTokens(NOW);
    await first.vault.save(saved);
    const before = readFileSync(first.path, 'utf8');

    const unavailable: Cipher = {
      ...cipher,
      protection: async () => ({ kind: 'unavailable', explanation: 'The keyring is not running.' }),
    };
    const { vault, path } = setup({ cipher: unavailable, allowWeak: () => true });
    const loaded = await vault.load();
    expect(loaded.tokens).toBeNull();
    expect(loaded.problem).toBeNull();
    expect(loaded.storage.mode).toBe('memory');
    expect(loaded.storage.explanation).toMatch(/The keyring is not running/);
    expect(readFileSync(path, 'utf8')).toBe(before);

    // A new sign-in supersedes the old record, which then must not linger.
    const fresh = sampleTokens(NOW, {
      accessToken: 'BQDsecond-access-token-xyz',
      refreshToken: 'AQCsecond-refresh-xyz',
    });
    await vault.save(fresh);
    expect(existsSync(path)).toBe(false);
    expect((await vault.load()).tokens).toEqual(fresh);
  });
});

describe('token vault: a keyring that cannot answer now', () => {
  it('keeps the record and says keyringLocked while the cipher fails temporarily, then restores it', async () => {
    const cipher = createTestCipher();
    const first = setup({ cipher });
    const tokens = sampleTokens(NOW);
    await first.vault.save(tokens);
    const before = readFileSync(first.path, 'utf8');

    let locked = true;
    const lockable: Cipher = {
      ...cipher,
      decrypt: async (ciphertext) => {
        if (locked) throw new KeyringUnavailableError();
        return cipher.decrypt(ciphertext);
      },
    };
    const { vault, path } = setup({ cipher: lockable });
    expect(await vault.load()).toMatchObject({ tokens: null, problem: null, keyringLocked: true });
    expect(readFileSync(path, 'utf8')).toBe(before);
    locked = false;
    expect(await vault.load()).toMatchObject({ tokens, problem: null, keyringLocked: false });
  });

  it('says keyringLocked while no cipher is available only when a record is waiting', async () => {
    const unavailable = createTestCipher({ protection: { kind: 'unavailable', explanation: 'Not answering.' } });
    expect((await setup({ cipher: unavailable }).vault.load()).keyringLocked).toBe(false);
    const cipher = createTestCipher();
    await setup({ cipher }).vault.save(sampleTokens(NOW));
    const loaded = await setup({ cipher: { ...cipher, protection: unavailable.protection } }).vault.load();
    expect(loaded).toMatchObject({ tokens: null, problem: null, keyringLocked: true });
  });
});

// The crash test (test/crash/) counts sign-ins lost because the process died after Spotify rotated
// the refresh token and before the new one was on disk; the vault keeps that stretch short.
describe('token vault: a rotated refresh token reaches the disk without waiting', () => {
  it('encrypts while it is still asking the keyring where the tokens may go', async () => {
    const inner = createTestCipher();
    let answer: () => void = () => {};
    const events: string[] = [];
    const cipher: Cipher = {
      ...inner,
      protection: () =>
        new Promise<CipherProtection>((resolve) => {
          events.push('asked');
          answer = () => {
            events.push('answered');
            resolve({ kind: 'encrypted' });
          };
        }),
      encrypt: async (plaintext) => {
        events.push('encrypt');
        return inner.encrypt(plaintext);
      },
    };
    const { vault, path } = setup({ cipher });
    const saving = vault.save(sampleTokens(NOW));
    await new Promise((resolve) => setTimeout(resolve, 10));
    answer();
    await saving;
    expect(events).toEqual(['encrypt', 'asked', 'answered']);
    expect(existsSync(path)).toBe(true);
  });

  it('saveAgain writes the newest tokens, even when the caller still holds older ones', async () => {
    const { vault, path, cipher } = setup();
    await vault.save(sampleTokens(NOW));
    const newer = { ...sampleTokens(NOW), refreshToken: 'the-rotated-refresh-token-0123456789' };
    const saving = vault.save(newer);
    await vault.saveAgain();
    await saving;
    const { plaintext } = await cipher.decrypt(String(readRecord(path).ciphertext));
    expect(JSON.parse(plaintext).refreshToken).toBe('the-rotated-refresh-token-0123456789');
  });
});
