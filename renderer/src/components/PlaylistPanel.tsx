import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { PlaylistSummary, SyncStatus } from '../../../app/model.ts';
import { formatCount, plural } from '../format.ts';
import { useEscapeLayer } from '../hooks/useEscapeLayer.ts';
import { usePlaylists } from '../hooks/usePlaylists.ts';
import { FilterBar } from './FilterBar.tsx';
import { Spinner } from './icons.tsx';
import { PlaylistList, type PlaylistListHandle } from './PlaylistList.tsx';

interface PlaylistPanelProps {
  revision: number;
  sync: SyncStatus;
  profileId: string | null;
  /** A playlist was chosen (click or Enter): its contents are shown in place of the list. */
  onOpen: (playlist: PlaylistSummary) => void;
  /** A playlist's contents are laid over the panel; when they go, focus returns to the opened row. */
  covered?: boolean;
}

/** The filter box, the count, and the list (or words explaining why it is empty). */
export function PlaylistPanel({ revision, sync, profileId, onOpen, covered = false }: PlaylistPanelProps) {
  const { playlists, total, error, retry } = usePlaylists(revision);
  const [query, setQuery] = useState('');
  const listRef = useRef<PlaylistListHandle>(null);
  const wasCovered = useRef(covered);

  // Coming back from a playlist: focus returns to the row that was opened.
  useEffect(() => {
    if (wasCovered.current && !covered) listRef.current?.focus();
    wasCovered.current = covered;
  }, [covered]);

  // Plain substring search over lowercase text (capped: a name can be 200,000 characters long, and
  // the filter only needs its start), about a millisecond for 10,000 rows. Built when a filter is
  // first typed, not while the list is being shown.
  const needle = query.trim().toLocaleLowerCase();
  const filtering = needle !== '';
  const searchText = useMemo(
    () =>
      filtering
        ? (playlists ?? []).map((p) => `${p.name.slice(0, 500)}\u0000${p.ownerName.slice(0, 200)}`.toLocaleLowerCase())
        : [],
    [playlists, filtering],
  );
  const visible = useMemo(() => {
    if (!playlists || !filtering) return playlists ?? [];
    return playlists.filter((_, i) => searchText[i]?.includes(needle));
  }, [playlists, searchText, needle, filtering]);
  // Unfiltered, the list has every row of the library, including those still on their way.
  const rows = filtering ? visible.length : total;

  // A filter with text is something open: Escape clears it before it hides the window.
  useEscapeLayer(query !== '', () => setQuery(''));

  const onFilterKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && rows > 0) {
      event.preventDefault();
      listRef.current?.focus();
    }
  };

  if (playlists === null) {
    return error ? (
      <div className="empty-state">
        <p>{error}</p>
        <button type="button" className="button button-small" onClick={retry}>
          Try again
        </button>
      </div>
    ) : (
      <div className="empty-state" aria-busy="true">
        <Spinner />
        <p>Loading playlists…</p>
      </div>
    );
  }

  if (total === 0) {
    return (
      <div className="empty-state">
        {sync.kind === 'syncing' ? (
          <>
            <Spinner />
            <p>Loading your playlists from Spotify…</p>
          </>
        ) : (
          <p>You have no playlists yet. Playlists you create or follow in Spotify appear here.</p>
        )}
      </div>
    );
  }

  return (
    <div className="playlist-panel">
      <FilterBar
        label="Filter playlists"
        query={query}
        onQuery={setQuery}
        onKeyDown={onFilterKeyDown}
        autoFocus
        count={
          needle === ''
            ? plural(total, 'playlist', 'playlists')
            : `${formatCount(visible.length)} of ${formatCount(total)}`
        }
      />
      {rows === 0 ? (
        <div className="empty-state">
          <p>No playlists match “{query.trim()}”</p>
        </div>
      ) : (
        // A new query starts at the top of a fresh list.
        <PlaylistList
          key={needle}
          ref={listRef}
          playlists={visible}
          count={rows}
          profileId={profileId}
          onOpen={onOpen}
        />
      )}
    </div>
  );
}
