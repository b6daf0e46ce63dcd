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

/**
 * A field Tunetray can do without: unreadable (wrong type, odd shape) is the same as absent, so
 * one odd field costs that field, not the profile or the playlist it sits in.
 */
export const optional = <T extends z.ZodType>(schema: T) => schema.nullish().catch(null);

/**
 * Images where one bad element (`[null]`, a missing url) costs that element only. `[]`, `null`,
 * absent and unreadable all come out as `[]`: no images.
 */
export const LenientImagesSchema = z
  .array(z.unknown())
  .nullish()
  .catch(null)
  .transform((images): SpotifyImage[] => (images ?? []).flatMap((image) => ImageSchema.safeParse(image).data ?? []));

const ExternalUrlsSchema = optional(z.object({ spotify: optional(z.string()) }));

/** What identifies a user or a playlist: without it there is nothing to show or open. */
const IdSchema = z.string().min(1);

export const MeSchema = z.object({
  id: IdSchema,
  display_name: optional(z.string()),
  /** Derived from the id when unreadable (mapping.ts). */
  uri: optional(z.string()),
  href: optional(z.string()),
  type: optional(z.string()),
  external_urls: ExternalUrlsSchema,
  images: LenientImagesSchema,
  account_id: optional(z.string()),
  // Scope- and app-mode-dependent: absent is normal.
  country: optional(z.string()),
  product: optional(z.string()),
  email: optional(z.string()),
  followers: optional(z.object({ href: optional(z.string()), total: optional(z.number()) })),
  explicit_content: optional(z.object({ filter_enabled: z.boolean(), filter_locked: z.boolean() }).partial()),
});
export type SpotifyMe = z.infer<typeof MeSchema>;

/** The track count object, under `tracks` (before March 2026) or `items` (development mode since). */
const CountSchema = optional(z.object({ total: z.number().int().nonnegative() }));

/**
 * Only the id is required: a playlist whose name, owner or images cannot be read is still the
 * user's playlist, shown with placeholders (mapping.ts) rather than silently left out. And only
 * the fields toPlaylistSummary reads are looked at: zod strips the rest (href, type, description,
 * snapshot_id, primary_color, the owner's links) unchecked, and a sync checks every playlist of
 * the library, so each field checked costs thousands of checks.
 */
export const SimplifiedPlaylistSchema = z.object({
  id: IdSchema,
  name: optional(z.string()),
  uri: optional(z.string()),
  collaborative: optional(z.boolean()),
  public: optional(z.boolean()),
  external_urls: ExternalUrlsSchema,
  images: LenientImagesSchema,
  owner: optional(z.object({ id: optional(z.string()), display_name: optional(z.string()) })),
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
