/**
 * The two reads behind a playlist's contents (../shared/spotify-api.md §8), over WebApi.getJson
 * so the 401/429/5xx policies are the same as for the library:
 *
 * - GET /v1/playlists/{id}: the playlist and, when Spotify lets us list it, its first entries;
 * - GET /v1/playlists/{id}/items: one page of entries (limit 1..50; the old /tracks path answers
 *   403 for development-mode apps since February 2026, so it is never used).
 *
 * `market=from_token` makes Spotify say which tracks the user cannot play; `additional_types`
 * asks for episodes as episodes. Spotify's bare 403 on these reads is its development-mode rule
 * (items only for playlists the user owns or collaborates on): ItemsNotListable, which the caller
 * turns into words, never a dead end.
 */
import type { PlaylistDetails, PlaylistItem } from '../items/model.ts';
import { NOT_LISTABLE_MESSAGE } from '../items/model.ts';
import { AppError } from '../result.ts';
import { toPlaylistDetails, toPlaylistItem } from './playlist-items-mapping.ts';
import { EntriesPageSchema, FullPlaylistSchema } from './playlist-items-schemas.ts';
import type { Conditional, WebApi } from './web-api.ts';

/** /items serves at most 50 per page (some of Spotify's pages say 100; 50 is what every account gets). */
export const MAX_ITEMS_LIMIT = 50;
const QUERY = 'market=from_token&additional_types=track,episode';

export class ItemsNotListable extends AppError {
  constructor() {
    super('forbidden', NOT_LISTABLE_MESSAGE);
    this.name = 'ItemsNotListable';
  }
}

export interface ItemsPage {
  items: PlaylistItem[];
  total: number;
  offset: number;
}

export interface PlaylistRead {
  details: PlaylistDetails;
  /** The entries Spotify embedded; null when it sent only a count (entries withheld, or `fields`). */
  firstPage: ItemsPage | null;
}

const path = (id: string) => `/playlists/${encodeURIComponent(id)}`;

export function getPlaylist(api: WebApi, id: string, etag?: string): Promise<Conditional<PlaylistRead>> {
  return api.getJson(
    `${path(id)}?${QUERY}`,
    {
      what: 'a playlist',
      schema: FullPlaylistSchema,
      map: (p) => {
        const page = p.items ?? p.tracks;
        const firstPage =
          page && 'items' in page
            ? { items: page.items.map(toPlaylistItem), total: page.total, offset: page.offset ?? 0 }
            : null;
        return { details: toPlaylistDetails(p), firstPage };
      },
    },
    { ...(etag ? { etag } : {}), forbidden: () => new ItemsNotListable() },
  );
}

export async function getPlaylistItemsPage(
  api: WebApi,
  id: string,
  offset: number,
  limit: number,
  etag?: string,
): Promise<Conditional<ItemsPage>> {
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > MAX_ITEMS_LIMIT) {
    throw new AppError('invalid-argument', `A page of items needs offset >= 0 and limit 1..${MAX_ITEMS_LIMIT}.`);
  }
  return api.getJson(
    `${path(id)}/items?limit=${limit}&offset=${offset}&${QUERY}`,
    {
      what: 'the tracks of a playlist',
      schema: EntriesPageSchema,
      map: (page) => ({ items: page.items.map(toPlaylistItem), total: page.total, offset: page.offset ?? offset }),
    },
    { ...(etag ? { etag } : {}), forbidden: () => new ItemsNotListable() },
  );
}
