/**
 * The refresh scheduler's rules, driven by a fake clock and a scripted token endpoint that behaves
 * like Spotify's (rotation, revocation, failures by AppError code). The same scenarios over real
 * HTTP against the emulator are in scheduler-emulator.test.ts.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../app/result.ts';
import {
  createRefreshScheduler,
  INVALID_CLIENT_NOTICE,
  MAX_TIMER_MS,
  type RefreshStatus,
  SIGNED_OUT_NOTICE,
} from '../../app/tokens/scheduler.ts';
import type { RefreshGrant, TokenGrant, TokenSet } from '../../app/tokens/token-set.ts';
import { createTokenVault, type TokenVault } from '../../app/tokens/vault.ts';
import { createFakeClock, type FakeClock, flush } from '../support/fake-clock.ts';
import { createFileStore, createManualPowerEvents, createMemoryLogger, createTestCipher } from '../support/ports.ts';
import { sampleTokens, tempDir } from './helpers.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

type Step = AppError | Error | 'ok' | 'hold';

/** A token endpoint in memory: issues, rotates and revokes refresh tokens like Spotify does. */
function createScriptedGrant(initialRefreshToken: string) {
  const valid = new Set([initialRefreshToken]);
  const script: Step[] = [];
  const held: Array<() => void> = [];
  let issued = 0;
  let latest = initialRefreshToken;
  const state = { rotate: true, lifetimeSec: 3600, calls: 0, scopes: ['user-read-private'] };
  const grant: RefreshGrant = async (refreshToken) => {
    state.calls++;
    const step = script.shift() ?? 'ok';
    if (step === 'hold') await new Promise<void>((resolve) => held.push(resolve));
    else if (step !== 'ok') throw step;
    if (!valid.has(refreshToken)) throw new AppError('signed-out', 'Refresh token revoked');
    issued++;
    const result: TokenGrant = {
      accessToken: `BQaccess-${issued}-abcdefghijkl`,
      refreshToken: null,
      expiresInSec: state.lifetimeSec,
      scopes: state.scopes,
    };
    if (state.rotate) {
      valid.delete(refreshToken);
      latest = `AQrefresh-${issued}-abcdefghijkl`;
      valid.add(latest);
      result.refreshToken = latest;
    }
    return result;
  };
  return {
    grant,
    state,
    script,
    latest: () => latest,
    revokeAll: () => valid.clear(),
    release: () => {
      for (const resolve of held.splice(0)) resolve();
    },
  };
}

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

interface Setup {
  clock: FakeClock;
  vault: TokenVault;
  endpoint: ReturnType<typeof createScriptedGrant>;
  power: ReturnType<typeof createManualPowerEvents>;
  statuses: RefreshStatus[];
  scheduler: ReturnType<typeof createRefreshScheduler>;
  initial: TokenSet;
  logger: ReturnType<typeof createMemoryLogger>;
}

async function setup(
  options: { initial?: (now: number) => TokenSet; vault?: TokenVault; maxBackoffMs?: number } = {},
): Promise<Setup> {
  const clock = createFakeClock();
  const logger = createMemoryLogger();
  const vault =
    options.vault ??
    createTokenVault({
      cipher: createTestCipher(),
      store: createFileStore(join(dir, 'auth.json')),
      logger,
      redactor: logger.redactor,
      allowWeakStorage: () => false,
    });
  const initial = options.initial?.(clock.now()) ?? sampleTokens(clock.now());
  await vault.save(initial);
  const endpoint = createScriptedGrant(initial.refreshToken);
  const power = createManualPowerEvents();
  const statuses: RefreshStatus[] = [];
  const scheduler = createRefreshScheduler({
    vault,
    refreshGrant: endpoint.grant,
    clock,
    power,
    logger,
    redactor: logger.redactor,
    random: () => 0.5,
    ...(options.maxBackoffMs ? { maxBackoffMs: options.maxBackoffMs } : {}),
    onStatus: (status) => statuses.push(status),
  });
  return { clock, vault, endpoint, power, statuses, scheduler, initial, logger };
}

const stored = async (vault: TokenVault) => (await vault.load()).tokens;

/** Lets simulated time pass timer by timer until the endpoint has been called `calls` times. */
async function runUntilCalls(t: Pick<Setup, 'clock' | 'scheduler' | 'endpoint'>, calls: number) {
  for (let i = 0; i < 1000 && t.endpoint.state.calls < calls; i++) {
    await t.clock.advance(t.clock.nextTimerIn() ?? MIN);
    await t.scheduler.whenIdle();
  }
  expect(t.endpoint.state.calls).toBe(calls);
}

describe('refresh scheduler: timing', () => {
  it('refreshes once, a few minutes before expiry, and saves the rotated refresh token', async () => {
    const { clock, scheduler, endpoint, vault, initial } = await setup();
    scheduler.start(initial);
    expect(scheduler.status()).toEqual({ kind: 'ok', expiresAt: initial.expiresAt });
    expect(clock.pendingTimers()).toBe(1);

    await clock.advance(50 * MIN);
    expect(endpoint.state.calls).toBe(0);
    await clock.advance(5 * MIN);
    await scheduler.whenIdle();
    expect(endpoint.state.calls).toBe(1);
    const renewed = scheduler.tokens();
    expect(renewed?.refreshToken).toBe(endpoint.latest());
    expect(renewed?.firstAuthorizedAt).toBe(initial.firstAuthorizedAt);
    expect(await stored(vault)).toEqual(renewed);
    expect(scheduler.status()).toEqual({ kind: 'ok', expiresAt: renewed?.expiresAt });
    expect(clock.pendingTimers()).toBe(1);
  });

  it('keeps the old refresh token when none is returned', async () => {
    const { clock, scheduler, endpoint, vault, initial } = await setup();
    endpoint.state.rotate = false;
    scheduler.start(initial);
    await clock.advance(HOUR);
    await scheduler.whenIdle();
    expect(endpoint.state.calls).toBe(1);
    expect(scheduler.tokens()?.refreshToken).toBe(initial.refreshToken);
    expect(scheduler.tokens()?.accessToken).not.toBe(initial.accessToken);
    expect((await stored(vault))?.refreshToken).toBe(initial.refreshToken);
  });

  it('keeps the granted scopes when a refresh response names none', async () => {
    const { clock, scheduler, endpoint, initial } = await setup();
    endpoint.state.scopes = [];
    scheduler.start(initial);
    await clock.advance(HOUR);
    await scheduler.whenIdle();
    expect(endpoint.state.calls).toBe(1);
    expect(scheduler.tokens()?.scopes).toEqual(initial.scopes);
  });

  it('refreshes an expired access token at start, once', async () => {
    const { scheduler, endpoint, initial, clock } = await setup({
      initial: (now) => sampleTokens(now - 2 * HOUR, { expiresAt: now - HOUR }),
    });
    scheduler.start(initial);
    const token = await scheduler.current();
    expect(endpoint.state.calls).toBe(1);
    expect(token).toBe(scheduler.tokens()?.accessToken);
    expect(token).not.toBe(initial.accessToken);
    expect(scheduler.tokens()?.expiresAt).toBe(clock.now() + HOUR);
  });

  it('never arms a timer for longer than 15 minutes, and refreshes on time across the slices', async () => {
    const { clock, scheduler, endpoint, initial } = await setup();
    scheduler.start(initial);
    expect(clock.nextTimerIn()).toBe(MAX_TIMER_MS);
    await clock.advance(54 * MIN);
    expect(endpoint.state.calls).toBe(0);
    await clock.advance(2 * MIN);
    await scheduler.whenIdle();
    expect(endpoint.state.calls).toBe(1);
  });

  it('sleep for 3 hours, then resume: refreshes once, immediately', async () => {
    const { clock, scheduler, endpoint, power, initial } = await setup();
    scheduler.start(initial);
    await clock.advance(10 * MIN);
    clock.sleep(3 * HOUR);
    power.resume();
    await scheduler.whenIdle();
    expect(endpoint.state.calls).toBe(1);
    expect(scheduler.tokens()?.expiresAt).toBe(clock.now() + HOUR);
    // Nothing else fires before the new token is due.
    await clock.advance(50 * MIN);
    await scheduler.whenIdle();
    expect(endpoint.state.calls).toBe(1);
  });

  it('a caller after sleep, before the resume event, gets a fresh token from one refresh', async () => {
    const { clock, scheduler, endpoint, power, initial } = await setup();
    scheduler.start(initial);
    clock.sleep(2 * HOUR);
    const token = await scheduler.current();
    power.resume();
    await scheduler.whenIdle();
    expect(endpoint.state.calls).toBe(1);
    expect(token).toBe(scheduler.tokens()?.accessToken);
  });

  it('notices a wall clock set forwards within one timer slice, without any event', async () => {
    const { clock, scheduler, endpoint, initial } = await setup();
    scheduler.start(initial);
    clock.jumpWallClock(2 * HOUR);
    await clock.advance(MAX_TIMER_MS);
    await scheduler.whenIdle();
    expect(endpoint.state.calls).toBe(1);
  });

  it('refreshes when the wall clock was set back before the token was obtained', async () => {
    const { clock, scheduler, endpoint, initial } = await setup();
    scheduler.start(initial);
    clock.jumpWallClock(-3 * HOUR);
    await clock.advance(MAX_TIMER_MS);
    await scheduler.whenIdle();
    expect(endpoint.state.calls).toBe(1);
    expect(scheduler.tokens()?.obtainedAt).toBe(clock.now());
  });

  it('does not loop on a token that lives shorter than the margin', async () => {
    const { clock, scheduler, endpoint, initial } = await setup();
    endpoint.state.lifetimeSec = 60;
    scheduler.start(initial);
    await clock.advance(HOUR);
    await scheduler.whenIdle();
    await clock.advance(10 * MIN);
    await scheduler.whenIdle();
    // One refresh at ~55 min, then one every ~30 s (half of the 60 s life): bounded, not a loop.
    expect(endpoint.state.calls).toBeGreaterThan(20);
    expect(endpoint.state.calls).toBeLessThan(40);
  });
});

describe('refresh scheduler: single flight and save-before-use', () => {
  it('20 concurrent 401s cause exactly one refresh', async () => {
    const { scheduler, endpoint, initial } = await setup();
    scheduler.start(initial);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => scheduler.renewAfterRejection(initial.accessToken)),
    );
    expect(endpoint.state.calls).toBe(1);
    const fresh = scheduler.tokens()?.accessToken;
    expect(new Set(results)).toEqual(new Set([fresh]));
    // A late 401 for the old token does not refresh again.
    expect(await scheduler.renewAfterRejection(initial.accessToken)).toBe(fresh);
    expect(endpoint.state.calls).toBe(1);
  });

  it('the timer, an expired current(), a 401 and refreshNow() share one refresh', async () => {
    const { clock, scheduler, endpoint, initial } = await setup();
    endpoint.script.push('hold');
    scheduler.start(initial);
    await clock.advance(56 * MIN);
    expect(scheduler.status().kind).toBe('refreshing');
    clock.jumpWallClock(10 * MIN);
    const joined = Promise.all([
      scheduler.current(),
      scheduler.renewAfterRejection(initial.accessToken),
      scheduler.refreshNow(),
    ]);
    await flush();
    endpoint.release();
    const [a, b] = await joined;
    expect(endpoint.state.calls).toBe(1);
    expect(a).toBe(b);
  });

  it('hands out the new access token only after the vault saved it', async () => {
    const events: string[] = [];
    const logger = createMemoryLogger();
    const real = createTokenVault({
      cipher: createTestCipher(),
      store: createFileStore(join(dir, 'auth.json')),
      logger,
      redactor: logger.redactor,
      allowWeakStorage: () => false,
    });
    const vault: TokenVault = {
      ...real,
      save: async (tokens) => {
        events.push('save-start');
        await new Promise((resolve) => setTimeout(resolve, 5));
        await real.save(tokens);
        events.push(`saved:${tokens.refreshToken}`);
      },
    };
    const { scheduler, initial, endpoint } = await setup({ vault });
    events.length = 0;
    scheduler.start(initial);
    const token = await scheduler.renewAfterRejection(initial.accessToken);
    events.push(`received:${token}`);
    expect(events).toEqual(['save-start', `saved:${endpoint.latest()}`, `received:${token}`]);
    expect((await real.load()).tokens?.accessToken).toBe(token);
  });

  it('current() returns the still-valid token while a refresh is in flight', async () => {
    const { clock, scheduler, endpoint, initial } = await setup();
    endpoint.script.push('hold');
    scheduler.start(initial);
    await clock.advance(56 * MIN);
    expect(await scheduler.current()).toBe(initial.accessToken);
    endpoint.release();
    await scheduler.whenIdle();
  });
});

describe('refresh scheduler: failures keep the tokens', () => {
  it('offline: backs off, serves the valid token, then recovers at once when the network is back', async () => {
    const t = await setup();
    const { clock, scheduler, endpoint, power, initial, vault } = t;
    const offline = new AppError('network', 'offline');
    endpoint.script.push(offline, offline, offline);
    scheduler.start(initial);
    await runUntilCalls(t, 1);
    expect(scheduler.status()).toMatchObject({ kind: 'retrying', reason: 'offline', attempt: 1 });
    expect(await scheduler.current()).toBe(initial.accessToken);

    // Past expiry while still offline: a caller gets the network error, the tokens are kept.
    clock.jumpWallClock(10 * MIN);
    await expect(scheduler.current()).rejects.toMatchObject({ code: 'network' });
    expect(scheduler.status()).toMatchObject({ kind: 'retrying', reason: 'offline', attempt: 2 });
    // Backing off: the next caller is told at once, without another request.
    await expect(scheduler.current()).rejects.toMatchObject({ code: 'network' });
    expect(endpoint.state.calls).toBe(2);
    expect(scheduler.tokens()?.refreshToken).toBe(initial.refreshToken);
    expect((await stored(vault))?.refreshToken).toBe(initial.refreshToken);

    // Online: one attempt straight away, without waiting for the backoff timer.
    endpoint.script.length = 0;
    power.online();
    await scheduler.whenIdle();
    expect(endpoint.state.calls).toBe(3);
    expect(scheduler.status().kind).toBe('ok');
    expect(await scheduler.current()).toBe(scheduler.tokens()?.accessToken);
    expect((await stored(vault))?.refreshToken).toBe(endpoint.latest());
  });

  it('429 with Retry-After: waits at least that long, even through online and resume events', async () => {
    const t = await setup();
    const { clock, scheduler, endpoint, power, initial } = t;
    endpoint.script.push(new AppError('rate-limited', 'slow down', { retryAfterMs: 120_000 }));
    scheduler.start(initial);
    await runUntilCalls(t, 1);
    const status = scheduler.status();
    expect(status).toMatchObject({ kind: 'retrying', reason: 'rate-limited' });
    if (status.kind === 'retrying') expect(status.nextAttemptAt - clock.now()).toBeGreaterThanOrEqual(120_000);
    power.online();
    power.resume();
    await scheduler.whenIdle();
    await expect(scheduler.refreshNow()).rejects.toMatchObject({ code: 'rate-limited' });
    await expect(scheduler.renewAfterRejection(initial.accessToken)).rejects.toMatchObject({ code: 'rate-limited' });
    await clock.advance(119_000);
    await scheduler.whenIdle();
    expect(endpoint.state.calls).toBe(1);
    await clock.advance(2_000);
    await scheduler.whenIdle();
    expect(endpoint.state.calls).toBe(2);
    expect(scheduler.status().kind).toBe('ok');
  });

  it('honours a huge Retry-After only up to the cap', async () => {
    const { clock, scheduler, endpoint, initial } = await setup({ maxBackoffMs: 10 * MIN });
    endpoint.script.push(new AppError('rate-limited', 'quota', { retryAfterMs: 4 * HOUR }));
    scheduler.start(initial);
    await clock.advance(56 * MIN);
    await scheduler.whenIdle();
    const status = scheduler.status();
    if (status.kind !== 'retrying') throw new Error('expected retrying');
    expect(status.nextAttemptAt - clock.now()).toBeLessThanOrEqual(10 * MIN);
    await clock.advance(10 * MIN);
    await scheduler.whenIdle();
    expect(endpoint.state.calls).toBe(2);
  });

  it('5xx bursts: exponential backoff with jitter, capped, then success', async () => {
    const { clock, scheduler, endpoint, initial, statuses } = await setup({ maxBackoffMs: 5 * MIN });
    for (let i = 0; i < 12; i++) endpoint.script.push(new AppError('spotify-unavailable', '503'));
    scheduler.start(initial);
    await clock.advance(56 * MIN);
    for (let i = 0; i < 40 && endpoint.state.calls < 13; i++) {
      await clock.advance(MIN);
      await scheduler.whenIdle();
    }
    expect(endpoint.state.calls).toBe(13);
    const retries = statuses.filter((s) => s.kind === 'retrying');
    expect(retries.map((s) => (s.kind === 'retrying' ? s.attempt : 0))).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    for (const s of retries) if (s.kind === 'retrying') expect(s.reason).toBe('unavailable');
    expect(scheduler.status().kind).toBe('ok');
    expect(scheduler.tokens()?.refreshToken).toBe(endpoint.latest());
  });

  it('an unexpected failure retries instead of signing out', async () => {
    const t = await setup();
    const { clock, scheduler, endpoint, initial } = t;
    endpoint.script.push(new TypeError('bug'));
    scheduler.start(initial);
    await runUntilCalls(t, 1);
    expect(scheduler.status()).toMatchObject({ kind: 'retrying', reason: 'unavailable' });
    await clock.advance(10 * MIN);
    await scheduler.whenIdle();
    expect(scheduler.status().kind).toBe('ok');
  });

  it('a 401 does not wait out an offline backoff (the network is evidently back)', async () => {
    const t = await setup();
    const { scheduler, endpoint, initial } = t;
    endpoint.script.push(new AppError('network', 'offline'));
    scheduler.start(initial);
    await runUntilCalls(t, 1);
    expect(scheduler.status().kind).toBe('retrying');
    const token = await scheduler.renewAfterRejection(initial.accessToken);
    expect(endpoint.state.calls).toBe(2);
    expect(token).toBe(scheduler.tokens()?.accessToken);
  });
});

describe('refresh scheduler: signing out', () => {
  it('invalid_grant signs out with the reason, clears the vault and cancels everything', async () => {
    const { clock, scheduler, endpoint, initial, vault, power, statuses } = await setup();
    endpoint.revokeAll();
    scheduler.start(initial);
    await expect(scheduler.renewAfterRejection(initial.accessToken)).rejects.toMatchObject({
      code: 'signed-out',
      message: SIGNED_OUT_NOTICE.message,
    });
    expect(scheduler.status()).toEqual({ kind: 'signed-out', notice: SIGNED_OUT_NOTICE });
    expect(statuses.at(-1)).toEqual({ kind: 'signed-out', notice: SIGNED_OUT_NOTICE });
    expect(SIGNED_OUT_NOTICE).toEqual({
      level: 'warning',
      code: 'signed-out-by-spotify',
      message: "Spotify ended Tunetray's sign-in (it was revoked or is older than six months). Please connect again.",
      action: 'connect',
    });
    expect(await stored(vault)).toBeNull();
    expect(scheduler.tokens()).toBeNull();
    expect(clock.pendingTimers()).toBe(0);
    await expect(scheduler.current()).rejects.toMatchObject({ code: 'signed-out' });
    power.resume();
    power.online();
    await clock.advance(2 * HOUR);
    expect(endpoint.state.calls).toBe(1);
  });

  it('invalid_client signs out with its own notice', async () => {
    const { scheduler, endpoint, initial, vault } = await setup();
    endpoint.script.push(new AppError('invalid-client', 'Invalid client'));
    scheduler.start(initial);
    await expect(scheduler.refreshNow()).rejects.toMatchObject({ code: 'invalid-client' });
    expect(scheduler.status()).toEqual({ kind: 'signed-out', notice: INVALID_CLIENT_NOTICE });
    expect(await stored(vault)).toBeNull();
  });

  it('a status listener that stops the scheduler on sign-out (as the session does) is fine', async () => {
    const { scheduler, endpoint, initial } = await setup();
    endpoint.revokeAll();
    const holder: { stop?: () => void } = {};
    const clock = createFakeClock();
    const logger = createMemoryLogger();
    const own = createRefreshScheduler({
      vault: { save: async () => {}, clear: async () => {} },
      refreshGrant: endpoint.grant,
      clock,
      power: createManualPowerEvents(),
      logger,
      redactor: logger.redactor,
      onStatus: (status) => {
        if (status.kind === 'signed-out') holder.stop?.();
        throw new Error('listener bug');
      },
    });
    holder.stop = own.stop;
    own.start(initial);
    await expect(own.current()).resolves.toBe(initial.accessToken);
    await expect(own.refreshNow()).rejects.toMatchObject({ code: 'signed-out' });
    expect(own.status().kind).toBe('signed-out');
    void scheduler;
  });
});

describe('refresh scheduler: stop', () => {
  it('cancels timers and subscriptions', async () => {
    const { clock, scheduler, endpoint, initial, power, statuses } = await setup();
    scheduler.start(initial);
    scheduler.stop();
    expect(clock.pendingTimers()).toBe(0);
    expect(statuses.at(-1)).toEqual({ kind: 'idle' });
    clock.sleep(5 * HOUR);
    power.resume();
    power.online();
    await clock.advance(5 * HOUR);
    expect(endpoint.state.calls).toBe(0);
    await expect(scheduler.current()).rejects.toMatchObject({ code: 'not-connected' });
  });

  it('a refresh that settles after stop() neither saves nor re-arms', async () => {
    const { clock, scheduler, endpoint, initial, vault } = await setup();
    endpoint.script.push('hold');
    scheduler.start(initial);
    const waiting = scheduler.renewAfterRejection(initial.accessToken);
    await flush();
    scheduler.stop();
    endpoint.release();
    await expect(waiting).rejects.toMatchObject({ code: 'not-connected' });
    await scheduler.whenIdle();
    await flush();
    expect(endpoint.state.calls).toBe(1);
    expect(await stored(vault)).toEqual(initial);
    expect(clock.pendingTimers()).toBe(0);
    expect(scheduler.status()).toEqual({ kind: 'idle' });
  });

  it('disconnect: stop() then vault.clear() leaves nothing behind', async () => {
    const { clock, scheduler, initial, vault } = await setup();
    scheduler.start(initial);
    scheduler.stop();
    await vault.clear();
    expect(await stored(vault)).toBeNull();
    expect(scheduler.tokens()).toBeNull();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('can start again after stop, with new tokens', async () => {
    const { clock, scheduler, endpoint, initial } = await setup();
    scheduler.start(initial);
    scheduler.stop();
    scheduler.start(initial);
    await clock.advance(HOUR);
    await scheduler.whenIdle();
    expect(endpoint.state.calls).toBe(1);
    expect(clock.pendingTimers()).toBe(1);
  });
});

describe('refresh scheduler: secrets', () => {
  it('never logs a token', async () => {
    const { clock, scheduler, initial, logger, endpoint } = await setup();
    endpoint.script.push(new AppError('network', 'offline'));
    scheduler.start(initial);
    await clock.advance(3 * HOUR);
    await scheduler.whenIdle();
    const log = logger.lines.map((l) => l.line).join('\n');
    for (const secret of [initial.accessToken, initial.refreshToken, endpoint.latest()]) {
      expect(log).not.toContain(secret);
    }
    expect(logger.lines.length).toBeGreaterThan(0);
  });
});
