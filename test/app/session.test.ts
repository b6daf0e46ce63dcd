/**
 * The session state machine through the whole core (createCore) against the emulator over
 * real HTTP: the same composition main/index.ts builds, with plain-Node ports.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Core } from '../../app/core.ts';
import type { SessionState } from '../../app/model.ts';
import type { CipherProtection } from '../../app/ports.ts';
import { type Emulator, startEmulator } from '../spotify-emulator/index.ts';
import { portIsClosed } from '../support/net.ts';
import { createTestCipher } from '../support/ports.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { waitUntil } from '../support/wait.ts';

type World = TestCore & { states: SessionState[] };

describe('session', () => {
  let emulator: Emulator;
  let clientId: string;
  const cores: Core[] = [];
  const key = Buffer.alloc(32, 7);

  beforeEach(async () => {
    emulator = await startEmulator();
    clientId = emulator.registerClient({ name: 'Session test', redirectUris: ['http://127.0.0.1/callback'] }).clientId;
    emulator.registerUser({ id: 'member', displayName: 'Member' });
    emulator.seedPlaylists('member', 120);
  });
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.session.dispose();
    await emulator.close();
  });

  function boot(dir?: string, env: Record<string, string> = {}, cipherProtection?: CipherProtection): World {
    const core = createTestCore({
      ...(dir ? { dir } : {}),
      ...(cipherProtection ? { cipherProtection } : {}),
      cipherKey: key,
      env: {
        TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl,
        TUNETRAY_API_URL: emulator.apiUrl,
        TUNETRAY_CLIENT_ID: clientId,
        ...env,
      },
      signInTimeoutMs: 10_000,
    });
    const states: SessionState[] = [];
    core.session.subscribe((s) => states.push(s));
    cores.push(core);
    return { ...core, states };
  }

  /** Connect, playing the browser: the consent page, then the redirect to the loopback port. */
  async function connect(world: World): Promise<SessionState> {
    const before = world.opened.length;
    const done = world.session.connect();
    await waitUntil(() => world.opened.length > before, 'the authorize URL');
    const consent = await emulator.playBrowser(world.opened.at(-1) as string, { decision: 'agree' });
    await fetch(consent.location as string);
    return done;
  }

  test('without a Client ID the session needs setup and Connect says why', async () => {
    const world = boot(undefined, { TUNETRAY_CLIENT_ID: '' });
    await world.session.start();
    expect(world.session.state().status).toBe('needs-setup');
    await expect(world.session.connect()).rejects.toMatchObject({ code: 'needs-setup' });
  });

  test('connect goes through connecting steps to connected with the profile and all playlists', async () => {
    const world = boot();
    await world.session.start();
    const state = await connect(world);
    expect(state.status).toBe('connected');
    expect(state.status === 'connected' && state.profile?.displayName).toBe('Member');
    expect(world.library.playlists()).toHaveLength(120);
    const steps = world.states.map((s) => (s.status === 'connecting' ? s.step : s.status));
    expect(steps).toEqual(
      expect.arrayContaining(['waiting-for-browser', 'exchanging-code', 'loading-profile', 'connected']),
    );
    // Tokens are on disk only encrypted.
    const disk = readFileSync(join(world.dir, 'auth.json'), 'utf8');
    for (const r of emulator.requests) if (r.accessToken) expect(disk).not.toContain(r.accessToken);
  });

  test('a restart restores the session and the saved library without any network', async () => {
    const first = boot();
    await first.session.start();
    await connect(first);
    await first.session.dispose();
    emulator.clearRequests();
    emulator.fault({ kind: 'reset', forMs: 60_000 });

    const second = boot(first.dir);
    await second.session.start();
    const state = second.session.state();
    expect(state.status).toBe('connected');
    expect(second.library.playlists()).toHaveLength(120);
    expect(state.status === 'connected' && state.profile?.displayName).toBe('Member');
    // The background sync fails quietly into "offline"; the saved library stays.
    await waitUntil(() => second.library.info().sync.kind === 'offline', 'offline status');
    expect(second.library.playlists()).toHaveLength(120);
  });

  test('a revoked sign-in (invalid_grant) signs out with a reason and clears the library', async () => {
    const world = boot();
    await world.session.start();
    await connect(world);
    // Revoke the refresh token Tunetray holds (read back from its encrypted file), and expire access.
    const saved = await savedTokens(world.dir, key);
    emulator.revokeRefreshToken(saved.refreshToken);
    emulator.expireAllAccessTokens();
    await world.session.refreshLibrary().catch(() => {});
    await waitUntil(() => world.session.state().status === 'signed-out', 'signed-out');
    expect(world.session.state().notice?.code).toBe('signed-out-by-spotify');
    expect(world.library.playlists()).toHaveLength(0);
  });

  test('coming back from sleep refreshes the library', async () => {
    const world = boot();
    await world.session.start();
    await connect(world);
    emulator.clearRequests();
    world.power.resume();
    await waitUntil(() => emulator.requests.some((r) => r.path === '/v1/me/playlists'), 'a sync after resume');
    await waitUntil(() => world.library.info().sync.kind === 'idle', 'sync done');
    // Unchanged library: conditional requests.
    expect(emulator.requests.filter((r) => r.path === '/v1/me/playlists').every((r) => r.status === 304)).toBe(true);
  });

  test('disconnect wipes tokens, library and cache, and says signed out', async () => {
    const world = boot();
    await world.session.start();
    await connect(world);
    const state = await world.session.disconnect();
    expect(state.status).toBe('signed-out');
    expect(world.library.playlists()).toHaveLength(0);
    const restarted = boot(world.dir);
    await restarted.session.start();
    expect(restarted.session.state().status).toBe('signed-out');
    expect(restarted.library.playlists()).toHaveLength(0);
  });

  test('only one sign-in at a time; cancel returns to signed-out with a notice', async () => {
    const world = boot();
    await world.session.start();
    const first = world.session.connect();
    await waitUntil(() => world.opened.length > 0, 'the authorize URL');
    await expect(world.session.connect()).rejects.toMatchObject({ code: 'busy' });
    world.session.cancelConnect();
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    expect(world.session.state()).toMatchObject({ status: 'signed-out', notice: { code: 'cancelled' } });
  });

  test('no log line contains a token, code or verifier', async () => {
    const world = boot();
    await world.session.start();
    await connect(world);
    const secrets = emulator.requests.flatMap((r) => [
      r.accessToken,
      r.form?.code,
      r.form?.code_verifier,
      r.form?.refresh_token,
    ]);
    for (const secret of secrets.filter((s): s is string => typeof s === 'string' && s.length > 0)) {
      for (const { line } of world.logger.lines) expect(line).not.toContain(secret);
    }
  });

  test('without a keyring the sign-in stays in memory until the user opts in to weaker storage', async () => {
    const weak: CipherProtection = { kind: 'weak', explanation: 'basic_text' };
    const world = boot(undefined, {}, weak);
    await world.session.start();
    const connected = await connect(world);
    expect(connected.status === 'connected' && connected.tokenStorage.mode).toBe('memory');
    expect(existsSync(join(world.dir, 'auth.json'))).toBe(false);

    const result = await world.handlers.updatePreferences({ allowWeakTokenStorage: true });
    expect(result.ok).toBe(true);
    const state = world.session.state();
    expect(state.status === 'connected' && state.tokenStorage.mode).toBe('weak');
    expect(readFileSync(join(world.dir, 'auth.json'), 'utf8')).toContain('ciphertext');

    await world.session.dispose();
    const restarted = boot(world.dir, {}, weak);
    await restarted.session.start();
    expect(restarted.session.state().status).toBe('connected');
  });

  test('quitting during sign-in closes the loopback port', async () => {
    const world = boot();
    await world.session.start();
    const pending = world.session.connect().catch((error: unknown) => error);
    await waitUntil(() => world.opened.length > 0, 'the authorize URL');
    const redirect = new URL(new URL(world.opened[0] as string).searchParams.get('redirect_uri') ?? '');
    expect(await portIsClosed(Number(redirect.port))).toBe(false);
    await world.session.dispose();
    expect(await pending).toMatchObject({ code: 'cancelled' });
    expect(await portIsClosed(Number(redirect.port))).toBe(true);
  });

  test('reconnecting (the six-monthly approval) keeps the library, the saved playlist contents and the settings', async () => {
    const world = boot();
    await world.session.start();
    const first = await connect(world);
    const playlist = world.library.playlists()[0];
    if (!playlist || first.status !== 'connected') throw new Error('connected with playlists expected');
    const opened = await world.items.open(playlist.id);
    expect(opened.status).toBe('loaded');
    const itemsFile = () => readFileSync(join(world.dir, 'items.json'), 'utf8');
    expect(itemsFile()).toContain(playlist.id);
    world.settings.update({ startAtLogin: true });
    const shown: number[] = [];
    world.session.subscribe(() => shown.push(world.library.playlists().length));
    await new Promise((resolve) => setTimeout(resolve, 5));

    const again = await connect(world);
    expect(again.status).toBe('connected');
    // The list never emptied on the way, and what was saved is still there.
    expect(Math.min(...shown)).toBe(120);
    expect(itemsFile()).toContain(playlist.id);
    expect(world.settings.get().startAtLogin).toBe(true);
    // A new approval: Spotify's six months start again.
    expect(again.status === 'connected' && again.connectedSince).toBeGreaterThan(first.connectedSince ?? 0);
    expect(again.status === 'connected' && again.reconnectBy).toBeGreaterThan(first.reconnectBy ?? 0);
  });

  test('a cancelled account switch keeps the current account connected', async () => {
    const world = boot();
    await world.session.start();
    await connect(world);
    const pending = world.session.connect({ switchAccount: true }).catch((error: unknown) => error);
    await waitUntil(() => world.opened.length > 1, 'the second authorize URL');
    expect(new URL(world.opened[1] as string).searchParams.get('show_dialog')).toBe('true');
    world.session.cancelConnect();
    expect(await pending).toMatchObject({ code: 'cancelled' });
    expect(world.session.state().status).toBe('connected');
    expect(world.library.playlists()).toHaveLength(120);
    expect((await world.session.refreshLibrary()).status).toBe('connected');
  });
});

/** The token set Tunetray saved, decrypted with the test keyring's key. */
async function savedTokens(dir: string, key: Buffer): Promise<{ refreshToken: string; accessToken: string }> {
  const record = JSON.parse(readFileSync(join(dir, 'auth.json'), 'utf8')) as { tokens: { ciphertext: string } };
  const { plaintext } = await createTestCipher({ key }).decrypt(record.tokens.ciphertext);
  return JSON.parse(plaintext) as { refreshToken: string; accessToken: string };
}
