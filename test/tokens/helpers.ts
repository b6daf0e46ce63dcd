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

/** A seeded PRNG (mulberry32) for reproducible jitter and soak schedules. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
