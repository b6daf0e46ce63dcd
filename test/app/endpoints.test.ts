/**
 * The saved tokens go only where they belong. Reproduces the review's leak: sign in, then restart
 * with only the environment (and settings.json) pointing at a capture server on loopback that
 * records what it receives. A packaged build must send it nothing. The real Spotify hosts are
 * blocked at DNS in this file, so the packaged core's requests fail fast as "offline" instead of
 * leaving the machine.
 */
import dns from 'node:dns';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type Emulator, startEmulator } from '../spotify-emulator/index.ts';
import { type CaptureServer, startCaptureServer } from '../support/capture-server.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { waitUntil } from '../support/wait.ts';

describe('endpoint overrides', () => {
  let emulator: Emulator;
  let capture: CaptureServer;
  let clientId: string;
  const cores: TestCore[] = [];

  beforeEach(async () => {
    emulator = await startEmulator();
    capture = await startCaptureServer();
    clientId = emulator.registerClient({ name: 'Endpoint test', redirectUris: ['http://127.0.0.1/callback'] }).clientId;
    emulator.registerUser({ id: 'member', displayName: 'Member' });
    emulator.seedPlaylists('member', 10);
    // Nothing in this file may reach the real Spotify.
    const lookup = dns.lookup;
    vi.spyOn(dns, 'lookup').mockImplementation(((hostname: string, ...rest: unknown[]) => {
      const callback = rest.at(-1) as (error: Error | null) => void;
      if (/(^|\.)spotify\.com$/.test(hostname)) {
        const error = Object.assign(new Error(`blocked in tests: ${hostname}`), { code: 'ENOTFOUND' });
        process.nextTick(() => callback(error));
        return;
      }
      return (lookup as (...args: unknown[]) => void)(hostname, ...rest);
    }) as typeof dns.lookup);
  });
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.session.dispose();
    vi.restoreAllMocks();
    await capture.close();
    await emulator.close();
  });

  function boot(options: { dir?: string; env: Record<string, string>; packaged: boolean }): TestCore {
    const core = createTestCore({
      ...(options.dir ? { dir: options.dir } : {}),
      cipherKey: Buffer.alloc(32, 3),
      env: { TUNETRAY_CLIENT_ID: clientId, ...options.env },
      packaged: options.packaged,
      signInTimeoutMs: 10_000,
    });
    cores.push(core);
    return core;
  }

  async function signInWithTheEmulator(): Promise<string> {
    const first = boot({
      env: { TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl, TUNETRAY_API_URL: emulator.apiUrl },
      packaged: false,
    });
    await first.session.start();
    const done = first.session.connect();
    await waitUntil(() => first.opened.length > 0, 'the authorize URL');
    const consent = await emulator.playBrowser(first.opened[0] as string, { decision: 'agree' });
    await fetch(consent.location as string);
    expect((await done).status).toBe('connected');
    await first.session.dispose();
    return first.dir;
  }

  test('a packaged build sends the saved tokens nowhere but Spotify, whatever the environment and settings.json say', async () => {
    const dir = await signInWithTheEmulator();
    // settings.json as a hand edit (or another program) could leave it.
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ settings: { clientId, accountsUrl: capture.url, apiUrl: `${capture.url}/v1` } }),
    );

    const restarted = boot({
      dir,
      env: { TUNETRAY_ACCOUNTS_URL: capture.url, TUNETRAY_API_URL: `${capture.url}/v1` },
      packaged: true,
    });
    await restarted.session.start();
    expect(restarted.session.state().status).toBe('connected');
    // The background sync went to (blocked) Spotify and ended offline; give a leak every chance to happen.
    await waitUntil(() => restarted.library.info().sync.kind === 'offline', 'the sync to end offline');
    await restarted.session.refreshLibrary().catch(() => {});

    expect(capture.requests).toEqual([]);
    expect(restarted.settings.get()).toMatchObject({
      accountsUrl: 'https://accounts.spotify.com',
      apiUrl: 'https://api.spotify.com/v1',
    });
    const ignored = restarted.logger.lines.map((l) => l.line).filter((line) => line.startsWith('Ignoring'));
    expect(ignored).toEqual(
      expect.arrayContaining([
        expect.stringContaining('TUNETRAY_ACCOUNTS_URL'),
        expect.stringContaining('TUNETRAY_API_URL'),
        expect.stringContaining('accountsUrl in settings.json'),
        expect.stringContaining('apiUrl in settings.json'),
      ]),
    );
    // Named, never shown: the log does not carry the URL it refused.
    for (const line of ignored) expect(line).not.toContain(capture.url);
  });

  test('in development the emulator on loopback is honoured (the demo and the tests rely on it)', async () => {
    const core = boot({
      env: { TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl, TUNETRAY_API_URL: emulator.apiUrl },
      packaged: false,
    });
    expect(core.settings.get()).toMatchObject({ accountsUrl: emulator.accountsUrl, apiUrl: emulator.apiUrl });
  });
});
