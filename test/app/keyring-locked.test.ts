/**
 * A keyring that is locked when Tunetray starts (normal on Linux when it starts at login), through
 * the whole core with the real vault and scheduler against the emulator. The cipher is main's own
 * safeStorage wrapper over a stand-in for Electron's safeStorage that rejects exactly as Electron
 * 45 does while the keyring is locked, so the wrapper's classification is part of what is tested.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createSafeStorageCipher, type SafeStorageLike } from '../../main/safe-storage.ts';
import { type Emulator, startEmulator } from '../spotify-emulator/index.ts';
import { createFakeClock, type FakeClock } from '../support/fake-clock.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { waitUntil } from '../support/wait.ts';

/** Electron 45's rejection while the keyring is locked (shell/browser/api/electron_api_safe_storage.cc). */
const LOCKED = 'safeStorage.decryptStringAsync is temporarily unavailable. Please try again.';

/** AES-GCM behind safeStorage's async API, with a keyring that can be locked. */
function lockableSafeStorage(key: Buffer): SafeStorageLike & { locked: boolean; decryptCalls: number } {
  const storage = {
    locked: false,
    decryptCalls: 0,
    isAsyncEncryptionAvailable: async () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret' as const,
    async encryptStringAsync(plainText: string) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async decryptStringAsync(encrypted: Buffer) {
      storage.decryptCalls++;
      if (storage.locked) throw new Error(LOCKED);
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      const result = Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
      return { result, shouldReEncrypt: false };
    },
  };
  return storage;
}

describe('a locked keyring at start', () => {
  let emulator: Emulator;
  let clientId: string;
  const key = randomBytes(32);
  const cores: TestCore[] = [];

  beforeEach(async () => {
    emulator = await startEmulator();
    clientId = emulator.registerClient({ name: 'Keyring test', redirectUris: ['http://127.0.0.1/callback'] }).clientId;
    emulator.registerUser({ id: 'member', displayName: 'Member' });
    emulator.seedPlaylists('member', 30);
  });
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.session.dispose();
    await emulator.close();
  });

  function boot(storage: SafeStorageLike, options: { dir?: string; clock?: FakeClock } = {}): TestCore {
    const core = createTestCore({
      ...(options.dir ? { dir: options.dir } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      cipher: createSafeStorageCipher(storage, 'linux'),
      env: {
        TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl,
        TUNETRAY_API_URL: emulator.apiUrl,
        TUNETRAY_CLIENT_ID: clientId,
      },
      signInTimeoutMs: 10_000,
    });
    cores.push(core);
    return core;
  }

  /** A first run that signs in and quits; returns its folder and the refresh token it saved. */
  async function signedInBefore(): Promise<{ dir: string; refreshToken: string }> {
    const first = boot(lockableSafeStorage(key));
    await first.session.start();
    const done = first.session.connect();
    await waitUntil(() => first.opened.length > 0, 'the authorize URL');
    const consent = await emulator.playBrowser(first.opened[0] as string, { decision: 'agree' });
    await fetch(consent.location as string);
    expect((await done).status).toBe('connected');
    await first.session.dispose();
    return { dir: first.dir, refreshToken: await savedRefreshToken(first.dir) };
  }

  async function savedRefreshToken(dir: string): Promise<string> {
    const record = JSON.parse(readFileSync(join(dir, 'auth.json'), 'utf8')) as { tokens: { ciphertext: string } };
    const cipher = createSafeStorageCipher(lockableSafeStorage(key), 'linux');
    return (JSON.parse((await cipher.decrypt(record.tokens.ciphertext)).plaintext) as { refreshToken: string })
      .refreshToken;
  }

  test('unlocked a minute later: connected again with the same refresh token, no sign-in', async () => {
    const before = await signedInBefore();
    const record = readFileSync(join(before.dir, 'auth.json'), 'utf8');
    emulator.clearRequests();

    const storage = lockableSafeStorage(key);
    storage.locked = true;
    const clock = createFakeClock(Date.now());
    const core = boot(storage, { dir: before.dir, clock });
    await core.session.start();
    expect(core.session.state()).toMatchObject({
      status: 'connecting',
      step: 'waiting-for-keyring',
      notice: { code: 'keyring-locked', message: 'Your keyring is locked: Tunetray will connect when it is unlocked.' },
    });
    // The saved sign-in is kept as it was.
    expect(readFileSync(join(before.dir, 'auth.json'), 'utf8')).toBe(record);

    await clock.advance(60_000);
    expect(core.session.state()).toMatchObject({ status: 'connecting', step: 'waiting-for-keyring' });
    // It kept trying on its own (backoff), without polling in a tight loop.
    const triesWhileLocked = storage.decryptCalls;
    expect(triesWhileLocked).toBeGreaterThan(2);
    expect(triesWhileLocked).toBeLessThan(20);

    storage.locked = false;
    await clock.advance(60_000);
    await waitUntil(() => core.session.state().status === 'connected', 'connected after the unlock');
    const state = core.session.state();
    expect(state.status === 'connected' && state.profile?.id).toBe('member');
    expect(core.opened).toEqual([]);
    expect(emulator.requests.some((r) => r.form?.grant_type === 'authorization_code')).toBe(false);
    expect(await savedRefreshToken(before.dir)).toBe(before.refreshToken);
    expect((await core.session.refreshLibrary()).status).toBe('connected');
  });

  test('unlocking the screen (resume) and showing the window each try again at once', async () => {
    const before = await signedInBefore();
    const storage = lockableSafeStorage(key);
    storage.locked = true;
    const clock = createFakeClock(Date.now());

    const resumed = boot(storage, { dir: before.dir, clock });
    await resumed.session.start();
    storage.locked = false;
    resumed.power.resume();
    await waitUntil(() => resumed.session.state().status === 'connected', 'connected after resume');
    await resumed.session.dispose();

    storage.locked = true;
    const shown = boot(storage, { dir: before.dir, clock });
    await shown.session.start();
    expect(shown.session.state().status).toBe('connecting');
    storage.locked = false;
    shown.session.windowVisibilityChanged(true);
    await waitUntil(() => shown.session.state().status === 'connected', 'connected after the window was shown');
    expect(shown.opened).toEqual([]);
  });

  test('an unlock while an attempt is still asking the keyring is not lost to the backoff timer', async () => {
    const before = await signedInBefore();
    const storage = lockableSafeStorage(key);
    storage.locked = true;
    // The keyring answers the window's attempt slowly: the screen is unlocked meanwhile.
    let answerSlowly: (() => void) | null = null;
    const decrypt = storage.decryptStringAsync.bind(storage);
    storage.decryptStringAsync = async (encrypted) => {
      if (storage.decryptCalls === 1) {
        // Asked while locked: the answer is "locked", however late it comes.
        await new Promise<void>((resolve) => {
          answerSlowly = resolve;
        });
        storage.decryptCalls++;
        throw new Error(LOCKED);
      }
      return decrypt(encrypted);
    };
    const clock = createFakeClock(Date.now());
    const core = boot(storage, { dir: before.dir, clock });
    await core.session.start();
    expect(core.session.state()).toMatchObject({ status: 'connecting', step: 'waiting-for-keyring' });
    core.session.windowVisibilityChanged(true);
    await waitUntil(() => answerSlowly !== null, 'the window to ask the keyring again');
    storage.locked = false;
    core.power.resume();
    // The slow attempt, asked while locked, answers "locked" after the unlock.
    (answerSlowly as unknown as () => void)();
    // No clock advance: only the unlock itself can have brought the sign-in back.
    await waitUntil(() => core.session.state().status === 'connected', 'connected after the unlock', 5_000);
    expect(core.opened).toEqual([]);
  });

  test('Cancel stops waiting and keeps the saved sign-in for the next start', async () => {
    const before = await signedInBefore();
    const storage = lockableSafeStorage(key);
    storage.locked = true;
    const clock = createFakeClock(Date.now());
    const core = boot(storage, { dir: before.dir, clock });
    await core.session.start();
    core.session.cancelConnect();
    expect(core.session.state()).toMatchObject({ status: 'signed-out', notice: { code: 'keyring-wait-cancelled' } });
    const calls = storage.decryptCalls;
    await clock.advance(10 * 60_000);
    expect(storage.decryptCalls).toBe(calls);
    expect(existsSync(join(before.dir, 'auth.json'))).toBe(true);
    await core.session.dispose();

    const restarted = boot(lockableSafeStorage(key), { dir: before.dir });
    await restarted.session.start();
    expect(restarted.session.state().status).toBe('connected');
  });

  test('a definite failure (another key) still deletes the record and says why', async () => {
    const before = await signedInBefore();
    const core = boot(lockableSafeStorage(randomBytes(32)), { dir: before.dir });
    await core.session.start();
    expect(core.session.state()).toMatchObject({ status: 'signed-out', notice: { code: 'stored-sign-in-unreadable' } });
    expect(existsSync(join(before.dir, 'auth.json'))).toBe(false);
  });
});
