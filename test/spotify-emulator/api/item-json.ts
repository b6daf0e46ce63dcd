/**
 * Playlist entries as Spotify serialises them (spotify-api.md §8): `{added_at, added_by,
 * is_local, item}` (`track` instead of `item` before the 2026 change), where the item is a full
 * track, an episode, a local file (no ids, a `spotify:local:` URI) or null. `is_playable` and
 * `restrictions` appear only when the request names a market, as on Spotify.
 */
import { ALBUM_SIZES, coverUrl } from '../images.ts';
import type { EmulatorItem, EmulatorPlaylist, EmulatorRef } from '../types.ts';

export interface EntryShape {
  /** `item` (development mode since 2026) or `track` (before). */
  field: 'item' | 'track';
  /** Whether the request named a market (then availability is reported). */
  market: boolean;
}

const open = (kind: string, id: string) => ({ spotify: `https://open.spotify.com/${kind}/${id}` });

export function userRef(apiUrl: string, id: string): Record<string, unknown> {
  return {
    external_urls: { spotify: `https://open.spotify.com/user/${encodeURIComponent(id)}` },
    href: `${apiUrl}/users/${encodeURIComponent(id)}`,
    id,
    type: 'user',
    uri: `spotify:user:${id}`,
  };
}

/** The owner object of a playlist (simplified and full playlist alike). */
export function ownerJson(apiUrl: string, p: EmulatorPlaylist): Record<string, unknown> {
  return { display_name: p.ownerDisplayName, ...userRef(apiUrl, p.ownerId) };
}

function artistJson(apiUrl: string, a: EmulatorRef): Record<string, unknown> {
  return {
    external_urls: open('artist', a.id),
    href: `${apiUrl}/artists/${a.id}`,
    id: a.id,
    name: a.name,
    type: 'artist',
    uri: `spotify:artist:${a.id}`,
  };
}

function imagesOf(base: string, seed: string) {
  return ALBUM_SIZES.map((size) => ({ url: coverUrl(base, seed, size), height: size, width: size }));
}

/** Spotify's local URIs: `spotify:local:<artist>:<album>:<title>:<seconds>`, form-encoded (`+` for spaces). */
export function localUri(artist: string, album: string, title: string, durationMs: number): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `spotify:local:${enc(artist)}:${enc(album)}:${enc(title)}:${Math.round(durationMs / 1000)}`;
}

function itemJson(base: string, apiUrl: string, item: EmulatorItem, shape: EntryShape): Record<string, unknown> | null {
  switch (item.type) {
    case 'removed':
      return null;
    case 'track': {
      const track: Record<string, unknown> = {
        album: {
          album_type: 'album',
          artists: item.artists.slice(0, 1).map((a) => artistJson(apiUrl, a)),
          external_urls: open('album', item.album.id),
          href: `${apiUrl}/albums/${item.album.id}`,
          id: item.album.id,
          images: imagesOf(base, item.album.id),
          name: item.album.name,
          release_date: '2019-05-17',
          release_date_precision: 'day',
          total_tracks: 10,
          type: 'album',
          uri: `spotify:album:${item.album.id}`,
        },
        artists: item.artists.map((a) => artistJson(apiUrl, a)),
        disc_number: 1,
        duration_ms: item.durationMs,
        explicit: false,
        external_ids: { isrc: `SE${item.id.slice(0, 10).toUpperCase()}` },
        external_urls: open('track', item.id),
        href: `${apiUrl}/tracks/${item.id}`,
        id: item.id,
        is_local: false,
        name: item.name,
        popularity: 40,
        track_number: 1,
        type: 'track',
        uri: `spotify:track:${item.id}`,
      };
      if (shape.market) {
        track.is_playable = item.playable;
        if (!item.playable) track.restrictions = { reason: 'market' };
      }
      return track;
    }
    case 'episode': {
      const episode: Record<string, unknown> = {
        description: `An episode of ${item.show.name}.`,
        duration_ms: item.durationMs,
        explicit: false,
        external_urls: open('episode', item.id),
        href: `${apiUrl}/episodes/${item.id}`,
        id: item.id,
        images: imagesOf(base, item.show.id),
        language: 'en',
        name: item.name,
        release_date: '2025-02-03',
        release_date_precision: 'day',
        show: {
          external_urls: open('show', item.show.id),
          href: `${apiUrl}/shows/${item.show.id}`,
          id: item.show.id,
          images: imagesOf(base, item.show.id),
          name: item.show.name,
          publisher: item.show.publisher,
          type: 'show',
          uri: `spotify:show:${item.show.id}`,
        },
        type: 'episode',
        uri: `spotify:episode:${item.id}`,
      };
      if (shape.market) episode.is_playable = true;
      return episode;
    }
    case 'local':
      return {
        album: { album_type: null, artists: [], external_urls: {}, href: null, id: null, images: [], name: item.album },
        artists: [{ external_urls: {}, href: null, id: null, name: item.artist, type: 'artist', uri: null }],
        disc_number: 0,
        duration_ms: item.durationMs,
        explicit: false,
        external_ids: {},
        external_urls: {},
        href: null,
        id: null,
        is_local: true,
        name: item.name,
        popularity: 0,
        track_number: 0,
        type: 'track',
        uri: localUri(item.artist, item.album, item.name, item.durationMs),
      };
  }
}

/** One entry, as JSON text. */
export function entryJson(base: string, apiUrl: string, item: EmulatorItem, shape: EntryShape): string {
  return JSON.stringify({
    added_at: item.addedAt,
    added_by: item.addedBy === null ? null : userRef(apiUrl, item.addedBy),
    is_local: item.type === 'local',
    primary_color: null,
    [shape.field]: itemJson(base, apiUrl, item, shape),
  });
}
