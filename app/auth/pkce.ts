/**
 * PKCE (RFC 7636) and the `state` value for one sign-in. Only S256: if SHA-256 were ever
 * unavailable we throw rather than fall back to `plain`, which would put the verifier in the URL.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface PkcePair {
  /** 43-128 chars of `A-Z a-z 0-9 - . _ ~`; sent only in the token request body. */
  verifier: string;
  /** base64url(SHA-256(verifier)), no padding. */
  challenge: string;
  method: 'S256';
}

/** 64 random bytes -> 86 base64url chars: well inside 43-128, all from the unreserved set. */
const VERIFIER_BYTES = 64;
/** 32 random bytes = 256 bits, twice the 128-bit floor. */
const STATE_BYTES = 32;
const VERIFIER_SHAPE = /^[A-Za-z0-9\-._~]{43,128}$/;

export function createVerifier(): string {
  const verifier = randomBytes(VERIFIER_BYTES).toString('base64url');
  if (!VERIFIER_SHAPE.test(verifier)) throw new Error('PKCE verifier has an invalid shape');
  return verifier;
}

export function challengeFor(verifier: string): string {
  if (!VERIFIER_SHAPE.test(verifier)) throw new Error('PKCE verifier has an invalid shape');
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createPkcePair(): PkcePair {
  const verifier = createVerifier();
  return { verifier, challenge: challengeFor(verifier), method: 'S256' };
}

export function createState(): string {
  return randomBytes(STATE_BYTES).toString('base64url');
}

/**
 * Constant-time comparison so the loopback server does not leak, through timing, how much of
 * a guessed state was right. Different lengths cannot match and say so without throwing
 * (timingSafeEqual throws on unequal lengths); the length of our own state is not a secret.
 */
export function statesMatch(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}
