import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { challengeFor, createPkcePair, createState, createVerifier, statesMatch } from '../../app/auth/pkce.ts';

describe('PKCE', () => {
  it('makes verifiers of 43-128 unreserved characters, different every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const verifier = createVerifier();
      expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
      seen.add(verifier);
    }
    expect(seen.size).toBe(50);
  });

  // A hex verifier (randomBytes(64).toString('hex')) still has the right shape and length; only
  // the characters give it away: 4 bits per character instead of 6.
  it.each([
    ['verifiers', createVerifier],
    ['states', createState],
  ])('draws %s from all 64 base64url characters, evenly', (_label, make) => {
    const counts = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < 300; i++) {
      for (const c of make()) {
        counts.set(c, (counts.get(c) ?? 0) + 1);
        total++;
      }
    }
    expect([...counts.keys()].sort().join('')).toBe(
      [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].sort().join(''),
    );
    // Each character about 1/64 of the time: far looser than chance allows, far tighter than any bias.
    for (const n of counts.values()) {
      expect(n / total).toBeGreaterThan(0.5 / 64);
      expect(n / total).toBeLessThan(1.5 / 64);
    }
  });

  it('derives the S256 challenge as unpadded base64url of SHA-256', () => {
    // RFC 7636 appendix B.
    expect(challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const pair = createPkcePair();
    expect(pair.method).toBe('S256');
    expect(pair.challenge).toBe(createHash('sha256').update(pair.verifier).digest('base64url'));
    expect(pair.challenge).not.toContain('=');
  });

  it('refuses to derive a challenge from a malformed verifier instead of carrying on', () => {
    expect(() => challengeFor('short')).toThrow();
    expect(() => challengeFor(`${'a'.repeat(43)} `)).toThrow();
  });

  it('makes states of at least 128 bits', () => {
    const state = createState();
    expect(Buffer.from(state, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(createState()).not.toBe(state);
  });

  it('compares states exactly, and different lengths without throwing', () => {
    const state = createState();
    expect(statesMatch(state, `${state}`)).toBe(true);
    expect(statesMatch(state, `${state.slice(0, -1)}x`)).toBe(state.endsWith('x'));
    expect(statesMatch(state, state.slice(1))).toBe(false);
    expect(statesMatch(state, '')).toBe(false);
    expect(statesMatch('é', 'e')).toBe(false);
  });
});
