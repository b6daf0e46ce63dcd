/**
 * Spotify bodies: mutations of real emulator responses (/v1/me, a page of /v1/me/playlists, a
 * playlist and a page of its items, a token response, and error answers with their Retry-After),
 * served by a tiny loopback server to the real clients (createWebApi, playlist-api.ts,
 * createTokenEndpoint). For every case:
 * - the call settles (within 10 s) with a model that passes the model's own schema, or with an
 *   AppError whose message is for a person; never a TypeError or any other raw error;
 * - in a playlist page, every entry that is still the original comes back exactly as before,
 *   every entry that still has an ID comes back (with placeholders for what could not be read),
 *   and only entries without an ID are skipped, and counted;
 * - in a page of a playlist's items, every entry comes back as one item (an unreadable one as an
 *   "unreadable" row in its place), an untouched entry exactly as before;
 * - a token response whose access token, refresh token and type are intact yields a grant that
 *   carries both (a rotated refresh token is never thrown away over another field), and every
 *   grant makes a TokenSet the vault can store and read back;
 * - only Spotify's `invalid_grant` signs the user out.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { createTokenEndpoint, type TokenEndpoint } from '../../app/auth/token-endpoint.ts';
import { PlaylistDetailsSchema, type PlaylistItem, PlaylistItemSchema } from '../../app/items/model.ts';
import { PlaylistSummarySchema, ProfileSchema } from '../../app/model.ts';
import { AppError } from '../../app/result.ts';
import { getPlaylist, getPlaylistItemsPage, type ItemsPage } from '../../app/spotify/playlist-api.ts';
import { createWebApi, type PlaylistPage, type WebApi } from '../../app/spotify/web-api.ts';
import { REQUIRED_SCOPES, TokenSetSchema, tokenSetFromGrant } from '../../app/tokens/token-set.ts';
import { startEmulator } from '../spotify-emulator/index.ts';
import { createMemoryLogger } from '../support/ports.ts';
import { whyNotUserFacing, within } from './arbitraries.ts';
import { defineBoundary } from './boundary.ts';
import { type Mutation, mutate, mutations, touches } from './mutate.ts';

type Kind = 'me' | 'playlists' | 'items' | 'playlist' | 'token' | 'api-error' | 'token-error';

interface SpotifyCase {
  kind: Kind;
  /** Which of the captured originals of that kind. */
  variant: number;
  mutations: Mutation[];
  status: number;
  retryAfter: string | null;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Originals {
  me: unknown[];
  playlists: unknown[];
  /** A page of /v1/playlists/{id}/items, and /v1/playlists/{id} with its first entries. */
  items: unknown[];
  playlist: unknown[];
  token: unknown[];
  apiError: unknown[];
  tokenError: unknown[];
}

/** Real bodies from the emulator, in each of its documented variants (spotify-api.md sections 2-5). */
async function captureOriginals(): Promise<Originals> {
  const emu = await startEmulator();
  try {
    const { clientId } = emu.registerClient({ name: 'fuzz', redirectUris: ['http://127.0.0.1/callback'] });
    emu.registerUser({ id: 'listener', displayName: 'Listener' });
    emu.seedPlaylists('listener', 12);
    const minted = emu.mintTokens({ clientId, userId: 'listener', scopes: [...REQUIRED_SCOPES] });
    const get = async (path: string) =>
      (await fetch(`${emu.apiUrl}${path}`, { headers: { authorization: `Bearer ${minted.access_token}` } })).json();
    const [owned] = emu.getPlaylists('listener');
    if (!owned) throw new Error('the emulator seeded no playlists');
    emu.setPlaylistItems(owned.id, [
      { type: 'track' },
      { type: 'track', playable: false },
      { type: 'episode' },
      { type: 'local' },
      { type: 'removed' },
      { type: 'track' },
      { type: 'episode' },
      { type: 'track' },
    ]);
    const query = 'market=from_token&additional_types=track,episode';
    const me: unknown[] = [];
    const playlists: unknown[] = [];
    const items: unknown[] = [];
    const playlist: unknown[] = [];
    for (const devModeProfile of [false, true]) {
      emu.setOptions({ devModeProfile, trackCountField: devModeProfile ? 'items' : 'tracks' });
      me.push(await get('/me'));
      playlists.push(await get('/me/playlists?limit=50&offset=0'));
      items.push(await get(`/playlists/${owned.id}/items?limit=50&offset=0&${query}`));
      playlist.push(await get(`/playlists/${owned.id}?${query}`));
    }
    const refreshed = await fetch(`${emu.accountsUrl}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: minted.refresh_token,
        client_id: clientId,
      }),
    });
    const token = [await refreshed.json(), { ...minted }];
    return {
      me,
      playlists,
      items,
      playlist,
      token,
      apiError: [
        { error: { status: 403, message: 'User not registered in the Developer Dashboard' } },
        { error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' } },
        { error: { status: 401, message: 'Missing/invalid/expired access token' } },
      ],
      tokenError: [
        { error: 'invalid_grant', error_description: 'Refresh token revoked' },
        { error: 'invalid_client', error_description: 'Invalid client' },
        { error: 'server_error', error_description: 'Something broke' },
      ],
    };
  } finally {
    await emu.close();
  }
}

const cases: fc.Arbitrary<SpotifyCase> = fc.record({
  kind: fc.constantFrom<Kind>(
    'me',
    'playlists',
    'playlists',
    'playlists',
    'token',
    'token',
    'api-error',
    'token-error',
  ),
  variant: fc.nat(),
  mutations,
  status: fc.constantFrom(400, 401, 403, 404, 429, 429, 500, 502, 503),
  retryAfter: fc.oneof(
    fc.constant(null),
    fc.constantFrom(
      '0',
      '1',
      '3600',
      '86400',
      '99999999999999',
      '1e400',
      '-5',
      'soon',
      'Wed, 21 Oct 2015 07:28:00 GMT',
    ),
    fc.nat().map(String),
    fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\t\x20-\x7e]/g, '')),
  ),
});

const bodyOf = (doc: unknown) => (doc === undefined ? '' : JSON.stringify(doc));
const hasUsableId = (entry: unknown) =>
  typeof entry === 'object' &&
  entry !== null &&
  !Array.isArray(entry) &&
  typeof (entry as { id?: unknown }).id === 'string' &&
  ((entry as { id: string }).id.length ?? 0) > 0;

/** The outcome of a client call: a value, an AppError, or anything else (a bug). */
async function outcome<T>(call: () => Promise<T>): Promise<{ value: T } | { error: unknown }> {
  try {
    return { value: await within(call(), 10_000, 'the client call') };
  } catch (error) {
    return { error };
  }
}

function expectAppError(result: { error: unknown }): AppError {
  const { error } = result;
  if (!(error instanceof AppError)) {
    throw new Error(`the client threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
  const why = whyNotUserFacing(error.message);
  if (why) throw new Error(`${why} (code ${error.code})`);
  return error;
}

/**
 * A playlist's entries map one to one: an entry Tunetray cannot read becomes an "unreadable" row
 * in its place. So the page has as many items as entries, and an untouched entry comes back as before.
 */
function checkEntries(items: PlaylistItem[], entries: unknown, originals: unknown[], baseline: PlaylistItem[]) {
  for (const it of items) PlaylistItemSchema.parse(it);
  if (!Array.isArray(entries)) return;
  if (items.length !== entries.length) throw new Error(`${entries.length} entries came back as ${items.length} items`);
  entries.forEach((entry, i) => {
    const original = originals.findIndex((o) => isDeepStrictEqual(o, entry));
    if (original >= 0 && baseline[original] && !isDeepStrictEqual(items[i], baseline[original])) {
      throw new Error(`an untouched entry (${i}) came back changed`);
    }
  });
}

/** Each mutated entry must be accounted for: kept as it was, kept by its ID, or skipped and counted. */
function checkNeighbours(page: PlaylistPage, mutatedItems: unknown, originals: unknown[], baseline: PlaylistPage) {
  if (!Array.isArray(mutatedItems)) return;
  const remaining = [...page.items];
  const take = (match: (item: PlaylistPage['items'][number]) => boolean, what: string) => {
    const at = remaining.findIndex(match);
    if (at < 0) throw new Error(`the page lost ${what}`);
    remaining.splice(at, 1);
  };
  let withoutId = 0;
  for (const entry of mutatedItems) {
    const original = originals.findIndex((o) => isDeepStrictEqual(o, entry));
    if (original >= 0) {
      const expected = baseline.items[original];
      take((item) => isDeepStrictEqual(item, expected), `an untouched playlist (${JSON.stringify(expected?.id)})`);
    } else if (hasUsableId(entry)) {
      const id = (entry as { id: string }).id;
      take((item) => item.id === id, `a damaged playlist that still had its ID (${id.slice(0, 40)})`);
    } else withoutId++;
  }
  if (remaining.length > 0) throw new Error(`the page invented ${remaining.length} playlists`);
  if (page.skipped !== withoutId) throw new Error(`skipped ${page.skipped} entries, ${withoutId} had no ID`);
}

export const spotifyBoundary = defineBoundary<SpotifyCase>({
  name: 'spotify-bodies',
  testRuns: 400,
  async open() {
    const originals = await captureOriginals();
    let reply: Reply = { status: 200, headers: {}, body: '' };
    const server: Server = createServer((request, response) => {
      request.resume();
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(reply.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const logger = createMemoryLogger();
    const api: WebApi = createWebApi({
      apiUrl: `${base}/v1`,
      tokens: { current: async () => 'access-token', renewAfterRejection: async () => 'renewed-token' },
      logger,
      // The property is about bodies: no transport retries or Retry-After waits between cases.
      http: { maxRetries: 0 },
      maxRetryAfterMs: 0,
    });
    const endpoint: TokenEndpoint = createTokenEndpoint({ accountsUrl: base, clientId: 'fuzz-client', logger });
    reply = { status: 200, headers: {}, body: JSON.stringify(originals.playlists[0]) };
    const itemBaselines: ItemsPage[] = [];
    for (const page of originals.items) {
      reply = { status: 200, headers: {}, body: JSON.stringify(page) };
      const got = await getPlaylistItemsPage(api, 'fuzzPlaylist', 0, 50);
      if (got.notModified || got.value.items.length < 8) throw new Error('the baseline items page is short');
      itemBaselines.push(got.value);
    }
    const playlistBaselines: PlaylistItem[][] = [];
    for (const body of originals.playlist) {
      reply = { status: 200, headers: {}, body: JSON.stringify(body) };
      const got = await getPlaylist(api, 'fuzzPlaylist');
      if (got.notModified || !got.value.firstPage) throw new Error('the baseline playlist has no entries');
      playlistBaselines.push(got.value.firstPage.items);
    }
    const baselines: PlaylistPage[] = [];
    for (const page of originals.playlists) {
      reply = { status: 200, headers: {}, body: JSON.stringify(page) };
      const got = await api.getPlaylistPage(0, 50);
      if (got.notModified || got.value.items.length === 0) throw new Error('the baseline page is empty');
      baselines.push(got.value);
    }

    const property = fc.asyncProperty(cases, async (item) => {
      const pick = <T>(list: T[]) => list[item.variant % list.length] as T;
      const headers: Record<string, string> = item.retryAfter === null ? {} : { 'retry-after': item.retryAfter };
      switch (item.kind) {
        case 'me': {
          const { doc } = mutate(pick(originals.me), item.mutations);
          reply = { status: 200, headers, body: bodyOf(doc) };
          const result = await outcome(() => api.getProfile());
          if ('error' in result) expectAppError(result);
          else ProfileSchema.parse(result.value);
          return;
        }
        case 'playlists': {
          const original = pick(originals.playlists) as { items: unknown[] };
          const baseline = baselines[item.variant % baselines.length] as PlaylistPage;
          const { doc } = mutate(original, item.mutations);
          reply = { status: 200, headers, body: bodyOf(doc) };
          const result = await outcome(() => api.getPlaylistPage(0, 50));
          if ('error' in result) {
            expectAppError(result);
            return;
          }
          if (result.value.notModified) throw new Error('a 200 came back as not modified');
          for (const playlist of result.value.value.items) PlaylistSummarySchema.parse(playlist);
          const items = doc !== null && typeof doc === 'object' ? (doc as { items?: unknown }).items : undefined;
          checkNeighbours(result.value.value, items, original.items, baseline);
          return;
        }
        case 'items': {
          const original = pick(originals.items) as { items: unknown[] };
          const baseline = itemBaselines[item.variant % itemBaselines.length] as ItemsPage;
          const { doc } = mutate(original, item.mutations);
          reply = { status: 200, headers, body: bodyOf(doc) };
          const result = await outcome(() => getPlaylistItemsPage(api, 'fuzzPlaylist', 0, 50));
          if ('error' in result) {
            expectAppError(result);
            return;
          }
          if (result.value.notModified) throw new Error('a 200 came back as not modified');
          const entries = doc !== null && typeof doc === 'object' ? (doc as { items?: unknown }).items : undefined;
          checkEntries(result.value.value.items, entries, original.items, baseline.items);
          return;
        }
        case 'playlist': {
          const original = pick(originals.playlist) as Record<string, { items?: unknown[] } | undefined>;
          const { doc } = mutate(original, item.mutations);
          reply = { status: 200, headers, body: bodyOf(doc) };
          const result = await outcome(() => getPlaylist(api, 'fuzzPlaylist'));
          if ('error' in result) {
            expectAppError(result);
            return;
          }
          if (result.value.notModified) throw new Error('a 200 came back as not modified');
          PlaylistDetailsSchema.parse(result.value.value.details);
          const { firstPage } = result.value.value;
          const field = original.items?.items ? 'items' : 'tracks';
          const entries =
            doc !== null && typeof doc === 'object'
              ? (doc as Record<string, { items?: unknown } | null>)[field]?.items
              : undefined;
          const baseline = playlistBaselines[item.variant % playlistBaselines.length] ?? [];
          if (firstPage) checkEntries(firstPage.items, entries, original[field]?.items ?? [], baseline);
          return;
        }
        case 'token': {
          const original = pick(originals.token) as Record<string, unknown>;
          const { doc, touched } = mutate(original, item.mutations);
          reply = { status: 200, headers, body: bodyOf(doc) };
          const result = await outcome(() => endpoint.refresh('the-old-refresh-token'));
          const intact = ['access_token', 'refresh_token', 'token_type'].every((key) => !touches(touched, [key]));
          if ('error' in result) {
            const error = expectAppError(result);
            if (intact) throw new Error(`a usable token response was refused (${error.code}): ${error.message}`);
            if (error.code === 'signed-out') throw new Error('a 200 signed the user out');
            return;
          }
          const grant = result.value;
          if (
            intact &&
            (grant.accessToken !== original.access_token || grant.refreshToken !== original.refresh_token)
          ) {
            throw new Error('the grant does not carry the tokens Spotify sent');
          }
          const now = Date.UTC(2026, 10, 23);
          const set = tokenSetFromGrant(grant, now, { refreshToken: 'the-old-refresh-token', firstAuthorizedAt: now });
          const stored = TokenSetSchema.safeParse(JSON.parse(JSON.stringify(set)));
          if (!stored.success)
            throw new Error(`the grant makes a TokenSet the vault cannot read back: ${stored.error}`);
          if (!(set.expiresAt > now)) throw new Error(`the grant expires at ${set.expiresAt}, not after ${now}`);
          return;
        }
        case 'api-error': {
          const { doc } = mutate(pick(originals.apiError), item.mutations);
          reply = { status: item.status, headers, body: bodyOf(doc) };
          const result = await outcome(() => api.getProfile());
          if (!('error' in result)) throw new Error(`an HTTP ${item.status} came back as a profile`);
          expectAppError(result);
          return;
        }
        case 'token-error': {
          const { doc } = mutate(pick(originals.tokenError), item.mutations);
          reply = { status: item.status, headers, body: bodyOf(doc) };
          const result = await outcome(() => endpoint.refresh('the-old-refresh-token'));
          if (!('error' in result)) throw new Error(`an HTTP ${item.status} came back as a grant`);
          const error = expectAppError(result);
          const saidInvalidGrant =
            doc !== null && typeof doc === 'object' && (doc as { error?: unknown }).error === 'invalid_grant';
          if (error.code === 'signed-out' && !(saidInvalidGrant && item.status < 500 && item.status !== 429)) {
            throw new Error(`HTTP ${item.status} ${bodyOf(doc).slice(0, 80)} signed the user out`);
          }
          return;
        }
      }
    });
    return {
      property,
      async close() {
        await api.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  },
});
