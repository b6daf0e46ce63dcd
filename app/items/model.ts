/**
 * What the window sees of a playlist's contents (the UI model behind the items screen). Like
 * app/model.ts it never holds a token; unlike the playlist list it is read per playlist, on demand.
 */
import { z } from 'zod';

/**
 * track and episode: playable items; local: a file from the owner's computer (no Spotify id,
 * cannot be opened from here); unavailable: a track Spotify does not play in the user's market;
 * removed: an entry whose item is gone (Spotify sends null); unreadable: an entry in a shape
 * Tunetray could not read, kept so that nothing vanishes without a word.
 */
export const PlaylistItemKindSchema = z.enum(['track', 'episode', 'local', 'unavailable', 'removed', 'unreadable']);
export type PlaylistItemKind = z.infer<typeof PlaylistItemKindSchema>;

export const PlaylistItemSchema = z.object({
  kind: PlaylistItemKindSchema,
  /** The track or episode name; '' for removed and unreadable entries (the window words those). */
  title: z.string(),
  /** The artists for a track or local file, the show for an episode. */
  subtitle: z.string().nullable(),
  album: z.string().nullable(),
  durationMs: z.number().int().nonnegative().nullable(),
  /** A small cover (the smallest that is still about 64 px). */
  imageUrl: z.string().nullable(),
  /** When it was added (epoch ms); null when Spotify does not say. */
  addedAt: z.number().int().nullable(),
  /** spotify:track:..., spotify:episode:... or spotify:local:...; null for removed entries. */
  uri: z.string().nullable(),
  webUrl: z.string().nullable(),
});
export type PlaylistItem = z.infer<typeof PlaylistItemSchema>;

export const PlaylistDetailsSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  ownerId: z.string(),
  ownerName: z.string(),
  /** A cover for the header (the smallest that is still about 128 px). */
  imageUrl: z.string().nullable(),
  /** Entries as Spotify counts them; null when unknown. */
  total: z.number().int().nonnegative().nullable(),
  snapshotId: z.string().nullable(),
  collaborative: z.boolean(),
  isPublic: z.boolean().nullable(),
  followers: z.number().int().nonnegative().nullable(),
  spotifyUri: z.string(),
  webUrl: z.string().nullable(),
});
export type PlaylistDetails = z.infer<typeof PlaylistDetailsSchema>;

export type PlaylistItemsView =
  | {
      status: 'loaded';
      playlist: PlaylistDetails;
      items: PlaylistItem[];
      /** Sum of the known durations. */
      totalDurationMs: number;
      /** false: shown from the saved copy and not yet confirmed with Spotify (refreshPlaylistItems does that). */
      verified: boolean;
    }
  | {
      /** Spotify's development-mode rule: only playlists the user owns or collaborates on can be listed. */
      status: 'not-listable';
      playlist: PlaylistDetails;
    };

/** The answer to "is the saved copy still current?": unchanged (nothing to send again), or the new view. */
export type PlaylistItemsCheck = { status: 'unchanged'; playlist: PlaylistDetails } | PlaylistItemsView;

export { canListItems, NOT_LISTABLE_MESSAGE } from './listable.ts';
