/**
 * Spotify's development-mode rule for playlist items (../shared/spotify-api.md §8), in a file of
 * its own so the window can apply it without pulling zod into its bundle.
 */

export const NOT_LISTABLE_MESSAGE =
  'Spotify only lets Tunetray list the tracks of playlists you own or collaborate on.';

/**
 * Whether Spotify will list this playlist's items for the signed-in user: they own it, or it is
 * collaborative. The window marks the others before the user clicks; the core asks Spotify only
 * for these.
 */
export function canListItems(
  playlist: { ownerId: string; collaborative: boolean },
  profileId: string | null | undefined,
): boolean {
  return playlist.collaborative || (profileId !== null && profileId !== undefined && playlist.ownerId === profileId);
}
