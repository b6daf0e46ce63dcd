import { memo, useState } from 'react';
import type { PlaylistSummary } from '../../../app/model.ts';
import { plural } from '../format.ts';
import { NoteIcon } from './icons.tsx';

export const ROW_HEIGHT = 56;

interface PlaylistRowProps {
  playlist: PlaylistSummary;
  index: number;
  /** Offset from the top of the list, from the virtualizer. */
  start: number;
  setSize: number;
  /** The row that takes Tab focus (roving tabindex). */
  active: boolean;
  optionId: string;
}

/**
 * One option of the playlist listbox, named "<name>, by <owner>, <n> tracks[, private][, collaborative]".
 * Click, focus and keys are handled once on the listbox (event delegation through data-index).
 */
export const PlaylistRow = memo(function PlaylistRow({
  playlist,
  index,
  start,
  setSize,
  active,
  optionId,
}: PlaylistRowProps) {
  const tracks = playlist.trackCount === null ? null : plural(playlist.trackCount, 'track', 'tracks');
  const privateList = playlist.isPublic === false;
  // Spelled out for screen readers; the visible text joins these with a middle dot and badges.
  const label = [
    playlist.name,
    `by ${playlist.ownerName}`,
    tracks,
    privateList && 'private',
    playlist.collaborative && 'collaborative',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <div
      id={optionId}
      role="option"
      className="playlist-row"
      data-index={index}
      tabIndex={active ? 0 : -1}
      aria-selected={active}
      aria-label={label}
      aria-setsize={setSize}
      aria-posinset={index + 1}
      style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
    >
      <Thumb key={playlist.imageUrl ?? ''} url={playlist.imageUrl} />
      <span className="row-text">
        <span className="row-name" title={playlist.name}>
          {playlist.name}
        </span>
        <span className="row-meta">
          <span className="row-owner">{playlist.ownerName}</span>
          {tracks && (
            <>
              <span aria-hidden="true"> · </span>
              <span className="row-tracks">{tracks}</span>
            </>
          )}
        </span>
      </span>
      {(privateList || playlist.collaborative) && (
        <span className="row-badges">
          {privateList && <span className="badge">Private</span>}
          {playlist.collaborative && <span className="badge">Collaborative</span>}
        </span>
      )}
    </div>
  );
});

/** The cover, lazy-loaded; a note placeholder when there is none or it fails. Decorative (alt=""). */
function Thumb({ url }: { url: string | null }) {
  const [failed, setFailed] = useState(false);
  if (!url || failed) {
    return (
      <span className="thumb thumb-placeholder" aria-hidden="true">
        <NoteIcon />
      </span>
    );
  }
  return (
    <img
      className="thumb"
      src={url}
      alt=""
      width={40}
      height={40}
      loading="lazy"
      decoding="async"
      referrerPolicy="no-referrer"
      draggable={false}
      onError={() => setFailed(true)}
    />
  );
}
