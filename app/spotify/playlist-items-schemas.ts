/**
 * What Spotify sends for a playlist and its entries (../shared/spotify-api.md §8), as loosely as
 * it has been seen: the entry's item is under `item` (development mode since 2026) or `track`
 * (before), and may be a track, an episode, a local file (no ids) or null. Entries are checked
 * one by one by the mapping (playlist-items-mapping.ts): an entry that does not fit becomes an
 * "unreadable" row, so one odd entry never costs its neighbours.
 */
import { z } from 'zod';
import { LenientImagesSchema, optional } from './schemas.ts';

const ExternalUrlsSchema = z.object({ spotify: z.string().optional() }).partial().nullish().catch(null);

const NamedSchema = z.object({ name: z.string().nullish(), id: z.string().nullish() });

export const TrackSchema = z.object({
  type: z.string().nullish(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  uri: z.string().nullish(),
  duration_ms: z.number().nonnegative().nullish(),
  is_local: z.boolean().nullish(),
  is_playable: z.boolean().nullish(),
  restrictions: z.object({ reason: z.string().nullish() }).nullish().catch(null),
  artists: z.array(NamedSchema.nullable()).nullish().catch(null),
  album: z.object({ name: z.string().nullish(), images: LenientImagesSchema }).nullish().catch(null),
  external_urls: ExternalUrlsSchema,
});
export type SpotifyTrack = z.infer<typeof TrackSchema>;

export const EpisodeSchema = z.object({
  type: z.literal('episode'),
  id: z.string().nullish(),
  name: z.string().nullish(),
  uri: z.string().nullish(),
  duration_ms: z.number().nonnegative().nullish(),
  is_playable: z.boolean().nullish(),
  images: LenientImagesSchema,
  show: z.object({ name: z.string().nullish(), images: LenientImagesSchema }).nullish().catch(null),
  external_urls: ExternalUrlsSchema,
});
export type SpotifyEpisode = z.infer<typeof EpisodeSchema>;

/** One entry: when and by whom it was added, and the item (checked separately). */
export const PlaylistEntrySchema = z.object({
  added_at: z.string().nullish().catch(null),
  added_by: z.object({ id: z.string().nullish() }).nullish().catch(null),
  is_local: z.boolean().nullish(),
  item: z.unknown().optional(),
  track: z.unknown().optional(),
});
export type SpotifyPlaylistEntry = z.infer<typeof PlaylistEntrySchema>;

/** The paging envelope of /v1/playlists/{id}/items (and of the first page embedded in the playlist). */
export const EntriesPageSchema = z.object({
  items: z.array(z.unknown()),
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative().nullish(),
  limit: z.number().int().nullish(),
  next: z.string().nullish(),
});

/** The count object a playlist carries when its entries are not included (`{href, total}`). */
const CountOnlySchema = z.object({ href: z.string().nullish(), total: z.number().int().nonnegative() });

/**
 * Only the id is required, as for the list (schemas.ts): a playlist whose name, owner or count
 * cannot be read still opens, with placeholders (playlist-items-mapping.ts).
 */
export const FullPlaylistSchema = z.object({
  id: z.string().min(1),
  name: optional(z.string()),
  uri: optional(z.string()),
  description: optional(z.string()),
  collaborative: optional(z.boolean()),
  public: optional(z.boolean()),
  snapshot_id: optional(z.string()),
  external_urls: ExternalUrlsSchema,
  images: LenientImagesSchema,
  owner: optional(z.object({ id: optional(z.string()), display_name: optional(z.string()) })),
  followers: optional(z.object({ total: optional(z.number().int().nonnegative()) })),
  // The first page of entries (development mode: `items`; before 2026: `tracks`), or only a count.
  items: optional(z.union([EntriesPageSchema, CountOnlySchema])),
  tracks: optional(z.union([EntriesPageSchema, CountOnlySchema])),
});
export type SpotifyFullPlaylist = z.infer<typeof FullPlaylistSchema>;
