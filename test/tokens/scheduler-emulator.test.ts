/**
 * The vault and the refresh scheduler against the Spotify emulator over real HTTP, with the real
 * token endpoint client, a fake clock shared by app and emulator, a file store and a cipher that
 * really encrypts.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenEndpoint } from '../../app/auth/token-endpoint.ts';
import type { Cipher } from '../../app/ports.ts';
import { AppError } from '../../app/result.ts';
import { createRefreshScheduler, type RefreshStatus, SIGNED_OUT_NOTICE } from '../../app/tokens/scheduler.ts';
import { REQUIRED_SCOPES, type TokenSet } from '../../app/tokens/token-set.ts';
import { createTokenVault } from '../../app/tokens/vault.ts';
import { type Emulator, startEmulator } from '../spotify-emulator/index.ts';
import { createFakeClock, type FakeClock } from '../support/fake-clock.ts';
import { createFileStore, createManualPowerEvents, createMemoryLogger, createTestCipher } from '../support/ports.ts';
import { advanceSettled, callMe, fileMode, rawFile, tempDir } from './helpers.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

let dir: string;
let cleanup: () => void;
let clock: FakeClock;
let emu: Emulator;
let clientId: string;
let cipher: Cipher;
let storePath: string;
const running: Array<{ stop(): void }> = [];

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  clock = createFakeClock();
  emu = await startEmulator({ now: clock.now });
  clientId = emu.registerClient({ redirectUris: ['http://127.0.0.1/callback'] }).clientId;
  emu.registerUser({ id: 'listener' });
  cipher = createTestCipher();
  storePath = join(dir, 'auth.json');
});
afterEach(async () => {
  for (const s of running.splice(0)) s.stop();
  await emu.close();
  cleanup();
});

/** What sign-in would have saved: tokens minted for listener, received now. */
function signedIn(): TokenSet {
  const minted = emu.mintTokens({ clientId, userId: 'listener', scopes: [...REQUIRED_SCOPES] });
  const now = clock.now();
  return {
    accessToken: minted.access_token,
    refreshToken: minted.refresh_token,
    expiresAt: now + minted.expires_in * 1000,
    scopes: minted.scope.split(' '),
    obtainedAt: now,
    firstAuthorizedAt: now,
  };
}

/** One run of the app: a vault over the store file and a scheduler over the emulator. */
function app(options: { accountsUrl?: string } = {}) {
  const logger = createMemoryLogger();
  const vault = createTokenVault({
    cipher,
    store: createFileStore(storePath),
    logger,
    redactor: logger.redactor,
    allowWeakStorage: () => false,
  });
  const endpoint = createTokenEndpoint({
    accountsUrl: options.accountsUrl ?? emu.accountsUrl,
    clientId,
    logger,
    redactor: logger.redactor,
  });
  const power = createManualPowerEvents();
  const statuses: RefreshStatus[] = [];
  const scheduler = createRefreshScheduler({
    vault,
    refreshGrant: endpoint.refresh,
    clock,
    power,
    logger,
    redactor: logger.redactor,
    random: () => 0.5,
    onStatus: (status) => statuses.push(status),
  });
  running.push(scheduler);
  return { vault, scheduler, power, statuses, logger, endpoint };
}

const tokenRequests = () => emu.requests.filter((r) => r.path === '/api/token');
const storedTokens = async () => (await app().vault.load()).tokens;

async function expectNoTokenOnDisk(secrets: string[]) {
  const raw = rawFile(storePath);
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(20);
    for (let i = 0; i + 16 <= secret.length; i += 8) expect(raw).not.toContain(secret.slice(i, i + 16));
  }
  expect(fileMode(storePath)).toBe(0o600);
}

describe('restart', () => {
  it('restores a saved session from the store without any network', async () => {
    const first = app();
    const tokens = signedIn();
    await first.vault.save(tokens);
    first.scheduler.start(tokens);
    first.scheduler.stop();

    // Spotify unreachable for the whole restart.
    emu.fault({ kind: 'reset', path: '/api/token', times: 100 });
    const second = app();
    const loaded = await second.vault.load();
    expect(loaded).toMatchObject({ tokens, problem: null, storage: { mode: 'encrypted' } });
    if (!loaded.tokens) throw new Error('no tokens');
    second.scheduler.start(loaded.tokens);
    expect(await second.scheduler.current()).toBe(tokens.accessToken);
    expect(tokenRequests()).toHaveLength(0);
    expect((await callMe(second.scheduler, emu.apiUrl)).status).toBe(200);
  });

  it('refreshes an expired access token at start, once, and saves the rotated refresh token', async () => {
    const first = app();
    const tokens = signedIn();
    await first.vault.save(tokens);
    first.scheduler.stop();
    clock.sleep(5 * HOUR); // the app was not running

    const second = app();
    const loaded = await second.vault.load();
    if (!loaded.tokens) throw new Error('no tokens');
    second.scheduler.start(loaded.tokens);
    const results = await Promise.all([
      second.scheduler.current(),
      callMe(second.scheduler, emu.apiUrl),
      callMe(second.scheduler, emu.apiUrl),
    ]);
    expect(tokenRequests()).toHaveLength(1);
    expect(results[1].status).toBe(200);
    expect(results[2].status).toBe(200);
    const saved = await storedTokens();
    expect(saved?.accessToken).toBe(results[0]);
    expect(saved?.refreshToken).not.toBe(tokens.refreshToken);
    expect(saved?.refreshToken).toBe(second.scheduler.tokens()?.refreshToken);
    expect(saved?.firstAuthorizedAt).toBe(tokens.firstAuthorizedAt);
  });
});

describe('what is on disk', () => {
  it('never contains a token, after sign-in and several refreshes, and is mode 0o600', async () => {
    const { vault, scheduler } = app();
    const tokens = signedIn();
    await vault.save(tokens);
    scheduler.start(tokens);
    const seen = new Set([tokens.accessToken, tokens.refreshToken]);
    for (let i = 0; i < 4; i++) {
      await advanceSettled(clock, scheduler, HOUR);
      const now = scheduler.tokens();
      if (now) {
        seen.add(now.accessToken);
        seen.add(now.refreshToken);
      }
      await expectNoTokenOnDisk([...seen]);
    }
    expect(seen.size).toBe(10);
    for (const request of tokenRequests()) if (request.form?.refresh_token) seen.add(request.form.refresh_token);
    await expectNoTokenOnDisk([...seen]);
  });
});

describe('rotation', () => {
  it('on: the rotated refresh token is saved and the old one is dead', async () => {
    const { vault, scheduler, endpoint } = app();
    const tokens = signedIn();
    await vault.save(tokens);
    scheduler.start(tokens);
    await advanceSettled(clock, scheduler, HOUR);
    const saved = await storedTokens();
    expect(saved?.refreshToken).not.toBe(tokens.refreshToken);
    expect(saved).toEqual(scheduler.tokens());
    await expect(endpoint.refresh(tokens.refreshToken)).rejects.toMatchObject({ code: 'signed-out' });
  });

  it('off (refresh token omitted): the old refresh token is kept and keeps working', async () => {
    emu.setRotation(clientId, false);
    const { vault, scheduler } = app();
    const tokens = signedIn();
    await vault.save(tokens);
    scheduler.start(tokens);
    await advanceSettled(clock, scheduler, 3 * HOUR);
    const sent = tokenRequests().map((r) => r.form?.refresh_token);
    expect(sent).toEqual([tokens.refreshToken, tokens.refreshToken, tokens.refreshToken]);
    const saved = await storedTokens();
    expect(saved?.refreshToken).toBe(tokens.refreshToken);
    expect(saved?.accessToken).not.toBe(tokens.accessToken);
    expect((await callMe(scheduler, emu.apiUrl)).status).toBe(200);
  });
});

describe('sign-out', () => {
  it('a revoked refresh token (invalid_grant) signs out with the reason and wipes the store', async () => {
    const { vault, scheduler, statuses } = app();
    const tokens = signedIn();
    await vault.save(tokens);
    scheduler.start(tokens);
    emu.revokeRefreshToken(tokens.refreshToken);
    emu.expireAccessToken(tokens.accessToken);
    await expect(callMe(scheduler, emu.apiUrl)).rejects.toMatchObject({ code: 'signed-out' });
    expect(statuses.at(-1)).toEqual({ kind: 'signed-out', notice: SIGNED_OUT_NOTICE });
    expect((await app().vault.load()).tokens).toBeNull();
    expect(clock.pendingTimers()).toBe(0);
    expect(tokenRequests()).toHaveLength(1);
  });

  it('past the six-month horizon: signed out with the same reason', async () => {
    const { vault, scheduler, statuses } = app();
    const tokens = signedIn();
    await vault.save(tokens);
    scheduler.start(tokens);
    clock.sleep(184 * 24 * HOUR);
    await expect(scheduler.current()).rejects.toMatchObject({ code: 'signed-out' });
    expect(statuses.at(-1)).toMatchObject({ kind: 'signed-out', notice: { code: 'signed-out-by-spotify' } });
  });
});

describe('failures keep the tokens', () => {
  it('429 with Retry-After: waits as asked, then renews', async () => {
    const { vault, scheduler } = app();
    const tokens = signedIn();
    await vault.save(tokens);
    scheduler.start(tokens);
    emu.fault({ kind: 'status', status: 429, retryAfterSec: 90, path: '/api/token', times: 1 });
    await advanceSettled(clock, scheduler, 55 * MIN);
    expect(tokenRequests()).toHaveLength(1);
    const status = scheduler.status();
    if (status.kind !== 'retrying') throw new Error(`expected retrying, got ${status.kind}`);
    expect(status.reason).toBe('rate-limited');
    const refusedAt = tokenRequests()[0]?.at ?? Number.NaN;
    expect(status.nextAttemptAt - refusedAt).toBeGreaterThanOrEqual(90_000);
    expect(await scheduler.current()).toBe(tokens.accessToken);
    await advanceSettled(clock, scheduler, 89_000 - (clock.now() - refusedAt));
    expect(tokenRequests()).toHaveLength(1);
    await advanceSettled(clock, scheduler, 2_000);
    expect(tokenRequests()).toHaveLength(2);
    expect(scheduler.status().kind).toBe('ok');
    expect((await storedTokens())?.refreshToken).toBe(scheduler.tokens()?.refreshToken);
  });

  it('a 5xx burst: backs off and renews, never signs out', async () => {
    const { vault, scheduler, statuses } = app();
    const tokens = signedIn();
    await vault.save(tokens);
    scheduler.start(tokens);
    emu.fault({ kind: 'status', status: 503, path: '/api/token', times: 3 });
    emu.fault({ kind: 'status', status: 500, path: '/api/token', times: 1 });
    emu.fault({ kind: 'status', status: 502, path: '/api/token', times: 1 });
    emu.fault({ kind: 'status', status: 504, path: '/api/token', times: 1 });
    await advanceSettled(clock, scheduler, 70 * MIN);
    expect(tokenRequests().map((r) => r.status)).toEqual([503, 503, 503, 500, 502, 504, 200]);
    const retries = statuses.filter((s) => s.kind === 'retrying');
    expect(retries).toHaveLength(6);
    expect(statuses.some((s) => s.kind === 'signed-out')).toBe(false);
    expect(scheduler.status().kind).toBe('ok');
    expect((await storedTokens())?.refreshToken).toBe(scheduler.tokens()?.refreshToken);
    expect((await callMe(scheduler, emu.apiUrl)).status).toBe(200);
  });

  it('offline (connection resets), then online: retries at once and recovers', async () => {
    const { vault, scheduler, power } = app();
    const tokens = signedIn();
    await vault.save(tokens);
    scheduler.start(tokens);
    emu.fault({ kind: 'reset', path: '/api/token', times: 1000 });
    await advanceSettled(clock, scheduler, 58 * MIN);
    expect(scheduler.status()).toMatchObject({ kind: 'retrying', reason: 'offline' });
    // Still valid: callers are served.
    expect((await callMe(scheduler, emu.apiUrl)).status).toBe(200);
    // Expired while offline: callers are told they are offline, the tokens stay.
    await advanceSettled(clock, scheduler, 10 * MIN);
    await expect(scheduler.current()).rejects.toBeInstanceOf(AppError);
    await expect(scheduler.current()).rejects.toMatchObject({ code: 'network' });
    expect((await storedTokens())?.refreshToken).toBe(tokens.refreshToken);

    emu.clearFaults();
    const before = tokenRequests().length;
    power.online();
    await scheduler.whenIdle();
    expect(tokenRequests()).toHaveLength(before + 1);
    expect(scheduler.status().kind).toBe('ok');
    expect((await callMe(scheduler, emu.apiUrl)).status).toBe(200);
  });

  it('offline (nothing listening): keeps the tokens and reports offline', async () => {
    const closed = await startEmulator({ now: clock.now });
    const deadUrl = closed.accountsUrl;
    await closed.close();
    const offline = app({ accountsUrl: deadUrl });
    const tokens = signedIn();
    await offline.vault.save(tokens);
    offline.scheduler.start(tokens);
    await advanceSettled(clock, offline.scheduler, 70 * MIN);
    expect(offline.scheduler.status()).toMatchObject({ kind: 'retrying', reason: 'offline' });
    await expect(offline.scheduler.current()).rejects.toMatchObject({ code: 'network' });
    expect((await storedTokens())?.refreshToken).toBe(tokens.refreshToken);
  });
});

describe('sleep and concurrency', () => {
  it('sleep for 3 hours, then resume: refreshes once, immediately', async () => {
    const { vault, scheduler, power } = app();
    const tokens = signedIn();
    await vault.save(tokens);
    scheduler.start(tokens);
    await advanceSettled(clock, scheduler, 20 * MIN);
    clock.sleep(3 * HOUR);
    power.resume();
    await scheduler.whenIdle();
    expect(tokenRequests()).toHaveLength(1);
    expect(tokenRequests()[0]?.at).toBe(clock.now());
    expect((await callMe(scheduler, emu.apiUrl)).status).toBe(200);
    await advanceSettled(clock, scheduler, 50 * MIN);
    expect(tokenRequests()).toHaveLength(1);
  });

  it('20 concurrent 401s cause exactly one refresh request', async () => {
    const { vault, scheduler } = app();
    const tokens = signedIn();
    await vault.save(tokens);
    scheduler.start(tokens);
    emu.expireAccessToken(tokens.accessToken);
    const results = await Promise.all(Array.from({ length: 20 }, () => callMe(scheduler, emu.apiUrl)));
    expect(results.every((r) => r.status === 200 && r.renewed)).toBe(true);
    expect(tokenRequests()).toHaveLength(1);
    expect((await storedTokens())?.refreshToken).toBe(scheduler.tokens()?.refreshToken);
  });
});
