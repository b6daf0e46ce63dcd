import { memo } from 'react';
import { NOT_LISTABLE_MESSAGE } from '../../../app/items/listable.ts';
import type { PlaylistSummary } from '../../../app/model.ts';
import { capText, plural } from '../format.ts';
import { Cover } from './Cover.tsx';
import { SrText } from './SrText.tsx';
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
 * count, badges) with commas where the eye sees a line break, a dot or a gap: "Folk Drive, by
 * Demo Listener, 66 tracks, Private". The commas join the words before them (`sr-comma`, a
 * comma only a screen reader gets, as CSS content, so the DOM text stays the name) instead of
 * standing apart as " , ". Click, focus and keys are handled once on the listbox (event delegation
 * through data-index).
 */
export const PlaylistRow = memo(function PlaylistRow({ playlist, listable, ...placement }: PlaylistRowProps) {
  const tracks = playlist.trackCount === null ? null : plural(playlist.trackCount, 'track', 'tracks');
  const privateList = playlist.isPublic === false;
  const name = capText(playlist.name);
  const owner = capText(playlist.ownerName);
  const badges = [
    privateList && 'Private',
    playlist.collaborative && 'Collaborative',
    !listable && SPOTIFY_ONLY,
  ].filter((badge): badge is string => typeof badge === 'string');
  return (
    <div {...optionAttributes(placement)} className="playlist-row">
      <Cover key={playlist.imageUrl ?? ''} url={playlist.imageUrl} label={playlist.name} size={40} />
      <span className="row-text">
        <span className="row-name sr-comma" title={playlist.name}>
          {name}
        </span>
        <span className="row-meta">
          <SrText>by </SrText>
          <span
            className={!tracks && badges.length > 0 ? 'row-owner sr-comma' : 'row-owner'}
            title={playlist.ownerName}
          >
            {owner}
          </span>
          {tracks && (
            <>
              <span aria-hidden="true"> · </span>
              <SrText>, </SrText>
              <span className={badges.length > 0 ? 'row-tracks sr-comma' : 'row-tracks'}>{tracks}</span>
            </>
          )}
        </span>
      </span>
      {badges.length > 0 && (
        <span className="row-badges">
          {badges.map((badge, i) => (
            <span
              key={badge}
              className={`badge${badge === SPOTIFY_ONLY ? ' badge-external' : ''}${i < badges.length - 1 ? ' sr-comma' : ''}`}
              title={badge === SPOTIFY_ONLY ? NOT_LISTABLE_MESSAGE : undefined}
            >
              {badge}
            </span>
          ))}
        </span>
      )}
    </div>
  );
});
