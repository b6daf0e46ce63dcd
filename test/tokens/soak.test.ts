/**
 * Soak: 30 simulated days of a signed-in Tunetray against the emulator over real HTTP, with
 * refresh-token rotation on, random sleeps, ~5% of hours bringing a 5xx or 429 burst on
 * /api/token, and an API-call simulator that uses the token every hour (sometimes after the
 * emulator expired it early, so the call gets a 401 and goes through renewAfterRejection).
 * Seeded, so a failure reproduces. Runs in a few seconds: time is simulated.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTokenEndpoint } from '../../app/auth/token-endpoint.ts';
import { AppError } from '../../app/result.ts';
import { createRefreshScheduler, type RefreshStatus } from '../../app/tokens/scheduler.ts';
import { REQUIRED_SCOPES, type RefreshGrant, type TokenSet } from '../../app/tokens/token-set.ts';
import { createTokenVault } from '../../app/tokens/vault.ts';
import { type Emulator, startEmulator } from '../spotify-emulator/index.ts';
import { createFakeClock } from '../support/fake-clock.ts';
import { createFileStore, createManualPowerEvents, createMemoryLogger, createTestCipher } from '../support/ports.ts';
import { advanceSettled, callMe, rawFile, seededRandom, tempDir } from './helpers.ts';

const SEED = 20261123;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let emu: Emulator;
let temp: ReturnType<typeof tempDir>;
const clock = createFakeClock();
beforeAll(async () => {
  temp = tempDir();
  emu = await startEmulator({ now: clock.now });
});
afterAll(async () => {
  await emu.close();
  temp.cleanup();
});

it('stays signed in for 30 simulated days through sleeps, 5xx and 429 bursts, with rotation', async () => {
  const random = seededRandom(SEED);
  const clientId = emu.registerClient({
    redirectUris: ['http://127.0.0.1/callback'],
    rotateRefreshTokens: true,
  }).clientId;
  emu.registerUser({ id: 'listener' });

  const logger = createMemoryLogger();
  const cipher = createTestCipher();
  const storePath = join(temp.dir, 'auth.json');
  const vault = createTokenVault({
    cipher,
    store: createFileStore(storePath),
    logger,
    redactor: logger.redactor,
    allowWeakStorage: () => false,
  });
  // A second reader of the same file, as a restarted app would read it.
  const inspector = createTokenVault({
    cipher,
    store: createFileStore(storePath),
    logger,
    redactor: logger.redactor,
    allowWeakStorage: () => false,
  });

  const counts = {
    days: 30,
    refreshRequests: 0,
    refreshes: 0,
    failedRefreshes: 0,
    backoffEpisodes: 0,
    retries: 0,
    bursts5xx: 0,
    bursts429: 0,
    sleeps: 0,
    sleptHours: 0,
    apiCalls: 0,
    forcedExpiries: 0,
    renewedAfter401: 0,
    failuresWhileFaulted: 0,
    unexpectedFailures: 0,
    signOuts: 0,
    storeChecks: 0,
  };
  const unexpected: string[] = [];
  const issued: string[] = [];

  const endpoint = createTokenEndpoint({ accountsUrl: emu.accountsUrl, clientId, logger, redactor: logger.redactor });
  const refreshGrant: RefreshGrant = async (refreshToken) => {
    counts.refreshRequests++;
    try {
      const grant = await endpoint.refresh(refreshToken);
      counts.refreshes++;
      if (grant.refreshToken) issued.push(grant.refreshToken);
      return grant;
    } catch (error) {
      counts.failedRefreshes++;
      throw error;
    }
  };

  let backingOff = false;
  const power = createManualPowerEvents();
  const scheduler = createRefreshScheduler({
    vault,
    refreshGrant,
    clock,
    power,
    logger,
    redactor: logger.redactor,
    random: seededRandom(SEED + 1),
    onStatus: (status: RefreshStatus) => {
      if (status.kind === 'retrying') {
        counts.retries++;
        if (!backingOff) counts.backoffEpisodes++;
        backingOff = true;
      }
      if (status.kind === 'ok') backingOff = false;
      if (status.kind === 'signed-out') counts.signOuts++;
    },
  });

  const minted = emu.mintTokens({ clientId, userId: 'listener', scopes: [...REQUIRED_SCOPES] });
  const initial: TokenSet = {
    accessToken: minted.access_token,
    refreshToken: minted.refresh_token,
    expiresAt: clock.now() + minted.expires_in * 1000,
    scopes: minted.scope.split(' '),
    obtainedAt: clock.now(),
    firstAuthorizedAt: clock.now(),
  };
  issued.push(initial.refreshToken);
  await vault.save(initial);
  scheduler.start(initial);

  /** A failure is expected only while a fault is queued or the scheduler is still recovering from one. */
  const faulted = () => emu.faults.length > 0 || scheduler.status().kind === 'retrying';
  const end = clock.now() + counts.days * DAY;

  while (clock.now() < end) {
    const roll = random();
    if (roll < 0.025) {
      const status = ([500, 502, 503, 504] as const)[Math.floor(random() * 4)] ?? 503;
      emu.fault({ kind: 'status', status, path: '/api/token', times: 1 + Math.floor(random() * 4) });
      counts.bursts5xx++;
    } else if (roll < 0.05) {
      const retryAfterSec = 1 + Math.floor(random() * 240);
      emu.fault({
        kind: 'status',
        status: 429,
        retryAfterSec,
        path: '/api/token',
        times: 1 + Math.floor(random() * 2),
      });
      counts.bursts429++;
    }

    if (random() < 0.03) {
      const hours = 1 + Math.floor(random() * 10);
      clock.sleep(hours * HOUR);
      counts.sleeps++;
      counts.sleptHours += hours;
      power.resume();
      await scheduler.whenIdle();
    }

    await advanceSettled(clock, scheduler, HOUR);

    if (random() < 0.05) {
      const current = scheduler.tokens();
      if (current) emu.expireAccessToken(current.accessToken);
      counts.forcedExpiries++;
    }
    counts.apiCalls++;
    const faultedBefore = faulted();
    try {
      const result = await callMe(scheduler, emu.apiUrl);
      if (result.renewed) counts.renewedAfter401++;
      if (result.status !== 200) {
        if (faultedBefore || faulted()) counts.failuresWhileFaulted++;
        else unexpected.push(`HTTP ${result.status} at ${new Date(clock.now()).toISOString()}`);
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (faultedBefore || faulted()) counts.failuresWhileFaulted++;
      else unexpected.push(`${error.code} at ${new Date(clock.now()).toISOString()}`);
    }

    // The file on disk always holds the latest refresh token Spotify issued.
    await scheduler.whenIdle();
    const stored = (await inspector.load()).tokens;
    expect(stored?.refreshToken).toBe(issued.at(-1));
    counts.storeChecks++;
  }
  counts.unexpectedFailures = unexpected.length;

  console.log(`soak (seed ${SEED}):`, JSON.stringify(counts));

  expect(unexpected).toEqual([]);
  expect(counts.signOuts).toBe(0);
  expect(scheduler.status().kind).not.toBe('signed-out');
  // The schedule really exercised what it claims to.
  expect(counts.refreshes).toBeGreaterThan(600);
  expect(counts.bursts5xx + counts.bursts429).toBeGreaterThan(10);
  expect(counts.retries).toBeGreaterThan(10);
  expect(counts.sleeps).toBeGreaterThan(5);
  expect(counts.renewedAfter401).toBeGreaterThan(5);
  // Rotation was on throughout: every refresh issued a new token, the stored one works, the one before does not.
  expect(issued).toHaveLength(counts.refreshes + 1);
  const stored = (await inspector.load()).tokens;
  expect(stored?.refreshToken).toBe(issued.at(-1));
  scheduler.stop();
  const previous = issued.at(-2);
  if (previous) await expect(endpoint.refresh(previous)).rejects.toMatchObject({ code: 'signed-out' });
  if (stored) expect((await endpoint.refresh(stored.refreshToken)).accessToken.length).toBeGreaterThan(0);
  // And no token ever reached the file in plain text.
  const raw = rawFile(storePath);
  for (const token of issued.slice(-50)) expect(raw).not.toContain(token.slice(0, 24));
  // Nor the log.
  const log = logger.lines.map((l) => l.line).join('\n');
  for (const token of issued) expect(log).not.toContain(token);
});
