/**
 * Web API routing under /v1. The app needs /me and /me/playlists; the users/{id} routes exist
 * because `next` links may point there, and a few scope-guarded endpoints exist so that
 * `403 Insufficient client scope` has somewhere real to happen.
 */
import type { EmulatorContext } from '../context.ts';
import { API_CACHE_HEADERS, apiError, type Reply } from '../http.ts';
import { authenticate, insufficientScope } from './auth.ts';
import { conditionalJson } from './conditional.ts';
import { handleMe, userImages } from './me.ts';
import { PlaylistItemsApi } from './playlist-items.ts';
import { PlaylistPages, parsePaging } from './playlists.ts';

export interface ApiRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  authorization: string | undefined;
  ifNoneMatch: string | undefined;
}

/** Endpoints that need one scope and otherwise return an empty collection (or 204 for the player). */
const SCOPED: ReadonlyArray<{ path: string; scope: string; empty: 'paging' | 'no-content' }> = [
  { path: '/v1/me/tracks', scope: 'user-library-read', empty: 'paging' },
  { path: '/v1/me/top/artists', scope: 'user-top-read', empty: 'paging' },
  { path: '/v1/me/top/tracks', scope: 'user-top-read', empty: 'paging' },
  { path: '/v1/me/player/currently-playing', scope: 'user-read-currently-playing', empty: 'no-content' },
];

const USER_PLAYLISTS = /^\/v1\/users\/([^/]+)\/playlists$/;
const USER = /^\/v1\/users\/([^/]+)$/;
const PLAYLIST = /^\/v1\/playlists\/([^/]+)(?:\/(items|tracks))?$/;

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function createApiRouter(ctx: EmulatorContext): (req: ApiRequest) => Reply {
  const pages = new PlaylistPages(ctx);
  const playlistItems = new PlaylistItemsApi(ctx);

  return (req) => {
    const { pathname } = req;
    const userPlaylists = USER_PLAYLISTS.exec(pathname);
    const userProfile = USER.exec(pathname);
    const scoped = SCOPED.find((s) => s.path === pathname);
    const playlist = PLAYLIST.exec(pathname);
    const known =
      pathname === '/v1/me' || pathname === '/v1/me/playlists' || userPlaylists || userProfile || scoped || playlist;
    if (!known) return apiError(404, 'Service not found', { ...API_CACHE_HEADERS });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return apiError(405, 'Method not allowed', { ...API_CACHE_HEADERS, allow: 'GET' });
    }
    const auth = authenticate(ctx, req.authorization);
    if (!auth.ok) return auth.reply;
    const { user, scopes } = auth;

    if (pathname === '/v1/me') return handleMe(ctx, user, scopes, req.ifNoneMatch);
    if (pathname === '/v1/me/playlists') return pages.handle(user, scopes, null, req.query, req.ifNoneMatch);
    if (userPlaylists) {
      const id = decodeSegment(userPlaylists[1] ?? '');
      if (id === null) return apiError(400, 'Invalid username');
      return pages.handle(user, scopes, id, req.query, req.ifNoneMatch);
    }
    if (playlist) {
      const id = decodeSegment(playlist[1] ?? '');
      if (id === null || !/^[0-9A-Za-z]{1,64}$/.test(id)) return apiError(400, 'Invalid base62 id');
      const sub = playlist[2] as 'items' | 'tracks' | undefined;
      return sub
        ? playlistItems.handleItems(user, scopes, id, sub, req.query, req.ifNoneMatch)
        : playlistItems.handlePlaylist(user, scopes, id, req.query, req.ifNoneMatch);
    }
    if (userProfile) {
      const id = decodeSegment(userProfile[1] ?? '');
      const other = id === null ? undefined : ctx.world.users.get(id);
      if (!other) return apiError(404, 'Not found.', { ...API_CACHE_HEADERS });
      const body = JSON.stringify({
        display_name: other.displayName,
        external_urls: { spotify: `https://open.spotify.com/user/${encodeURIComponent(other.id)}` },
        followers: { href: null, total: other.followers },
        href: `${ctx.world.apiUrl}/users/${encodeURIComponent(other.id)}`,
        id: other.id,
        images: userImages(ctx, other),
        type: 'user',
        uri: `spotify:user:${other.id}`,
      });
      return conditionalJson(body, req.ifNoneMatch);
    }
    if (scoped) {
      if (!scopes.has(scoped.scope)) return insufficientScope();
      if (scoped.empty === 'no-content') return { status: 204, headers: { ...API_CACHE_HEADERS }, body: null };
      const paging = parsePaging(req.query);
      if (!paging.ok) return paging.reply;
      const href = `${ctx.world.apiUrl}${pathname.slice(3)}?offset=${paging.offset}&limit=${paging.limit}`;
      const body = JSON.stringify({
        href,
        items: [],
        limit: paging.limit,
        next: null,
        offset: paging.offset,
        previous: null,
        total: 0,
      });
      return conditionalJson(body, req.ifNoneMatch);
    }
    return apiError(404, 'Service not found', { ...API_CACHE_HEADERS });
  };
}
