/**
 * Three ways to load a listener's profile and all of their playlists, against the same
 * emulator behind the same latency proxy:
 *
 * - Tunetray: the library sync as the app runs it (app/library-sync.ts: the profile alongside
 *   page 0, then every other page at once through fetchAllPlaylists), over the app's own
 *   transport (app/spotify/http.ts: one HTTP/2 connection, retry policy, timeouts), trusting the
 *   emulator's CA through the transport's extra-roots option.
 * - Spotify's official TypeScript SDK (@spotify/web-api-ts-sdk 1.2), used as its README shows:
 *   `SpotifyApi.withAccessToken(...)`, `currentUser.profile()`, then `currentUser.playlists
 *   .playlists(50, offset)` page after page until `next` is null. What the bench had to do:
 *   the SDK has no base-URL option (SpotifyApi.rootUrl is a static), so its documented `fetch`
 *   option gets a wrapper that rewrites https://api.spotify.com/v1/ to the emulator and then
 *   calls the global fetch, exactly as the SDK would. The global fetch is Node's own (bundled
 *   undici, HTTP/1.1 only); it cannot be handed a CA, so the bench adds the emulator's CA to
 *   Node's default roots for the process (tls.setDefaultCACertificates), which only that fetch
 *   relies on. Its connection pool is Node's global one: a cold run starts after the proxy has
 *   closed every connection.
 * - A plain sequential pager: undici's request() following `next` (limit=50) with a fresh
 *   undici Agent (HTTP/2 when offered), the obvious implementation.
 */
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { SpotifyApi } from '@spotify/web-api-ts-sdk';
import { Agent, type Dispatcher, request } from 'undici';
import { createLibraryCache } from '../../app/library/library-cache.ts';
import { createLibrarySync } from '../../app/library-sync.ts';
import { systemClock } from '../../app/ports.ts';
import { createSpotifyTransport, type SpotifyTransport } from '../../app/spotify/http.ts';
import { createWebApi, type WebApi } from '../../app/spotify/web-api.ts';
import { createMemoryLogger } from '../support/ports.ts';
import type { BenchWorld } from './world.ts';

export interface Contender {
  readonly key: 'tunetray' | 'officialSdk' | 'sequential';
  readonly label: string;
  /** Forget every client-side connection (a new app start). */
  reset(): Promise<void>;
  /** Profile plus all playlists; throws when anything is missing. */
  fetchAll(): Promise<void>;
  close(): Promise<void>;
}

/** A KeyValueStore in memory: the library cache without the disk. */
export function memoryStore() {
  const data = new Map<string, unknown>();
  return {
    get: (key: string) => data.get(key),
    set: (key: string, value: unknown) => void data.set(key, value),
    delete: (key: string) => void data.delete(key),
  };
}

export function tunetray(world: BenchWorld, playlists: number): Contender {
  let transport: SpotifyTransport | null = null;
  let api: WebApi | null = null;
  const open = () => {
    transport = createSpotifyTransport({ network: { extraCaCertificates: [world.ca] } });
    api = createWebApi({
      apiUrl: world.apiUrl,
      tokens: { current: async () => world.token, renewAfterRejection: async () => world.token },
      logger: createMemoryLogger(),
      dispatcher: transport.dispatcher,
    });
    return api;
  };
  const close = async () => {
    await api?.close();
    await transport?.close();
    api = null;
    transport = null;
  };
  return {
    key: 'tunetray',
    label: 'Tunetray library sync',
    reset: close,
    async fetchAll() {
      // A fresh library each time: no cached pages, so every run loads everything.
      const library = createLibrarySync({
        cache: createLibraryCache(memoryStore()),
        clock: systemClock,
        logger: createMemoryLogger(),
        onChange: () => {},
      });
      await library.sync(api ?? open());
      const status = library.info().sync;
      if (status.kind !== 'idle' || library.playlists().length !== playlists || !library.profile()) {
        throw new Error(`Tunetray sync ended ${JSON.stringify(status)} with ${library.playlists().length} playlists`);
      }
    },
    close,
  };
}

export function officialSdk(world: BenchWorld, playlists: number): Contender {
  if (!getCACertificates('default').includes(world.ca)) {
    setDefaultCACertificates([...getCACertificates('default'), world.ca]);
  }
  const root = `${world.apiUrl}/`;
  // The SDK's (private) SpotifyApi.rootUrl; every request URL starts with it.
  const spotifyRoot = 'https://api.spotify.com/v1/';
  const sdk = SpotifyApi.withAccessToken(
    world.clientId,
    { access_token: world.token, token_type: 'Bearer', expires_in: 3600, refresh_token: '' },
    { fetch: (input, init) => fetch(String(input).replace(spotifyRoot, root), init) },
  );
  return {
    key: 'officialSdk',
    label: 'official SDK, paging as its README shows',
    reset: async () => {},
    async fetchAll() {
      const profile = await sdk.currentUser.profile();
      let count = 0;
      for (let offset = 0; ; offset += 50) {
        const page = await sdk.currentUser.playlists.playlists(50, offset);
        count += page.items.length;
        if (!page.next) break;
      }
      if (!profile.id || count !== playlists) throw new Error(`official SDK got ${count} playlists`);
    },
    close: async () => {},
  };
}

export function sequential(world: BenchWorld, playlists: number): Contender {
  let agent: Dispatcher | null = null;
  const open = () => {
    agent = new Agent({ connect: { ca: world.ca } });
    return agent;
  };
  const get = async (url: string): Promise<unknown> => {
    const res = await request(url, {
      dispatcher: agent ?? open(),
      headers: { authorization: `Bearer ${world.token}` },
    });
    if (res.statusCode !== 200) throw new Error(`sequential pager: HTTP ${res.statusCode}`);
    return res.body.json();
  };
  const close = async () => {
    await agent?.close();
    agent = null;
  };
  return {
    key: 'sequential',
    label: 'sequential pager following next, limit=50',
    reset: close,
    async fetchAll() {
      const profile = (await get(`${world.apiUrl}/me`)) as { id?: string };
      let url: string | null = `${world.apiUrl}/me/playlists?limit=50`;
      let count = 0;
      while (url) {
        const page = (await get(url)) as { items: unknown[]; next: string | null };
        count += page.items.length;
        url = page.next;
      }
      if (!profile.id || count !== playlists) throw new Error(`sequential pager got ${count} playlists`);
    },
    close,
  };
}
