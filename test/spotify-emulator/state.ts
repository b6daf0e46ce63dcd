/**
 * The emulator's world: clock, registered clients and users, their playlists and the behaviour
 * switches. Tokens and codes live in tokens.ts; this file holds what Spotify's dashboard and
 * user accounts would hold.
 */
import { createHash } from 'node:crypto';
import { base62Id, randomHex } from './ids.ts';
import { completePlaylist, generatePlaylists, type SeedContext } from './seed.ts';
import { applyEdit, completeItem, generatedItems } from './seed-items.ts';
import type {
  ClientRegistration,
  EmulatorItem,
  EmulatorItemInput,
  EmulatorItemsEdit,
  EmulatorPlaylist,
  EmulatorSwitches,
  SeedOptions,
  UserRegistration,
} from './types.ts';

/** Generated item lists kept in memory (the least recently read is dropped first). */
const MAX_GENERATED_LISTS = 200;

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
  devModePlaylistItems: true,
  gzip: true,
};

export class World implements SeedContext {
  readonly url: string;
  readonly apiUrl: string;
  readonly clients = new Map<string, Client>();
  readonly users = new Map<string, User>();
  readonly playlists = new Map<string, EmulatorPlaylist[]>();
  /** Items of playlists that were set or edited; the others are generated on demand. */
  private readonly explicitItems = new Map<string, EmulatorItem[]>();
  private readonly generatedLists = new Map<string, EmulatorItem[]>();
  private index: { version: number; byId: Map<string, EmulatorPlaylist>; holders: Map<string, Set<string>> } | null =
    null;
  private edits = 0;
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
    this.dropExplicitItems(this.playlists.get(userId));
    this.playlists.set(userId, generatePlaylists(this, user, count, opts));
    this.version++;
  }

  setPlaylists(userId: string, playlists: Array<Partial<EmulatorPlaylist>>): void {
    const user = this.requireUser(userId);
    this.dropExplicitItems(this.playlists.get(userId));
    this.playlists.set(
      userId,
      playlists.map((p, i) => completePlaylist(this, user, p, i)),
    );
    this.version++;
  }

  /** Re-seeding a library starts its playlists' items afresh (a test re-using ids expects generated items). */
  private dropExplicitItems(list: EmulatorPlaylist[] | undefined): void {
    for (const p of list ?? []) this.explicitItems.delete(p.id);
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

  /** Builds the by-id index once per world version (any change to playlists bumps it). */
  private playlistIndex() {
    if (this.index?.version === this.version) return this.index;
    const byId = new Map<string, EmulatorPlaylist>();
    const holders = new Map<string, Set<string>>();
    for (const [userId, list] of this.playlists) {
      for (const p of list) {
        // The owner's copy wins when a playlist is in several libraries.
        if (!byId.has(p.id) || p.ownerId === userId) byId.set(p.id, p);
        let users = holders.get(p.id);
        if (!users) {
          users = new Set();
          holders.set(p.id, users);
        }
        users.add(userId);
      }
    }
    this.index = { version: this.version, byId, holders };
    return this.index;
  }

  findPlaylist(id: string): EmulatorPlaylist | undefined {
    return this.playlistIndex().byId.get(id);
  }

  /** Whether the playlist is in this user's library (owned or followed). */
  inLibrary(playlistId: string, userId: string): boolean {
    return this.playlistIndex().holders.get(playlistId)?.has(userId) ?? false;
  }

  /** The playlist's items: set or edited ones as stored, otherwise generated from its id and trackCount. */
  itemsOf(p: EmulatorPlaylist): readonly EmulatorItem[] {
    const explicit = this.explicitItems.get(p.id);
    if (explicit) return explicit;
    const key = `${p.id}\n${p.snapshotId}\n${p.trackCount}`;
    let list = this.generatedLists.get(key);
    if (list) {
      this.generatedLists.delete(key);
    } else {
      list = generatedItems(p, p.trackCount);
      if (this.generatedLists.size >= MAX_GENERATED_LISTS) {
        const oldest = this.generatedLists.keys().next().value;
        if (oldest !== undefined) this.generatedLists.delete(oldest);
      }
    }
    this.generatedLists.set(key, list);
    return list;
  }

  requirePlaylist(id: string): EmulatorPlaylist {
    const p = this.findPlaylist(id);
    if (!p) throw new Error(`Unknown playlist ${id}`);
    return p;
  }

  setPlaylistItems(playlistId: string, inputs: EmulatorItemInput[]): { snapshotId: string; total: number } {
    const p = this.requirePlaylist(playlistId);
    return this.replaceItems(
      p,
      inputs.map((input, i) => completeItem(p, input, i)),
    );
  }

  editPlaylistItems(playlistId: string, edit: EmulatorItemsEdit): { snapshotId: string; total: number } {
    const p = this.requirePlaylist(playlistId);
    return this.replaceItems(p, applyEdit(p, this.itemsOf(p), edit));
  }

  /**
   * Stores the new items and gives the playlist a new snapshot_id and count in every library
   * that holds it. The playlist objects are replaced, not mutated: rendered JSON is memoised per object.
   */
  private replaceItems(p: EmulatorPlaylist, items: EmulatorItem[]): { snapshotId: string; total: number } {
    this.edits++;
    const snapshotId =
      base62Id('snapshot', p.id, 'edit', String(this.edits)) + base62Id('s2', p.id, String(this.edits));
    this.explicitItems.set(p.id, items);
    for (const [userId, list] of this.playlists) {
      if (!list.some((q) => q.id === p.id)) continue;
      this.playlists.set(
        userId,
        list.map((q) => (q.id === p.id ? { ...q, snapshotId, trackCount: items.length } : q)),
      );
    }
    this.version++;
    return { snapshotId, total: items.length };
  }
}
