/**
 * Test wiring for the Web API client against the emulator: a tiny AccessTokenSource over
 * emu.mintTokens (the real one is the refresh scheduler, not under test here) that counts
 * renewals and shares one in-flight renewal like the real one does, and a per-test user so
 * tests in one file do not see each other's playlists.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createWebApi, type WebApi, type WebApiOptions } from '../../app/spotify/web-api.ts';
import type { AccessTokenSource } from '../../app/tokens/access-token-source.ts';
import { startEmulator } from '../spotify-emulator/index.ts';
import type { Emulator, EmulatorSwitches } from '../spotify-emulator/types.ts';
import { createMemoryLogger } from '../support/ports.ts';

/**
 * One emulator for a whole test file: started before its tests (handed to the file through
 * `started`), its request log cleared before each test; after each, its faults cleared, the
 * switches in `restore` put back, and every client the test pushed onto the returned list closed.
 */
export function withSharedEmulator(
  started: (emu: Emulator) => void,
  options: { restore?: Partial<EmulatorSwitches> } = {},
): Array<{ close(): Promise<void> }> {
  let emu: Emulator | undefined;
  const clients: Array<{ close(): Promise<void> }> = [];
  beforeAll(async () => {
    emu = await startEmulator();
    started(emu);
  });
  afterAll(async () => {
    await emu?.close();
  });
  beforeEach(() => emu?.clearRequests());
  afterEach(async () => {
    emu?.clearFaults();
    if (options.restore) emu?.setOptions(options.restore);
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  return clients;
}

export const SCOPES = ['user-read-private', 'playlist-read-private', 'playlist-read-collaborative'];

export interface CountingTokenSource extends AccessTokenSource {
  /** The token current() hands out now. */
  readonly token: () => string;
  /** Renewals actually performed (new tokens minted). */
  readonly refreshes: () => number;
  /** Calls to renewAfterRejection, shared or not. */
  readonly rejections: () => number;
}

export function emulatorTokenSource(
  emu: Emulator,
  grant: { clientId: string; userId: string; scopes?: string[] },
): CountingTokenSource {
  const mint = () => emu.mintTokens({ ...grant, scopes: grant.scopes ?? SCOPES }).access_token;
  let token = mint();
  let refreshes = 0;
  let rejections = 0;
  let inFlight: Promise<string> | null = null;
  return {
    token: () => token,
    refreshes: () => refreshes,
    rejections: () => rejections,
    current: async () => token,
    renewAfterRejection(rejected) {
      rejections++;
      // Already replaced by someone else's renewal: use the newer token.
      if (rejected !== token) return Promise.resolve(token);
      if (!inFlight) {
        inFlight = new Promise<string>((resolve) => setTimeout(resolve, 10)).then(() => {
          refreshes++;
          token = mint();
          inFlight = null;
          return token;
        });
      }
      return inFlight;
    },
  };
}

let counter = 0;

/** A fresh user (and client) in the shared emulator, with an API client for it. */
export function newAccount(
  emu: Emulator,
  options: {
    displayName?: string | null;
    product?: 'premium' | 'free' | 'open';
    scopes?: string[];
    allowedUsers?: string[];
    api?: Partial<Omit<WebApiOptions, 'apiUrl' | 'tokens' | 'logger'>>;
  } = {},
): {
  userId: string;
  clientId: string;
  tokens: CountingTokenSource;
  api: WebApi;
  logger: ReturnType<typeof createMemoryLogger>;
} {
  counter++;
  const userId = `user${counter}${randomBytes(3).toString('hex')}`;
  emu.registerUser({
    id: userId,
    displayName: options.displayName === undefined ? `User ${counter}` : options.displayName,
    product: options.product ?? 'premium',
    country: 'SE',
  });
  const { clientId } = emu.registerClient({
    redirectUris: ['http://127.0.0.1/callback'],
    ...(options.allowedUsers ? { allowedUsers: options.allowedUsers } : {}),
  });
  const tokens = emulatorTokenSource(emu, { clientId, userId, scopes: options.scopes ?? SCOPES });
  const logger = createMemoryLogger();
  const api = createWebApi({ apiUrl: emu.apiUrl, tokens, logger, ...options.api });
  return { userId, clientId, tokens, api, logger };
}

/** Requests the emulator logged for one user's playlist list. */
export function playlistRequests(emu: Emulator) {
  return emu.requests.filter((r) => r.path === '/v1/me/playlists' || /^\/v1\/users\/[^/]+\/playlists$/.test(r.path));
}
