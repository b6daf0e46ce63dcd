/**
 * The emulator's world: clock, registered clients and users, their playlists and the behaviour
 * switches. Tokens and codes live in tokens.ts; this file holds what Spotify's dashboard and
 * user accounts would hold.
 */
import { createHash } from 'node:crypto';
import { randomHex } from './ids.ts';
import { completePlaylist, generatePlaylists, type SeedContext } from './seed.ts';
import type { ClientRegistration, EmulatorPlaylist, EmulatorSwitches, SeedOptions, UserRegistration } from './types.ts';

export interface Client {
  clientId: string;
  name: string;
  secret: string | null;
  redirectUris: string[];
  rotateRefreshTokens: boolean;
  allowedUsers: string[] | null;
}

export interface User {
  id: string;
  displayName: string | null;
  country: string;
  email: string;
  product: 'premium' | 'free' | 'open';
  images: boolean;
  accountId: string;
  followers: number;
}

export const DEFAULT_SWITCHES: EmulatorSwitches = {
  unauthorizedText: 'unified',
  trackCountField: 'items',
  devModeProfile: false,
  nextLinkStyle: 'me',
};

export class World implements SeedContext {
  readonly url: string;
  readonly apiUrl: string;
  readonly clients = new Map<string, Client>();
  readonly users = new Map<string, User>();
  readonly playlists = new Map<string, EmulatorPlaylist[]>();
  /** Label per generated image id, so /images/<id>.svg can draw the right initials. */
  readonly imageLabels = new Map<string, string>();
  switches: EmulatorSwitches = { ...DEFAULT_SWITCHES };
  tokenLifetimeSec = 3600;
  /** Bumped whenever anything that shapes a Web API response changes; response caches key on it. */
  version = 0;
  private readonly baseNow: () => number;
  private clockOffset = 0;

  constructor(url: string, now: () => number) {
    this.url = url;
    this.apiUrl = `${url}/v1`;
    this.baseNow = now;
  }

  now(): number {
    return this.baseNow() + this.clockOffset;
  }

  advanceClock(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advanceClock needs a finite, non-negative ms');
    this.clockOffset += ms;
  }

  imageUrl(imageId: string, label: string): string {
    this.imageLabels.set(imageId, label);
    return `${this.url}/images/${imageId}.svg`;
  }

  registerClient(c: ClientRegistration): { clientId: string; clientSecret: string | null } {
    const clientId = c.clientId ?? randomHex(16);
    const secret = c.secret ?? null;
    if (!Array.isArray(c.redirectUris)) throw new TypeError('redirectUris must be an array of strings');
    this.clients.set(clientId, {
      clientId,
      name: c.name ?? 'Unnamed app',
      secret,
      redirectUris: [...c.redirectUris],
      rotateRefreshTokens: c.rotateRefreshTokens ?? secret === null,
      allowedUsers: c.allowedUsers ? [...c.allowedUsers] : null,
    });
    return { clientId, clientSecret: secret };
  }

  requireClient(clientId: string): Client {
    const client = this.clients.get(clientId);
    if (!client) throw new Error(`Unknown client ${clientId}`);
    return client;
  }

  registerUser(u: UserRegistration): void {
    if (typeof u.id !== 'string' || u.id === '') throw new TypeError('user id must be a non-empty string');
    const digest = createHash('sha256').update(`account:${u.id}`).digest();
    this.users.set(u.id, {
      id: u.id,
      displayName: u.displayName === undefined ? u.id : u.displayName,
      country: u.country ?? 'US',
      email: u.email ?? `${u.id}@example.com`,
      product: u.product ?? 'premium',
      images: u.images ?? true,
      accountId: digest.toString('hex').slice(0, 32),
      followers: digest.readUInt16LE(20) % 200,
    });
    if (!this.playlists.has(u.id)) this.playlists.set(u.id, []);
    this.version++;
  }

  requireUser(userId: string): User {
    const user = this.users.get(userId);
    if (!user) throw new Error(`Unknown user ${userId}`);
    return user;
  }

  seedPlaylists(userId: string, count: number, opts?: SeedOptions): void {
    const user = this.requireUser(userId);
    if (!Number.isInteger(count) || count < 0 || count > 200_000) throw new RangeError('count must be 0..200000');
    this.playlists.set(userId, generatePlaylists(this, user, count, opts));
    this.version++;
  }

  setPlaylists(userId: string, playlists: Array<Partial<EmulatorPlaylist>>): void {
    const user = this.requireUser(userId);
    this.playlists.set(
      userId,
      playlists.map((p, i) => completePlaylist(this, user, p, i)),
    );
    this.version++;
  }

  setSwitches(o: Partial<EmulatorSwitches>): void {
    this.switches = { ...this.switches, ...o };
    this.version++;
  }

  setTokenLifetime(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('token lifetime must be >= 0 seconds');
    this.tokenLifetimeSec = seconds;
  }

  setRotation(clientId: string, rotate: boolean): void {
    this.requireClient(clientId).rotateRefreshTokens = rotate;
  }
}
