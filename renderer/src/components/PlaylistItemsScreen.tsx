import { type KeyboardEvent, type ReactNode, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { NOT_LISTABLE_MESSAGE } from '../../../app/items/listable.ts';
import type { PlaylistItem } from '../../../app/items/model.ts';
import type { PlaylistSummary } from '../../../app/model.ts';
import { capText, formatCount, formatTotalDuration, plural } from '../format.ts';
import { useAction } from '../hooks/useAction.ts';
import { useEscapeLayer } from '../hooks/useEscapeLayer.ts';
import { usePlaylistItems } from '../hooks/usePlaylistItems.ts';
import { Cover } from './Cover.tsx';
import { FilterBar } from './FilterBar.tsx';
import { ItemList } from './ItemList.tsx';
import { BackIcon, Spinner } from './icons.tsx';
import type { VirtualListboxHandle } from './VirtualListbox.tsx';

const OPENABLE = /^spotify:(track|episode):[0-9A-Za-z]+$/;

/** Why Enter did nothing on an item that cannot be opened, in words. */
function notOpenable(item: PlaylistItem): string {
  if (item.kind === 'local') return 'Local files play only in the Spotify app on the computer that has them.';
  if (item.kind === 'removed') return 'This item is no longer on Spotify.';
  return 'Tunetray cannot open this item.';
}

/**
 * What is in one playlist: a header (cover, name, owner, count, length, Open in Spotify), a
 * filter and the items; or, for a playlist Spotify will not list here, that rule in plain words
 * with Open in Spotify. Back (or Escape) returns to the playlists as they were.
 */
export function PlaylistItemsScreen({ summary, onBack }: { summary: PlaylistSummary; onBack: () => void }) {
  const { state, retry } = usePlaylistItems(summary.id);
  const run = useAction();
  const [query, setQuery] = useState('');
  const [hint, setHint] = useState<string | null>(null);
  const listRef = useRef<VirtualListboxHandle>(null);
  const backRef = useRef<HTMLButtonElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const noticeButtonRef = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const noticeId = useId();

  const view = state.phase === 'ready' ? state.view : null;
  const playlist = view?.playlist;
  const items = view?.status === 'loaded' ? view.items : null;
  const name = playlist?.name ?? summary.name;
  const ownerName = playlist?.ownerName ?? summary.ownerName;
  const imageUrl = playlist?.imageUrl ?? summary.imageUrl;

  useEffect(() => backRef.current?.focus(), []);
  // Once the items are there, typing filters them (as on the playlists); a playlist Spotify will
  // not list puts focus on Open in Spotify, which is described by the reason. Unless the user moved on.
  const arrived = items !== null ? 'items' : view?.status === 'not-listable' ? 'notice' : null;
  useEffect(() => {
    if (!arrived || document.activeElement !== backRef.current) return;
    (arrived === 'items' ? filterRef : noticeButtonRef).current?.focus();
  }, [arrived]);

  const searchText = useMemo(
    () =>
      (items ?? []).map((i) =>
        [i.title, i.subtitle ?? '', i.album ?? ''].join('\u0000').slice(0, 600).toLocaleLowerCase(),
      ),
    [items],
  );
  const needle = query.trim().toLocaleLowerCase();
  const visible = useMemo(
    () => (!items || needle === '' ? (items ?? []) : items.filter((_, i) => searchText[i]?.includes(needle))),
    [items, searchText, needle],
  );

  const openPlaylist = () => void run((api) => api.openPlaylist({ playlistId: summary.id }));
  const openItem = useCallback(
    (item: PlaylistItem) => {
      if (!item.uri || !OPENABLE.test(item.uri)) {
        setHint(notOpenable(item));
        return;
      }
      setHint(null);
      const uri = item.uri;
      void run((api) => api.openPlaylistItem({ playlistId: summary.id, uri }));
    },
    [run, summary.id],
  );

  // Escape comes back to the playlists, wherever the focus is, unless something newer is open
  // (an error message): App closes the newest first.
  useEscapeLayer(true, onBack);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    // Escape in a filter with text clears it first.
    if (event.target === filterRef.current && query !== '') {
      event.preventDefault();
      setQuery('');
    }
  };
  const onFilterKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && visible.length > 0) {
      event.preventDefault();
      listRef.current?.focus();
    }
  };

  const total = playlist?.total ?? items?.length ?? summary.trackCount;
  const word = items?.some((i) => i.kind === 'episode') ? (['item', 'items'] as const) : (['track', 'tracks'] as const);
  const facts = [
    total === null ? null : plural(total, word[0], word[1]),
    view?.status === 'loaded' && items && items.length > 0 ? formatTotalDuration(view.totalDurationMs) : null,
  ].filter((f): f is string => f !== null);
  const ownerLine = [
    `by ${capText(ownerName)}`,
    (playlist?.collaborative ?? summary.collaborative) && 'Collaborative',
    (playlist?.isPublic ?? summary.isPublic) === false && 'Private',
  ].filter(Boolean);

  let body: ReactNode;
  if (state.phase === 'loading') {
    body = (
      <div className="empty-state" aria-busy="true">
        <Spinner />
        <p>Loading tracks…</p>
      </div>
    );
  } else if (state.phase === 'failed') {
    body = (
      <div className="empty-state">
        <p>{state.message}</p>
        <button type="button" className="button button-small" onClick={retry}>
          Try again
        </button>
      </div>
    );
  } else if (state.view.status === 'not-listable') {
    body = (
      <div className="items-notice">
        <div className="banner">
          <div className="banner-body">
            <p id={noticeId}>{NOT_LISTABLE_MESSAGE}</p>
            <button
              ref={noticeButtonRef}
              type="button"
              className="button button-small button-primary"
              onClick={openPlaylist}
              aria-describedby={noticeId}
            >
              Open in Spotify
            </button>
          </div>
        </div>
      </div>
    );
  } else if (items && items.length === 0) {
    body = (
      <div className="empty-state">
        <p>This playlist is empty.</p>
      </div>
    );
  } else if (items) {
    body = (
      <>
        <FilterBar
          label="Filter tracks"
          query={query}
          onQuery={setQuery}
          onKeyDown={onFilterKeyDown}
          inputRef={filterRef}
          count={needle === '' ? '' : `${formatCount(visible.length)} of ${formatCount(items.length)}`}
        />
        {visible.length === 0 ? (
          <div className="empty-state">
            <p>No tracks match “{query.trim()}”</p>
          </div>
        ) : (
          <ItemList key={needle} ref={listRef} items={visible} onOpen={openItem} />
        )}
      </>
    );
  }

  const checkLine =
    state.phase === 'ready' && state.checking
      ? 'Checking for changes…'
      : state.phase === 'ready' && state.checkError
        ? `Showing the saved copy. ${state.checkError}`
        : hint;

  return (
    <section className="items-screen" aria-labelledby={headingId} onKeyDown={onKeyDown}>
      <div className="items-toolbar">
        <button ref={backRef} type="button" className="button button-small button-quiet" onClick={onBack}>
          <BackIcon />
          Back
        </button>
        <span className="items-status" role="status">
          {checkLine}
        </span>
        {view?.status !== 'not-listable' && (
          <button type="button" className="button button-small items-open" onClick={openPlaylist}>
            Open in Spotify
          </button>
        )}
      </div>
      <header className="items-header">
        <Cover key={imageUrl ?? ''} url={imageUrl} label={name} size={64} className="cover-large" />
        <div className="items-header-text">
          <h2 id={headingId} className="items-title" title={name}>
            {capText(name)}
          </h2>
          <p className="items-facts" title={ownerName}>
            {ownerLine.join(' · ')}
          </p>
          {facts.length > 0 && <p className="items-facts">{facts.join(' · ')}</p>}
        </div>
      </header>
      <div className="items-body">{body}</div>
    </section>
  );
}
