import { type Ref, useCallback } from 'react';
import { canListItems } from '../../../app/items/listable.ts';
import type { PlaylistSummary } from '../../../app/model.ts';
import { PlaylistRow, ROW_HEIGHT } from './PlaylistRow.tsx';
import { type RowPlacement, VirtualListbox, type VirtualListboxHandle } from './VirtualListbox.tsx';

export type PlaylistListHandle = VirtualListboxHandle;

interface PlaylistListProps {
  playlists: readonly PlaylistSummary[];
  /** Rows the list has: more than `playlists` while the rest of the library is on its way (those rows stay empty). */
  count?: number;
  /** The signed-in user, for marking playlists whose tracks Spotify will not list here. */
  profileId: string | null;
  onOpen: (playlist: PlaylistSummary) => void;
  ref?: Ref<PlaylistListHandle>;
}

/** The playlists as a virtualized single-select listbox (see VirtualListbox). */
export function PlaylistList({ playlists, count = playlists.length, profileId, onOpen, ref }: PlaylistListProps) {
  const renderRow = useCallback(
    (placement: RowPlacement) => {
      const playlist = playlists[placement.index];
      return playlist ? (
        <PlaylistRow playlist={playlist} listable={canListItems(playlist, profileId)} {...placement} />
      ) : null;
    },
    [playlists, profileId],
  );
  const open = useCallback(
    (index: number) => {
      const playlist = playlists[index];
      if (playlist) onOpen(playlist);
    },
    [playlists, onOpen],
  );
  return (
    <VirtualListbox
      ref={ref}
      count={count}
      rowHeight={ROW_HEIGHT}
      label="Playlists"
      className="playlist-list"
      renderRow={renderRow}
      onOpen={open}
    />
  );
}
