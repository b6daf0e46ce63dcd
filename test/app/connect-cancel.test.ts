/**
 * Cancel after the browser step (while "Loading your profile…"), through the whole core against
 * the emulator: a half-done sign-in is undone. Without a previous account Tunetray ends signed
 * out with nothing saved; when switching accounts, the previous account stays, tokens and library.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { SessionState } from '../../app/model.ts';
import { type Emulator, startEmulator } from '../spotify-emulator/index.ts';
import { createTestCipher } from '../support/ports.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { waitUntil } from '../support/wait.ts';

const key = Buffer.alloc(32, 9);

describe('cancel while loading the profile', () => {
  let emulator: Emulator;
  let clientId: string;
  const cores: TestCore[] = [];

  beforeEach(async () => {
    emulator = await startEmulator();
    clientId = emulator.registerClient({ name: 'Cancel test', redirectUris: ['http://127.0.0.1/callback'] }).clientId;
    emulator.registerUser({ id: 'member', displayName: 'Member' });
    emulator.registerUser({ id: 'other', displayName: 'Other' });
    emulator.seedPlaylists('member', 60);
    emulator.seedPlaylists('other', 5);
  });
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.session.dispose();
    await emulator.close();
  });

  function boot(dir?: string): TestCore {
    const core = createTestCore({
      ...(dir ? { dir } : {}),
      cipherKey: key,
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

  /** Starts a connect and plays the browser for `userId`; resolves once the flow is loading the profile. */
  async function connectUntilLoading(core: TestCore, userId: string, switchAccount = false) {
    const seen = core.opened.length;
    const done = core.session.connect({ switchAccount }).catch((error: unknown) => error);
    await waitUntil(() => core.opened.length > seen, 'the authorize URL');
    const consent = await emulator.playBrowser(core.opened.at(-1) as string, { decision: 'agree', userId });
    await fetch(consent.location as string);
    await waitUntil(() => isLoading(core.session.state()), 'loading the profile');
    // Wrapped: returning the promise itself would make the caller's await wait for the connect.
    return { done };
  }

  async function connect(core: TestCore, userId: string) {
    const done = core.session.connect();
    await waitUntil(() => core.opened.length > 0, 'the authorize URL');
    const consent = await emulator.playBrowser(core.opened.at(-1) as string, { decision: 'agree', userId });
    await fetch(consent.location as string);
    return done;
  }

  test('without a previous account: signed out, nothing saved, signed out after a restart', async () => {
    const core = boot();
    await core.session.start();
    // The profile answers slowly, so Cancel lands while it loads.
    emulator.fault({ kind: 'latency', ms: 3_000, path: '/v1/me', times: 1 });
    const { done } = await connectUntilLoading(core, 'member');
    core.session.cancelConnect();

    expect(await done).toMatchObject({ code: 'cancelled' });
    expect(core.session.state()).toMatchObject({ status: 'signed-out', notice: { code: 'cancelled' } });
    expect(core.library.playlists()).toHaveLength(0);
    expect(existsSync(join(core.dir, 'auth.json'))).toBe(false);

    await core.session.dispose();
    const restarted = boot(core.dir);
    await restarted.session.start();
    expect(restarted.session.state().status).toBe('signed-out');
  });

  test('while switching accounts: the previous account stays, with its tokens and library', async () => {
    const core = boot();
    await core.session.start();
    await connect(core, 'member');
    const before = await savedRefreshToken(core.dir);

    emulator.fault({ kind: 'latency', ms: 3_000, path: '/v1/me', times: 1 });
    const { done } = await connectUntilLoading(core, 'other', true);
    core.session.cancelConnect();

    expect(await done).toMatchObject({ code: 'cancelled' });
    const state = core.session.state();
    expect(state).toMatchObject({ status: 'connected', notice: { code: 'cancelled' } });
    expect(state.status === 'connected' && state.profile?.id).toBe('member');
    expect(core.library.playlists()).toHaveLength(60);
    expect(await savedRefreshToken(core.dir)).toBe(before);
    // The previous account still works against Spotify.
    const refreshed = await core.session.refreshLibrary();
    expect(refreshed.status === 'connected' && refreshed.profile?.id).toBe('member');

    await core.session.dispose();
    const restarted = boot(core.dir);
    await restarted.session.start();
    const restored = restarted.session.state();
    expect(restored.status === 'connected' && restored.profile?.id).toBe('member');
  });

  test('disconnect while loading the profile ends signed out with nothing saved', async () => {
    const core = boot();
    await core.session.start();
    await connect(core, 'member');
    emulator.fault({ kind: 'latency', ms: 3_000, path: '/v1/me', times: 1 });
    const { done } = await connectUntilLoading(core, 'other', true);
    const state = await core.session.disconnect();

    expect(await done).toMatchObject({ code: 'cancelled' });
    expect(state.status).toBe('signed-out');
    expect(core.session.state().status).toBe('signed-out');
    expect(existsSync(join(core.dir, 'auth.json'))).toBe(false);
  });
});

const isLoading = (state: SessionState) => state.status === 'connecting' && state.step === 'loading-profile';

async function savedRefreshToken(dir: string): Promise<string> {
  const record = JSON.parse(readFileSync(join(dir, 'auth.json'), 'utf8')) as { tokens: { ciphertext: string } };
  const { plaintext } = await createTestCipher({ key }).decrypt(record.tokens.ciphertext);
  return (JSON.parse(plaintext) as { refreshToken: string }).refreshToken;
}
