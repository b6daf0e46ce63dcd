/**
 * What a killed child left in its profile: store files that no longer parse, secrets in plain
 * text anywhere (temp files and logs included), and where the saved sign-in stands with the
 * emulator (the one that knows which refresh token is current).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TokenSetSchema } from '../../app/tokens/token-set.ts';
import type { Emulator } from '../spotify-emulator/index.ts';
import { createTestCipher } from '../support/ports.ts';

export const STORE_FILES = ['auth.json', 'settings.json', 'library.json', 'items.json'];

function filesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesIn(path) : [path];
  });
}

/** Store files present that are not a JSON object. */
export function corruptStoreFiles(profile: string): string[] {
  return STORE_FILES.filter((name) => {
    let text: string;
    try {
      text = readFileSync(join(profile, name), 'utf8');
    } catch {
      return false;
    }
    try {
      const value: unknown = JSON.parse(text);
      return value === null || typeof value !== 'object' || Array.isArray(value);
    } catch {
      return true;
    }
  });
}

/** Leftover temp files of an interrupted atomic write (harmless, but worth a count). */
export function leftoverTempFiles(profile: string): string[] {
  return readdirSync(profile).filter((name) => name.includes('.tmp'));
}

/**
 * Finds issued secrets in any file of the profile. Secrets are base64url runs; every run in every
 * file is looked up (and every window of a secret's length inside a longer run), so a secret
 * cannot hide inside other text. Append-only files are read from where the last scan stopped.
 */
export function createSecretScanner(profile: string) {
  const scanned = new Map<string, number>();
  return (secrets: readonly string[]): string[] => {
    const known = new Set(secrets);
    const lengths = [...new Set(secrets.map((s) => s.length))];
    const found: string[] = [];
    for (const file of filesIn(profile)) {
      const name = relative(profile, file);
      const text = readFileSync(file, 'latin1');
      const appendOnly = name.startsWith('logs');
      const from = appendOnly ? Math.min(scanned.get(name) ?? 0, text.length) : 0;
      if (appendOnly) scanned.set(name, text.length);
      for (const match of text.slice(from).matchAll(/[A-Za-z0-9_-]{20,}/g)) {
        const run = match[0];
        const hit =
          known.has(run) ||
          lengths.some((length) => {
            for (let at = 0; at + length <= run.length; at++) if (known.has(run.slice(at, at + length))) return true;
            return false;
          });
        if (hit) found.push(name);
      }
    }
    return found;
  };
}

/**
 * Where the saved sign-in stands:
 *   current     its refresh token is the one Spotify will accept
 *   one-behind  Spotify rotated it and the successor never reached the disk (the window no client
 *               can close), saved before the rotation
 *   stale       anything older, or the old token written again after the rotation (a bug)
 *   missing     no saved sign-in; unreadable: a record that does not decrypt to a token set
 */
export type SavedSignIn = 'current' | 'one-behind' | 'stale' | 'missing' | 'unreadable';

export async function savedSignIn(profile: string, key: Buffer, emu: Emulator): Promise<SavedSignIn> {
  let record: { ciphertext?: unknown; savedAt?: unknown } | undefined;
  try {
    record = (JSON.parse(readFileSync(join(profile, 'auth.json'), 'utf8')) as { tokens?: typeof record }).tokens;
  } catch {
    return 'missing';
  }
  if (!record) return 'missing';
  let refreshToken: string;
  try {
    const { plaintext } = await createTestCipher({ key }).decrypt(String(record.ciphertext));
    refreshToken = TokenSetSchema.parse(JSON.parse(plaintext)).refreshToken;
  } catch {
    return 'unreadable';
  }
  const state = emu.refreshTokenState(refreshToken);
  if (state.status === 'active') return 'current';
  if (state.status !== 'rotated') return 'stale';
  const successor = emu.refreshTokenState(state.to);
  const savedBeforeRotation = typeof record.savedAt === 'number' && record.savedAt <= state.at;
  return successor.status === 'active' && savedBeforeRotation ? 'one-behind' : 'stale';
}
