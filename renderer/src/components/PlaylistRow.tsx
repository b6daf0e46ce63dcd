import { memo } from 'react';
import { NOT_LISTABLE_MESSAGE } from '../../../app/items/listable.ts';
import type { PlaylistSummary } from '../../../app/model.ts';
import { capText, plural } from '../format.ts';
import { Cover } from './Cover.tsx';
import { optionAttributes, type RowPlacement } from './VirtualListbox.tsx';

export const ROW_HEIGHT = 56;
/** The mark on playlists whose tracks Spotify will not list for Tunetray (development mode). */
export const SPOTIFY_ONLY = 'Spotify only';

interface PlaylistRowProps extends RowPlacement {
  playlist: PlaylistSummary;
  /** False when Spotify will not list its tracks for this app (development mode): marked before the click. */
  listable: boolean;
}

/**
 * One option of the playlist listbox. Its accessible name is its visible text (name, owner,
 * count, badges), with commas for screen readers where the eye sees a dot or a gap.
 * Click, focus and keys are handled once on the listbox (event delegation through data-index).
 */
export const PlaylistRow = memo(function PlaylistRow({ playlist, listable, ...placement }: PlaylistRowProps) {
  const tracks = playlist.trackCount === null ? null : plural(playlist.trackCount, 'track', 'tracks');
  const privateList = playlist.isPublic === false;
  const name = capText(playlist.name);
  const owner = capText(playlist.ownerName);
  const badges = [privateList && 'Private', playlist.collaborative && 'Collaborative', !listable && SPOTIFY_ONLY];
  return (
    <div {...optionAttributes(placement)} className="playlist-row">
      <Cover key={playlist.imageUrl ?? ''} url={playlist.imageUrl} label={playlist.name} size={40} />
      <span className="row-text">
        <span className="row-name" title={playlist.name}>
          {name}
        </span>
        <span className="row-meta">
          <span className="visually-hidden">, by </span>
          <span className="row-owner" title={playlist.ownerName}>
            {owner}
          </span>
          {tracks && (
            <>
              <span aria-hidden="true"> · </span>
              <span className="visually-hidden">, </span>
              <span className="row-tracks">{tracks}</span>
            </>
          )}
        </span>
      </span>
      {badges.some(Boolean) && (
        <span className="row-badges">
          {badges.map(
            (badge) =>
              badge && (
                <span
                  key={badge}
                  className={badge === SPOTIFY_ONLY ? 'badge badge-external' : 'badge'}
                  title={badge === SPOTIFY_ONLY ? NOT_LISTABLE_MESSAGE : undefined}
                >
                  <span className="visually-hidden">, </span>
                  {badge}
                </span>
              ),
          )}
        </span>
      )}
    </div>
  );
});
