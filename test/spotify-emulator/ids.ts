/** Identifier helpers: random secrets for tokens and codes, deterministic ids for seeded data. */
import { createHash, randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random opaque token with Spotify's look (`BQ...` access tokens, `AQ...` refresh tokens and codes). */
export function randomToken(prefix: string, bytes = 48): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A deterministic 22-character base62 id (Spotify's id format) derived from the given parts. */
export function base62Id(...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  let out = '';
  for (let i = 0; i < 22; i++) out += BASE62[(digest[i] ?? 0) % 62];
  return out;
}

export function sha256Base64Url(input: string): string {
  return createHash('sha256').update(input).digest('base64url');
}

/** Short strong ETag for a response body. */
export function etagOf(body: Buffer | string): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

/** A 32-bit seed from strings, for the seeded PRNG. */
export function seedOf(...parts: string[]): number {
  return createHash('sha256').update(parts.join('\u0000')).digest().readUInt32LE(0);
}

/** Deterministic: the same seed inputs give the same playlists. */
export { seededRandom as prng } from '../support/random.ts';
