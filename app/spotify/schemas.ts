/**
 * What the Web API sends, as loosely as it has actually been seen (../shared/spotify-api.md
 * sections 3-5). Everything the app does not strictly need is optional or nullable, because
 * Spotify removes fields per app mode (development-mode apps lost country, email, product,
 * followers and explicit_content in 2026) and renames others (`tracks` -> `items`). zod objects
 * strip unknown keys, so fields Spotify adds later are ignored rather than fatal.
 */
import { z } from 'zod';

export const ImageSchema = z.object({
  url: z.string(),
  // Often null for user-uploaded images.
  height: z.number().nullish(),
  width: z.number().nullish(),
});
export type SpotifyImage = z.infer<typeof ImageSchema>;

/** `[]` and `null` both occur; absent is treated the same. */
const ImagesSchema = z.array(ImageSchema).nullish();

const ExternalUrlsSchema = z.object({ spotify: z.string().optional() }).partial().nullish();

export const MeSchema = z.object({
  id: z.string(),
  display_name: z.string().nullish(),
  uri: z.string(),
  href: z.string().nullish(),
  type: z.string().optional(),
  external_urls: ExternalUrlsSchema,
  images: ImagesSchema,
  account_id: z.string().nullish(),
  // Scope- and app-mode-dependent: absent is normal.
  country: z.string().nullish(),
  product: z.string().nullish(),
  email: z.string().nullish(),
  followers: z.object({ href: z.string().nullish(), total: z.number().nullish() }).nullish(),
  explicit_content: z.object({ filter_enabled: z.boolean(), filter_locked: z.boolean() }).partial().nullish(),
});
export type SpotifyMe = z.infer<typeof MeSchema>;

/** The track count object, under `tracks` (before March 2026) or `items` (development mode since). */
const CountSchema = z.object({ total: z.number().int().nonnegative() }).nullish();

/**
 * A playlist in a list: only the fields toPlaylistSummary reads (mapping.ts). Everything else Spotify
 * sends (href, type, description, snapshot_id, primary_color, the owner's links) is stripped
 * unchecked: a sync validates every playlist of the library, and a field the app never reads cannot
 * make one unreadable.
 */
export const SimplifiedPlaylistSchema = z.object({
  id: z.string(),
  name: z.string(),
  uri: z.string(),
  collaborative: z.boolean().nullish(),
  public: z.boolean().nullish(),
  external_urls: ExternalUrlsSchema,
  images: ImagesSchema,
  owner: z.object({ id: z.string(), display_name: z.string().nullish() }),
  tracks: CountSchema,
  items: CountSchema,
});
export type SpotifyPlaylist = z.infer<typeof SimplifiedPlaylistSchema>;

/**
 * The paging envelope. Items are checked one by one by the caller (web-api.ts): the real
 * service has returned `null` entries in lists, and one odd playlist should cost that
 * playlist, not the whole library.
 */
export const PlaylistPageSchema = z.object({
  href: z.string().nullish(),
  items: z.array(z.unknown()),
  limit: z.number().int(),
  offset: z.number().int().nonnegative(),
  next: z.string().nullish(),
  previous: z.string().nullish(),
  total: z.number().int().nonnegative(),
});
export type SpotifyPlaylistPage = z.infer<typeof PlaylistPageSchema>;

/** `{"error":{"status":403,"message":"...","reason":"..."}}`; everything but the message may be missing. */
export const ApiErrorSchema = z.object({
  error: z.object({
    status: z.number().int().optional(),
    message: z.string().optional().default(''),
    reason: z.string().optional(),
  }),
});
export type SpotifyApiError = z.infer<typeof ApiErrorSchema>;
