/**
 * The session state machine through the whole core (createCore) against the emulator over
 * real HTTP: the same composition main/index.ts builds, with plain-Node ports.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type Core, createCore } from '../../app/core.ts';
import type { SessionState } from '../../app/model.ts';
import { systemClock } from '../../app/ports.ts';
import { type Emulator, startEmulator } from '../spotify-emulator/index.ts';
import { createFileStore, createManualPowerEvents, createMemoryLogger, createTestCipher } from '../support/ports.ts';
import { waitUntil } from '../support/wait.ts';

interface World {
  core: Core;
  dir: string;
  opened: string[];
  states: SessionState[];
  power: ReturnType<typeof createManualPowerEvents>;
  logger: ReturnType<typeof createMemoryLogger>;
}

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

  function boot(dir = mkdtempSync(join(tmpdir(), 'tunetray-session-')), env: Record<string, string> = {}): World {
    const opened: string[] = [];
    const states: SessionState[] = [];
    const power = createManualPowerEvents();
    const logger = createMemoryLogger();
    const core = createCore({
      cipher: createTestCipher({ key }),
      stores: {
        auth: createFileStore(join(dir, 'auth.json')),
        settings: createFileStore(join(dir, 'settings.json')),
        library: createFileStore(join(dir, 'library.json')),
      },
      openExternal: async (url) => {
        opened.push(url);
      },
      clock: systemClock,
      power,
      logger,
      redactor: logger.redactor,
      env: {
        TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl,
        TUNETRAY_API_URL: emulator.apiUrl,
        TUNETRAY_CLIENT_ID: clientId,
        ...env,
      },
      signInTimeoutMs: 10_000,
    });
    core.session.subscribe((s) => states.push(s));
    cores.push(core);
    return { core, dir, opened, states, power, logger };
  }

  /** Connect, playing the browser: the consent page, then the redirect to the loopback port. */
  async function connect(world: World): Promise<SessionState> {
    const done = world.core.session.connect();
    await waitUntil(() => world.opened.length > 0, 'the authorize URL');
    const consent = await emulator.playBrowser(world.opened.at(-1) as string, { decision: 'agree' });
    await fetch(consent.location as string);
    return done;
  }

  test('without a Client ID the session needs setup and Connect says why', async () => {
    const world = boot(undefined, { TUNETRAY_CLIENT_ID: '' });
    await world.core.session.start();
    expect(world.core.session.state().status).toBe('needs-setup');
    await expect(world.core.session.connect()).rejects.toMatchObject({ code: 'needs-setup' });
  });

  test('connect goes through connecting steps to connected with the profile and all playlists', async () => {
    const world = boot();
    await world.core.session.start();
    const state = await connect(world);
    expect(state.status).toBe('connected');
    expect(state.status === 'connected' && state.profile?.displayName).toBe('Member');
    expect(world.core.library.playlists()).toHaveLength(120);
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
    await first.core.session.start();
    await connect(first);
    await first.core.session.dispose();
    emulator.clearRequests();
    emulator.fault({ kind: 'reset', forMs: 60_000 });

    const second = boot(first.dir);
    await second.core.session.start();
    const state = second.core.session.state();
    expect(state.status).toBe('connected');
    expect(second.core.library.playlists()).toHaveLength(120);
    expect(state.status === 'connected' && state.profile?.displayName).toBe('Member');
    // The background sync fails quietly into "offline"; the saved library stays.
    await waitUntil(() => second.core.library.info().sync.kind === 'offline', 'offline status');
    expect(second.core.library.playlists()).toHaveLength(120);
  });

  test('a revoked sign-in (invalid_grant) signs out with a reason and clears the library', async () => {
    const world = boot();
    await world.core.session.start();
    await connect(world);
    // Revoke the refresh token Tunetray holds (read back from its encrypted file), and expire access.
    const saved = await savedTokens(world.dir, key);
    emulator.revokeRefreshToken(saved.refreshToken);
    emulator.expireAllAccessTokens();
    await world.core.session.refreshLibrary().catch(() => {});
    await waitUntil(() => world.core.session.state().status === 'signed-out', 'signed-out');
    expect(world.core.session.state().notice?.code).toBe('signed-out-by-spotify');
    expect(world.core.library.playlists()).toHaveLength(0);
  });

  test('coming back from sleep refreshes the library', async () => {
    const world = boot();
    await world.core.session.start();
    await connect(world);
    emulator.clearRequests();
    world.power.resume();
    await waitUntil(() => emulator.requests.some((r) => r.path === '/v1/me/playlists'), 'a sync after resume');
    await waitUntil(() => world.core.library.info().sync.kind === 'idle', 'sync done');
    // Unchanged library: conditional requests.
    expect(emulator.requests.filter((r) => r.path === '/v1/me/playlists').every((r) => r.status === 304)).toBe(true);
  });

  test('disconnect wipes tokens, library and cache, and says signed out', async () => {
    const world = boot();
    await world.core.session.start();
    await connect(world);
    const state = await world.core.session.disconnect();
    expect(state.status).toBe('signed-out');
    expect(world.core.library.playlists()).toHaveLength(0);
    const restarted = boot(world.dir);
    await restarted.core.session.start();
    expect(restarted.core.session.state().status).toBe('signed-out');
    expect(restarted.core.library.playlists()).toHaveLength(0);
  });

  test('only one sign-in at a time; cancel returns to signed-out with a notice', async () => {
    const world = boot();
    await world.core.session.start();
    const first = world.core.session.connect();
    await waitUntil(() => world.opened.length > 0, 'the authorize URL');
    await expect(world.core.session.connect()).rejects.toMatchObject({ code: 'busy' });
    world.core.session.cancelConnect();
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    expect(world.core.session.state()).toMatchObject({ status: 'signed-out', notice: { code: 'cancelled' } });
  });

  test('no log line contains a token, code or verifier', async () => {
    const world = boot();
    await world.core.session.start();
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
});

/** The token set Tunetray saved, decrypted with the test keyring's key. */
async function savedTokens(dir: string, key: Buffer): Promise<{ refreshToken: string; accessToken: string }> {
  const record = JSON.parse(readFileSync(join(dir, 'auth.json'), 'utf8')) as { tokens: { ciphertext: string } };
  const { plaintext } = await createTestCipher({ key }).decrypt(record.tokens.ciphertext);
  return JSON.parse(plaintext) as { refreshToken: string; accessToken: string };
}
