/**
 * From Spotify's shapes (schemas.ts) to what the UI gets (app/model.ts). Pure functions: the
 * fallbacks for every missing or null field live here and nowhere else.
 */
import type { PlaylistSummary, Profile } from '../model.ts';
import type { SpotifyImage, SpotifyMe, SpotifyPlaylist } from './schemas.ts';

/** A list row shows covers at ~40 px CSS, i.e. ~64-80 device pixels on a HiDPI screen. */
export const MIN_IMAGE_PX = 64;

/**
 * The smallest image that is still at least `minPx`: Spotify sends up to three sizes (640, 300,
 * 60 for covers), largest first, and a 10,000-row list should not download 640 px covers. When
 * sizes are unknown (user uploads have null width/height) we take the last, which by Spotify's
 * ordering is the smallest. When every known size is too small, the largest of them.
 */
export function pickImage(images: readonly SpotifyImage[] | null | undefined, minPx = MIN_IMAGE_PX): string | null {
  if (!images || images.length === 0) return null;
  const sized: Array<{ url: string; px: number }> = [];
  for (const image of images) {
    const dims = [image.width, image.height].filter((d): d is number => typeof d === 'number' && d > 0);
    if (dims.length > 0) sized.push({ url: image.url, px: Math.min(...dims) });
  }
  if (sized.length === 0) return images[images.length - 1]?.url ?? null;
  let best: { url: string; px: number } | undefined;
  for (const candidate of sized) {
    if (candidate.px < minPx) continue;
    if (!best || candidate.px < best.px) best = candidate;
  }
  if (best) return best.url;
  for (const candidate of sized) if (!best || candidate.px > best.px) best = candidate;
  return best?.url ?? null;
}

/** Shown where Spotify sent a playlist whose name (or owner) could not be read. */
export const UNREADABLE_PLAYLIST_NAME = 'Untitled playlist';
export const UNREADABLE_OWNER_NAME = 'Unknown owner';

export function toProfile(me: SpotifyMe): Profile {
  return {
    id: me.id,
    // display_name is null for some accounts; the id is what Spotify itself shows then.
    displayName: me.display_name?.trim() || me.id,
    product: me.product ?? null,
    country: me.country ?? null,
    imageUrl: pickImage(me.images),
    spotifyUri: me.uri ?? `spotify:user:${me.id}`,
    webUrl: me.external_urls?.spotify ?? null,
  };
}

export function toPlaylistSummary(p: SpotifyPlaylist): PlaylistSummary {
  const ownerId = p.owner?.id ?? '';
  return {
    id: p.id,
    name: p.name ?? UNREADABLE_PLAYLIST_NAME,
    ownerName: p.owner?.display_name?.trim() || ownerId || UNREADABLE_OWNER_NAME,
    ownerId,
    // `tracks` before March 2026, `items` for development-mode apps since: read whichever is there.
    trackCount: p.tracks?.total ?? p.items?.total ?? null,
    isPublic: p.public ?? null,
    collaborative: p.collaborative ?? false,
    imageUrl: pickImage(p.images),
    spotifyUri: p.uri ?? `spotify:playlist:${p.id}`,
    webUrl: p.external_urls?.spotify ?? null,
  };
}
