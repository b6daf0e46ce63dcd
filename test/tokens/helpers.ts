/** Small helpers shared by the token tests (not a test file itself). */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenSet } from '../../app/tokens/token-set.ts';

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tunetray-tokens-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function sampleTokens(now: number, overrides: Partial<TokenSet> = {}): TokenSet {
  return {
    accessToken: 'BQDaccess-token-0123456789abcdef',
    refreshToken: 'AQCrefresh-token-0123456789abcdef',
    expiresAt: now + 3600_000,
    scopes: ['user-read-private', 'playlist-read-private', 'playlist-read-collaborative'],
    obtainedAt: now,
    firstAuthorizedAt: now,
    ...overrides,
  };
}

/** The raw bytes of a file as text (latin1, so every byte maps to one character). */
export const rawFile = (path: string): string => readFileSync(path).toString('latin1');

export const fileMode = (path: string): number => statSync(path).mode & 0o777;

/** Every substring of `secret` of length `size` (a token must not appear even in part). */
export function slices(secret: string, size = 12): string[] {
  const out: string[] = [];
  for (let i = 0; i + size <= secret.length; i += 4) out.push(secret.slice(i, i + size));
  return out;
}

export { seededRandom } from '../support/random.ts';

/**
 * Lets `ms` of simulated time pass timer by timer, waiting after each for an in-flight refresh
 * (real HTTP) to settle, so that simulated time does not run ahead of a request on the wire.
 */
export async function advanceSettled(
  clock: { advance(ms: number): Promise<void>; nextTimerIn(): number | null },
  scheduler: { whenIdle(): Promise<void> },
  ms: number,
): Promise<void> {
  let remaining = ms;
  for (let guard = 0; remaining > 0; guard++) {
    if (guard > 10_000) throw new Error('advanceSettled: timers keep firing without time passing');
    const next = clock.nextTimerIn();
    const step = next === null ? remaining : Math.min(remaining, Math.max(0, next));
    await clock.advance(step);
    await scheduler.whenIdle();
    remaining -= step;
  }
}

/**
 * A Web API call the way the app's client makes it ("auto refresh" semantics): any 401 triggers
 * one shared refresh and one retry; a second 401 is an error, never a loop.
 */
export async function callMe(
  source: { current(): Promise<string>; renewAfterRejection(rejected: string): Promise<string> },
  apiUrl: string,
): Promise<{ status: number; renewed: boolean }> {
  const get = async (token: string) => {
    const response = await fetch(`${apiUrl}/me`, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    return response.status;
  };
  const token = await source.current();
  const first = await get(token);
  if (first !== 401) return { status: first, renewed: false };
  const renewed = await source.renewAfterRejection(token);
  return { status: await get(renewed), renewed: true };
}
