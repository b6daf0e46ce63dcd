/**
 * Authorization codes, access tokens and refresh tokens. Revoked and rotated refresh tokens are
 * kept (marked) rather than deleted, because Spotify answers them differently from unknown ones.
 */
import { randomToken } from './ids.ts';
import type { World } from './state.ts';
import type { MintedTokens } from './types.ts';

/** Undocumented by Spotify; 10 minutes is the usual OAuth advice and what the spec asks us to assume. */
export const CODE_LIFETIME_MS = 10 * 60_000;
/** "6 months after the original authorization": 183 days covers every 6-month calendar span. */
export const REFRESH_HORIZON_MS = 183 * 24 * 60 * 60_000;

/** One user's approval of one client; every token from a code or its refreshes shares it. */
export interface Grant {
  clientId: string;
  userId: string;
  scopes: string[];
  authorizedAt: number;
  /** Issued through PKCE: refreshing needs no secret even for a client that has one. */
  pkce: boolean;
}

export interface AuthCode {
  code: string;
  grant: Grant;
  redirectUri: string;
  codeChallenge: string | null;
  createdAt: number;
  used: boolean;
}

export interface AccessToken {
  token: string;
  grant: Grant;
  expiresAt: number;
}

export interface RefreshToken {
  token: string;
  grant: Grant;
  status: 'active' | 'revoked';
  /** Set when a refresh rotated this token away: its successor, and when (emulator clock). */
  rotatedTo?: { token: string; at: number };
}

export type AccessCheck = { ok: true; token: AccessToken } | { ok: false; reason: 'invalid' | 'expired' };

export class TokenStore {
  private readonly world: World;
  private readonly codes = new Map<string, AuthCode>();
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, RefreshToken>();

  constructor(world: World) {
    this.world = world;
  }

  issueCode(grant: Grant, redirectUri: string, codeChallenge: string | null): string {
    const now = this.world.now();
    if (this.codes.size > 5000) {
      // Keep memory bounded in long demo runs: codes older than their lifetime can only ever fail.
      for (const [k, c] of this.codes) if (c.used || now - c.createdAt > CODE_LIFETIME_MS) this.codes.delete(k);
    }
    const code = randomToken('AQ', 96);
    this.codes.set(code, { code, grant, redirectUri, codeChallenge, createdAt: now, used: false });
    return code;
  }

  findCode(code: string): AuthCode | undefined {
    return this.codes.get(code);
  }

  issueAccessToken(grant: Grant): { token: string; expiresIn: number } {
    const expiresIn = this.world.tokenLifetimeSec;
    const token = randomToken('BQ', 96);
    this.access.set(token, { token, grant, expiresAt: this.world.now() + expiresIn * 1000 });
    return { token, expiresIn };
  }

  issueRefreshToken(grant: Grant): string {
    const token = randomToken('AQ', 96);
    this.refresh.set(token, { token, grant, status: 'active' });
    return token;
  }

  findRefreshToken(token: string): RefreshToken | undefined {
    return this.refresh.get(token);
  }

  checkAccessToken(token: string): AccessCheck {
    const found = this.access.get(token);
    if (!found) return { ok: false, reason: 'invalid' };
    if (this.world.now() >= found.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, token: found };
  }

  expireAccessToken(token: string): void {
    const found = this.access.get(token);
    if (found) found.expiresAt = Number.NEGATIVE_INFINITY;
  }

  expireAllAccessTokens(): void {
    for (const t of this.access.values()) t.expiresAt = Number.NEGATIVE_INFINITY;
  }

  /** Rotation: `token` stops working and a new refresh token for the same grant takes its place. */
  rotateRefreshToken(stored: RefreshToken): string {
    stored.status = 'revoked';
    const next = this.issueRefreshToken(stored.grant);
    stored.rotatedTo = { token: next, at: this.world.now() };
    return next;
  }

  /** Every code, access token and refresh token issued so far (the crash test searches files for them). */
  issuedSecrets(): string[] {
    return [...this.codes.keys(), ...this.access.keys(), ...this.refresh.keys()];
  }

  revokeRefreshToken(token: string): void {
    const found = this.refresh.get(token);
    if (found) found.status = 'revoked';
  }

  /** The test shortcut: tokens for a user as if they had just approved the client. */
  mint(m: { clientId: string; userId: string; scopes: string[] }): MintedTokens {
    const client = this.world.requireClient(m.clientId);
    this.world.requireUser(m.userId);
    const grant: Grant = {
      clientId: m.clientId,
      userId: m.userId,
      scopes: [...m.scopes],
      authorizedAt: this.world.now(),
      pkce: client.secret === null,
    };
    const { token, expiresIn } = this.issueAccessToken(grant);
    return {
      access_token: token,
      refresh_token: this.issueRefreshToken(grant),
      expires_in: expiresIn,
      scope: grant.scopes.join(' '),
      token_type: 'Bearer',
    };
  }
}
