/**
 * From Spotify's playlist entries and playlist object (playlist-items-schemas.ts) to what the
 * window shows (app/items/model.ts). Pure functions; every fallback for a missing field is here.
 * An entry that cannot be read becomes an `unreadable` item in its place, never a gap.
 */
import type { PlaylistDetails, PlaylistItem } from '../items/model.ts';
import type { PlaylistSummary } from '../model.ts';
import { pickImage, UNREADABLE_OWNER_NAME, UNREADABLE_PLAYLIST_NAME } from './mapping.ts';
import { EpisodeSchema, PlaylistEntrySchema, type SpotifyFullPlaylist, TrackSchema } from './playlist-items-schemas.ts';

/** Item rows show covers at ~36 px CSS: about 64 device pixels on a HiDPI screen (Spotify's 64 px album size). */
export const ITEM_IMAGE_PX = 64;
/** The header shows the playlist cover at ~64 px CSS. */
export const HEADER_IMAGE_PX = 128;

const EMPTY: Omit<PlaylistItem, 'kind'> = {
  title: '',
  subtitle: null,
  album: null,
  durationMs: null,
  imageUrl: null,
  addedAt: null,
  uri: null,
  webUrl: null,
};

/** ISO time -> epoch ms; Spotify sends 1970-01-01T00:00:00Z for entries too old to have a date. */
function addedAtOf(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

const nonEmpty = (s: string | null | undefined): string | null => (s?.trim() ? s : null);

function artistsOf(artists: ReadonlyArray<{ name?: string | null } | null> | null | undefined): string | null {
  const names = (artists ?? []).map((a) => a?.name?.trim()).filter((n): n is string => Boolean(n));
  return names.length > 0 ? names.join(', ') : null;
}

/** One raw entry of a page, whatever it holds. */
export function toPlaylistItem(raw: unknown): PlaylistItem {
  const entry = PlaylistEntrySchema.safeParse(raw);
  if (!entry.success) return { ...EMPTY, kind: 'unreadable' };
  const addedAt = addedAtOf(entry.data.added_at);
  // `item` since the 2026 change, `track` before; both absent is not a shape we know.
  const inner = entry.data.item !== undefined ? entry.data.item : entry.data.track;
  if (inner === undefined) return { ...EMPTY, kind: 'unreadable', addedAt };
  if (inner === null) return { ...EMPTY, kind: 'removed', addedAt };

  const kind = typeof inner === 'object' && 'type' in inner ? inner.type : undefined;
  if (kind === 'episode') {
    const episode = EpisodeSchema.safeParse(inner);
    if (!episode.success) return { ...EMPTY, kind: 'unreadable', addedAt };
    const e = episode.data;
    return {
      kind: 'episode',
      title: nonEmpty(e.name) ?? 'Untitled episode',
      subtitle: nonEmpty(e.show?.name),
      album: null,
      durationMs: e.duration_ms === null || e.duration_ms === undefined ? null : Math.round(e.duration_ms),
      imageUrl: pickImage(e.images.length > 0 ? e.images : e.show?.images, ITEM_IMAGE_PX),
      addedAt,
      uri: nonEmpty(e.uri),
      webUrl: e.external_urls?.spotify ?? null,
    };
  }

  const track = TrackSchema.safeParse(inner);
  if (!track.success) return { ...EMPTY, kind: 'unreadable', addedAt };
  const t = track.data;
  const local = entry.data.is_local === true || t.is_local === true || (t.uri ?? '').startsWith('spotify:local:');
  const unavailable = t.is_playable === false || Boolean(t.restrictions?.reason);
  return {
    kind: local ? 'local' : unavailable ? 'unavailable' : 'track',
    title: nonEmpty(t.name) ?? 'Untitled',
    subtitle: artistsOf(t.artists),
    album: nonEmpty(t.album?.name),
    durationMs: t.duration_ms === null || t.duration_ms === undefined ? null : Math.round(t.duration_ms),
    imageUrl: local ? null : pickImage(t.album?.images, ITEM_IMAGE_PX),
    addedAt,
    uri: nonEmpty(t.uri),
    // A local file has no page on Spotify.
    webUrl: local ? null : (t.external_urls?.spotify ?? null),
  };
}

export function toPlaylistDetails(p: SpotifyFullPlaylist): PlaylistDetails {
  const count = p.items ?? p.tracks;
  return {
    id: p.id,
    name: p.name ?? UNREADABLE_PLAYLIST_NAME,
    description: nonEmpty(p.description),
    ownerId: p.owner?.id ?? '',
    ownerName: p.owner?.display_name?.trim() || p.owner?.id || UNREADABLE_OWNER_NAME,
    imageUrl: pickImage(p.images, HEADER_IMAGE_PX),
    total: count?.total ?? null,
    snapshotId: p.snapshot_id ?? null,
    collaborative: p.collaborative ?? false,
    isPublic: p.public ?? null,
    followers: p.followers?.total ?? null,
    spotifyUri: p.uri ?? `spotify:playlist:${p.id}`,
    webUrl: p.external_urls?.spotify ?? null,
  };
}

/** What the list already knows, for a playlist Tunetray does not ask Spotify about (development mode). */
export function detailsFromSummary(p: PlaylistSummary): PlaylistDetails {
  return {
    id: p.id,
    name: p.name,
    description: null,
    ownerId: p.ownerId,
    ownerName: p.ownerName,
    imageUrl: p.imageUrl,
    total: p.trackCount,
    snapshotId: null,
    collaborative: p.collaborative,
    isPublic: p.isPublic,
    followers: null,
    spotifyUri: p.spotifyUri,
    webUrl: p.webUrl,
  };
}
