/**
 * GET /v1/playlists/{id} (the full playlist with its first 100 entries) and
 * GET /v1/playlists/{id}/items (paged entries), with the 2026 rules of spotify-api.md §8:
 *
 * - development mode (`devModePlaylistItems`, default on): entries are readable only by the
 *   owner and, for a collaborative playlist, by users who have it in their library; anyone else
 *   gets 403 on /items and a playlist object without entries (the metadata stays readable);
 * - the old /tracks path answers 403 while the `items` shape is on (it works in the legacy `tracks` shape);
 * - `limit` 1..50 (400 `Invalid limit` otherwise), ETag and 304 on every response;
 * - `market` turns on `is_playable` / `restrictions` in tracks.
 *
 * Rendered pages are cached per world version (any change bumps it, an edit also changes the snapshot).
 */
import type { EmulatorContext } from '../context.ts';
import { API_CACHE_HEADERS, apiError, type Reply } from '../http.ts';
import { etagOf, seedOf } from '../ids.ts';
import type { User } from '../state.ts';
import type { EmulatorItem, EmulatorPlaylist } from '../types.ts';
import { conditionalJson } from './conditional.ts';
import { type EntryShape, entryJson, ownerJson } from './item-json.ts';
import { parsePaging } from './playlists.ts';

/** Spotify embeds this many entries in the full playlist object. */
export const EMBEDDED_ITEMS = 100;
const MAX_CACHED = 4_000;

type Access = { ok: true; playlist: EmulatorPlaylist; listable: boolean } | { ok: false; reply: Reply };

export class PlaylistItemsApi {
  private readonly ctx: EmulatorContext;
  private cacheVersion = -1;
  private readonly pages = new Map<string, { body: Buffer; etag: string }>();
  private readonly entries = new WeakMap<EmulatorItem, Map<string, string>>();

  constructor(ctx: EmulatorContext) {
    this.ctx = ctx;
  }

  /** Who may see what: as the list shows it (scopes for private and collaborative), public ones to anyone. */
  private access(viewer: User, scopes: ReadonlySet<string>, id: string): Access {
    const { world } = this.ctx;
    const p = world.findPlaylist(id);
    const notFound: Access = { ok: false, reply: apiError(404, 'Not found.', { ...API_CACHE_HEADERS }) };
    if (!p) return notFound;
    const held = p.ownerId === viewer.id || world.inLibrary(p.id, viewer.id);
    const scoped = p.collaborative
      ? scopes.has('playlist-read-collaborative')
      : p.public === false
        ? scopes.has('playlist-read-private')
        : true;
    const visible = (held && scoped) || (p.public === true && !p.collaborative);
    if (!visible) return notFound;
    const listable =
      !world.switches.devModePlaylistItems || p.ownerId === viewer.id || (p.collaborative && held && scoped);
    return { ok: true, playlist: p, listable };
  }

  private shape(query: URLSearchParams): EntryShape | Reply {
    const market = query.get('market');
    if (market !== null && market !== 'from_token' && !/^[A-Z]{2}$/.test(market)) {
      return apiError(400, 'Invalid market code');
    }
    return { field: this.ctx.world.switches.trackCountField === 'items' ? 'item' : 'track', market: market !== null };
  }

  private cached(key: string, render: () => string): { body: Buffer; etag: string } {
    const { world } = this.ctx;
    if (this.cacheVersion !== world.version) {
      this.pages.clear();
      this.cacheVersion = world.version;
    }
    let page = this.pages.get(key);
    if (!page) {
      const body = Buffer.from(render());
      page = { body, etag: etagOf(body) };
      if (this.pages.size >= MAX_CACHED) this.pages.clear();
      this.pages.set(key, page);
    }
    return page;
  }

  private entry(item: EmulatorItem, shape: EntryShape): string {
    const key = `${shape.field}${shape.market ? 'm' : ''}`;
    let perShape = this.entries.get(item);
    if (!perShape) {
      perShape = new Map();
      this.entries.set(item, perShape);
    }
    let json = perShape.get(key);
    if (json === undefined) {
      json = entryJson(this.ctx.world.url, this.ctx.world.apiUrl, item, shape);
      perShape.set(key, json);
    }
    return json;
  }

  /** The paging object over a playlist's entries, as JSON text. */
  private pageJson(p: EmulatorPlaylist, shape: EntryShape, limit: number, offset: number, path: string): string {
    const items = this.ctx.world.itemsOf(p);
    const total = items.length;
    const base = `${this.ctx.world.apiUrl}/playlists/${p.id}/${path}`;
    const entries = items.slice(offset, offset + limit).map((item) => this.entry(item, shape));
    const next = offset + limit < total ? `${base}?offset=${offset + limit}&limit=${limit}` : null;
    const previous = offset > 0 ? `${base}?offset=${Math.max(0, offset - limit)}&limit=${limit}` : null;
    return (
      `{"href":${JSON.stringify(`${base}?offset=${offset}&limit=${limit}`)},"items":[${entries.join(',')}],` +
      `"limit":${limit},"next":${JSON.stringify(next)},"offset":${offset},"previous":${JSON.stringify(previous)},"total":${total}}`
    );
  }

  handlePlaylist(viewer: User, scopes: ReadonlySet<string>, id: string, query: URLSearchParams, inm?: string): Reply {
    const access = this.access(viewer, scopes, id);
    if (!access.ok) return access.reply;
    const shape = this.shape(query);
    if (!('field' in shape)) return shape;
    const { playlist: p, listable } = access;
    const countField = this.ctx.world.switches.trackCountField;
    const key = `full\n${p.id}\n${shape.field}${shape.market}\n${listable}`;
    const page = this.cached(key, () => {
      const { apiUrl } = this.ctx.world;
      const href = `${apiUrl}/playlists/${p.id}`;
      // Not listable: the count only, as in the list (the entries are what development mode withholds).
      const embedded = listable
        ? this.pageJson(p, shape, EMBEDDED_ITEMS, 0, countField)
        : JSON.stringify({ href: `${href}/${countField}`, total: p.trackCount });
      const head = JSON.stringify({
        collaborative: p.collaborative,
        description: p.description,
        external_urls: { spotify: `https://open.spotify.com/playlist/${p.id}` },
        followers: { href: null, total: seedOf(p.id, 'followers') % 5_000 },
        href,
        id: p.id,
        images: p.images,
        name: p.name,
        owner: ownerJson(apiUrl, p),
        primary_color: p.primaryColor,
        public: p.public,
        snapshot_id: p.snapshotId,
        type: 'playlist',
        uri: `spotify:playlist:${p.id}`,
      });
      return `${head.slice(0, -1)},${JSON.stringify(countField)}:${embedded}}`;
    });
    return conditionalJson(page.body, inm, page.etag);
  }

  handleItems(
    viewer: User,
    scopes: ReadonlySet<string>,
    id: string,
    path: 'items' | 'tracks',
    query: URLSearchParams,
    inm?: string,
  ): Reply {
    const { switches } = this.ctx.world;
    // The February 2026 migration moved development-mode apps to /items; /tracks refuses them.
    if (path === 'tracks' && switches.trackCountField === 'items') {
      return apiError(403, 'Forbidden', { ...API_CACHE_HEADERS });
    }
    const paging = parsePaging(query);
    if (!paging.ok) return paging.reply;
    const access = this.access(viewer, scopes, id);
    if (!access.ok) return access.reply;
    if (!access.listable) return apiError(403, 'Forbidden', { ...API_CACHE_HEADERS });
    const shape = this.shape(query);
    if (!('field' in shape)) return shape;
    const p = access.playlist;
    const key = `page\n${p.id}\n${path}\n${shape.field}${shape.market}\n${paging.limit}\n${paging.offset}`;
    const page = this.cached(key, () => this.pageJson(p, shape, paging.limit, paging.offset, path));
    return conditionalJson(page.body, inm, page.etag);
  }
}
