/**
 * GET /v1/me/playlists and /v1/users/{id}/playlists (where `next` links may point).
 * Pages are cached per (world version, user, visible set, limit, offset) so a client hammering the
 * list costs a Map lookup; any change to playlists, users or switches bumps the version.
 */
import type { EmulatorContext } from '../context.ts';
import { apiError, type Reply } from '../http.ts';
import { etagOf } from '../ids.ts';
import type { User } from '../state.ts';
import type { EmulatorPlaylist } from '../types.ts';
import { conditionalJson } from './conditional.ts';
import { ownerJson } from './item-json.ts';

export const MAX_LIMIT = 50;
export const DEFAULT_LIMIT = 20;
export const MAX_OFFSET = 100_000;
const MAX_CACHED_PAGES = 20_000;

type Paging = { ok: true; limit: number; offset: number } | { ok: false; reply: Reply };

/** Shared by every paged endpoint: Spotify rejects, rather than clamps, an out-of-range limit. */
export function parsePaging(query: URLSearchParams): Paging {
  const rawLimit = query.get('limit');
  const rawOffset = query.get('offset');
  let limit = DEFAULT_LIMIT;
  let offset = 0;
  if (rawLimit !== null) {
    limit = /^\d{1,6}$/.test(rawLimit) ? Number(rawLimit) : -1;
    if (limit < 1 || limit > MAX_LIMIT) return { ok: false, reply: apiError(400, 'Invalid limit') };
  }
  if (rawOffset !== null) {
    offset = /^\d{1,7}$/.test(rawOffset) ? Number(rawOffset) : -1;
    if (offset < 0 || offset > MAX_OFFSET) return { ok: false, reply: apiError(400, 'Invalid offset') };
  }
  return { ok: true, limit, offset };
}

interface CachedPage {
  body: Buffer;
  etag: string;
}

export class PlaylistPages {
  private readonly ctx: EmulatorContext;
  private cacheVersion = -1;
  private readonly pages = new Map<string, CachedPage>();
  private readonly visible = new Map<string, EmulatorPlaylist[]>();
  private readonly itemJson = new WeakMap<EmulatorPlaylist, Map<string, string>>();

  constructor(ctx: EmulatorContext) {
    this.ctx = ctx;
  }

  /** `targetUserId` null means /me. */
  handle(
    viewer: User,
    scopes: ReadonlySet<string>,
    targetUserId: string | null,
    query: URLSearchParams,
    ifNoneMatch: string | undefined,
  ): Reply {
    const paging = parsePaging(query);
    if (!paging.ok) return paging.reply;
    const { world } = this.ctx;
    const target = targetUserId ?? viewer.id;
    if (!world.users.has(target)) return apiError(404, 'Not found.');
    if (this.cacheVersion !== world.version) {
      this.pages.clear();
      this.visible.clear();
      this.cacheVersion = world.version;
    }
    const own = target === viewer.id;
    const mask = own
      ? `${scopes.has('playlist-read-private') ? 'p' : '-'}${scopes.has('playlist-read-collaborative') ? 'c' : '-'}`
      : 'public';
    const key = `${target}\n${mask}\n${targetUserId === null ? 'me' : 'users'}\n${paging.limit}\n${paging.offset}`;
    let page = this.pages.get(key);
    if (!page) {
      const list = this.visibleList(target, mask, own);
      const body = Buffer.from(this.renderPage(list, target, targetUserId === null, paging.limit, paging.offset));
      page = { body, etag: etagOf(body) };
      if (this.pages.size >= MAX_CACHED_PAGES) this.pages.clear();
      this.pages.set(key, page);
    }
    return conditionalJson(page.body, ifNoneMatch, page.etag);
  }

  /**
   * Spotify returns a shorter list, not an error, when scopes are missing: private playlists need
   * playlist-read-private, collaborative ones playlist-read-collaborative. Another user's list
   * shows only the public playlists they own.
   */
  private visibleList(target: string, mask: string, own: boolean): EmulatorPlaylist[] {
    const cacheKey = `${target}\n${mask}`;
    const cached = this.visible.get(cacheKey);
    if (cached) return cached;
    const all = this.ctx.world.playlists.get(target) ?? [];
    const list = own
      ? all.filter((p) => (p.collaborative ? mask[1] === 'c' : p.public === false ? mask[0] === 'p' : true))
      : all.filter((p) => p.ownerId === target && p.public === true && !p.collaborative);
    this.visible.set(cacheKey, list);
    return list;
  }

  private renderPage(list: EmulatorPlaylist[], target: string, me: boolean, limit: number, offset: number): string {
    const { apiUrl, switches } = this.ctx.world;
    const self = me ? `${apiUrl}/me/playlists` : `${apiUrl}/users/${encodeURIComponent(target)}/playlists`;
    const linkBase =
      me && switches.nextLinkStyle === 'me' ? self : `${apiUrl}/users/${encodeURIComponent(target)}/playlists`;
    const total = list.length;
    const items = list.slice(offset, offset + limit).map((p) => this.item(p));
    const next = offset + limit < total ? `${linkBase}?offset=${offset + limit}&limit=${limit}` : null;
    const previous = offset > 0 ? `${linkBase}?offset=${Math.max(0, offset - limit)}&limit=${limit}` : null;
    return (
      `{"href":${JSON.stringify(`${self}?offset=${offset}&limit=${limit}`)},"items":[${items.join(',')}],` +
      `"limit":${limit},"next":${JSON.stringify(next)},"offset":${offset},"previous":${JSON.stringify(previous)},"total":${total}}`
    );
  }

  /** One simplified playlist object, memoised per playlist and track-count field shape. */
  private item(p: EmulatorPlaylist): string {
    const { apiUrl, switches } = this.ctx.world;
    const field = switches.trackCountField;
    let perShape = this.itemJson.get(p);
    if (!perShape) {
      perShape = new Map();
      this.itemJson.set(p, perShape);
    }
    const cached = perShape.get(field);
    if (cached !== undefined) return cached;
    const href = `${apiUrl}/playlists/${p.id}`;
    const json = JSON.stringify({
      collaborative: p.collaborative,
      description: p.description,
      external_urls: { spotify: `https://open.spotify.com/playlist/${p.id}` },
      href,
      id: p.id,
      images: p.images,
      name: p.name,
      owner: ownerJson(apiUrl, p),
      primary_color: p.primaryColor,
      public: p.public,
      snapshot_id: p.snapshotId,
      // Before March 2026 `tracks`; development-mode apps since then get `items` and no `tracks`.
      [field]: { href: `${href}/${field}`, total: p.trackCount },
      type: 'playlist',
      uri: `spotify:playlist:${p.id}`,
    });
    perShape.set(field, json);
    return json;
  }
}
