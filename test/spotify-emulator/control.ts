/**
 * The control surface over HTTP, under /__emulator/ (a path Spotify never uses), mirroring the JS
 * API for manual use with curl and for harnesses running the emulator in another process.
 * Bodies are JSON, validated with zod; mistakes get a 400 with the reason, never a crash.
 */
import { z } from 'zod';
import { faultSchema } from './faults.ts';
import { apiError, json, type Reply } from './http.ts';
import type { Emulator, Fault } from './types.ts';

export const CONTROL_PREFIX = '/__emulator';

const clientSchema = z.object({
  clientId: z.string().min(1).max(200).optional(),
  name: z.string().max(200).optional(),
  secret: z.string().min(1).max(500).nullable().optional(),
  redirectUris: z.array(z.string().max(2048)).max(50),
  rotateRefreshTokens: z.boolean().optional(),
  allowedUsers: z.array(z.string().max(200)).max(100).optional(),
});
const userSchema = z.object({
  id: z.string().min(1).max(200),
  displayName: z.string().max(200).nullable().optional(),
  country: z.string().length(2).optional(),
  email: z.string().max(320).optional(),
  product: z.enum(['premium', 'free', 'open']).optional(),
  images: z.boolean().optional(),
});
const every = z.number().int().min(0).max(1_000_000).optional();
const seedSchema = z.object({
  userId: z.string().min(1),
  count: z.number().int().min(0).max(200_000),
  privateEvery: every,
  collaborativeEvery: every,
  noImageEvery: every,
  nullDescriptionEvery: every,
  ownedByOthersEvery: every,
});
const imageSchema = z.object({
  url: z.string().max(2048),
  height: z.number().nullable(),
  width: z.number().nullable(),
});
const playlistSchema = z.object({
  id: z.string().min(1).max(100).optional(),
  name: z.string().max(500).optional(),
  description: z.string().max(2000).nullable().optional(),
  ownerId: z.string().max(200).optional(),
  ownerDisplayName: z.string().max(200).nullable().optional(),
  public: z.boolean().nullable().optional(),
  collaborative: z.boolean().optional(),
  images: z.array(imageSchema).max(3).nullable().optional(),
  trackCount: z.number().int().min(0).optional(),
  snapshotId: z.string().max(200).optional(),
  primaryColor: z.string().max(20).nullable().optional(),
});
const added = { addedAt: z.iso.datetime().optional(), addedBy: z.string().max(200).nullable().optional() };
const refSchema = z.object({ id: z.string().regex(/^[0-9A-Za-z]{1,64}$/), name: z.string().max(500) });
const durationMs = z.number().int().min(0).max(86_400_000).optional();
const itemSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('track'),
    id: z
      .string()
      .regex(/^[0-9A-Za-z]{1,64}$/)
      .optional(),
    name: z.string().max(2000).optional(),
    artists: z.array(refSchema).max(20).optional(),
    album: refSchema.optional(),
    durationMs,
    playable: z.boolean().optional(),
    ...added,
  }),
  z.object({
    type: z.literal('episode'),
    id: z
      .string()
      .regex(/^[0-9A-Za-z]{1,64}$/)
      .optional(),
    name: z.string().max(2000).optional(),
    show: refSchema.extend({ publisher: z.string().max(500) }).optional(),
    durationMs,
    ...added,
  }),
  z.object({
    type: z.literal('local'),
    name: z.string().max(2000).optional(),
    artist: z.string().max(500).optional(),
    album: z.string().max(500).optional(),
    durationMs,
    ...added,
  }),
  z.object({ type: z.literal('removed'), ...added }),
]);
const setItemsSchema = z.object({ playlistId: z.string().min(1).max(100), items: z.array(itemSchema).max(20_000) });
const editItemsSchema = z.object({
  playlistId: z.string().min(1).max(100),
  remove: z.array(z.number().int().min(0)).max(20_000).optional(),
  insert: z.object({ position: z.number().int().min(0), items: z.array(itemSchema).max(20_000) }).optional(),
});
const setPlaylistsSchema = z.object({ userId: z.string().min(1), playlists: z.array(playlistSchema).max(200_000) });
const mintSchema = z.object({ clientId: z.string(), userId: z.string(), scopes: z.array(z.string()).max(100) });
const switchesSchema = z.object({
  unauthorizedText: z.enum(['legacy', 'unified']).optional(),
  trackCountField: z.enum(['tracks', 'items']).optional(),
  devModeProfile: z.boolean().optional(),
  nextLinkStyle: z.enum(['me', 'users']).optional(),
  devModePlaylistItems: z.boolean().optional(),
  gzip: z.boolean().optional(),
});

type Handler = (api: Emulator, body: unknown) => Reply;

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new ControlError(z.prettifyError(r.error));
  return r.data;
}

class ControlError extends Error {}

const ok = (value: unknown = { ok: true }) => json(200, value);

/** `${METHOD} ${subpath}` -> handler. */
const ROUTES: Record<string, Handler> = {
  'GET /': (api) =>
    ok({
      url: api.url,
      accountsUrl: api.accountsUrl,
      apiUrl: api.apiUrl,
      now: api.now(),
      faults: api.faults,
      endpoints: Object.keys(ROUTES),
    }),
  'POST /clients': (api, b) => ok(api.registerClient(parse(clientSchema, b))),
  'POST /users': (api, b) => {
    api.registerUser(parse(userSchema, b));
    return ok();
  },
  'POST /playlists/seed': (api, b) => {
    const { userId, count, ...opts } = parse(seedSchema, b);
    api.seedPlaylists(userId, count, opts);
    return ok({ ok: true, count });
  },
  'POST /playlists/set': (api, b) => {
    const { userId, playlists } = parse(setPlaylistsSchema, b);
    api.setPlaylists(userId, playlists);
    return ok({ ok: true, count: playlists.length });
  },
  'POST /playlists/items': (api, b) => {
    const { playlistId, items } = parse(setItemsSchema, b);
    return ok({ ok: true, ...api.setPlaylistItems(playlistId, items) });
  },
  'POST /playlists/edit': (api, b) => {
    const { playlistId, ...edit } = parse(editItemsSchema, b);
    return ok({ ok: true, ...api.editPlaylistItems(playlistId, edit) });
  },
  'POST /tokens': (api, b) => ok(api.mintTokens(parse(mintSchema, b))),
  'POST /expire-access-token': (api, b) => {
    api.expireAccessToken(parse(z.object({ accessToken: z.string() }), b).accessToken);
    return ok();
  },
  'POST /expire-all': (api) => {
    api.expireAllAccessTokens();
    return ok();
  },
  'POST /revoke-refresh-token': (api, b) => {
    api.revokeRefreshToken(parse(z.object({ refreshToken: z.string() }), b).refreshToken);
    return ok();
  },
  'POST /token-lifetime': (api, b) => {
    api.setTokenLifetime(parse(z.object({ seconds: z.number().min(0).finite() }), b).seconds);
    return ok();
  },
  'POST /rotation': (api, b) => {
    const { clientId, rotate } = parse(z.object({ clientId: z.string(), rotate: z.boolean() }), b);
    api.setRotation(clientId, rotate);
    return ok();
  },
  'POST /options': (api, b) => {
    api.setOptions(parse(switchesSchema, b));
    return ok();
  },
  'POST /clock/advance': (api, b) => {
    api.advanceClock(parse(z.object({ ms: z.number().min(0).finite() }), b).ms);
    return ok({ ok: true, now: api.now() });
  },
  'GET /faults': (api) => ok(api.faults),
  'POST /faults': (api, b) => {
    const list: unknown[] = Array.isArray(b) ? b : [b];
    // Validate all before adding any, so a bad batch leaves the queue unchanged.
    for (const f of list) parse(faultSchema, f);
    for (const f of list) api.fault(f as Fault);
    return ok({ ok: true, added: list.length });
  },
  'DELETE /faults': (api) => {
    api.clearFaults();
    return ok();
  },
  'POST /clear-faults': (api) => {
    api.clearFaults();
    return ok();
  },
  'GET /requests': (api) => ok(api.requests),
  'DELETE /requests': (api) => {
    api.clearRequests();
    return ok();
  },
  'POST /clear-requests': (api) => {
    api.clearRequests();
    return ok();
  },
};

export function handleControl(api: Emulator, method: string, pathname: string, mediaType: string, body: Buffer): Reply {
  const sub = pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, '') || '/';
  const handler = ROUTES[`${method} ${sub}`];
  if (!handler) {
    const exists = Object.keys(ROUTES).some((k) => k.endsWith(` ${sub}`));
    return exists ? apiError(405, 'Method not allowed') : apiError(404, 'Unknown control endpoint');
  }
  let value: unknown = {};
  if (body.length > 0) {
    if (mediaType !== 'application/json' && mediaType !== '') return apiError(415, 'Control bodies must be JSON');
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return apiError(400, 'Malformed JSON body');
    }
  }
  try {
    return handler(api, value);
  } catch (e) {
    // The JS API throws on unknown users/clients and bad values: report them, they are the caller's mistake.
    return apiError(400, e instanceof Error ? e.message : String(e));
  }
}
