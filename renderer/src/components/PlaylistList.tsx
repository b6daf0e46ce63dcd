import { defaultRangeExtractor, type Range, useVirtualizer } from '@tanstack/react-virtual';
import {
  type KeyboardEvent,
  type MouseEvent,
  type Ref,
  type SyntheticEvent,
  useCallback,
  useId,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import type { PlaylistSummary } from '../../../app/model.ts';
import { PlaylistRow, ROW_HEIGHT } from './PlaylistRow.tsx';

export interface PlaylistListHandle {
  /** Moves keyboard focus into the list (to the row that last had it). */
  focus: () => void;
}

interface PlaylistListProps {
  playlists: readonly PlaylistSummary[];
  onOpen: (playlist: PlaylistSummary) => void;
  ref?: Ref<PlaylistListHandle>;
}

/**
 * The playlists as a single-select listbox, virtualized so 10,000 rows cost ~20 DOM nodes.
 * Keyboard: roving tabindex (one row in the Tab order), Up/Down/Home/End/PageUp/PageDown move,
 * Enter opens. The active row is always kept rendered, so focus survives scrolling away from it.
 */
export function PlaylistList({ playlists, onOpen, ref }: PlaylistListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  const pendingFocus = useRef<number | null>(null);
  const idPrefix = useId();
  const count = playlists.length;
  const active = Math.min(activeIndex, Math.max(0, count - 1));

  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (active < count && !indexes.includes(active)) {
        indexes.push(active);
        indexes.sort((a, b) => a - b);
      }
      return indexes;
    },
    [active, count],
  );

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    rangeExtractor,
  });

  const moveTo = useCallback(
    (index: number) => {
      if (count === 0) return;
      const next = Math.max(0, Math.min(count - 1, index));
      setActiveIndex(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
      const row = rowAt(scrollRef.current, next);
      if (row) row.focus({ preventScroll: true });
      // Not rendered yet (a long jump): focus it after the render that brings it in.
      else pendingFocus.current = next;
    },
    [count, virtualizer],
  );

  useImperativeHandle(ref, () => ({ focus: () => moveTo(active) }), [moveTo, active]);

  // Focus the row a key press moved to, once it is rendered (scrolling can take a frame).
  useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const row = rowAt(scrollRef.current, index);
    if (row) {
      pendingFocus.current = null;
      row.focus({ preventScroll: true });
    }
  });

  const rowIndex = (event: SyntheticEvent): number | null => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    return row ? Number(row.dataset.index) : null;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: count - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
    } else if (event.key === 'Enter' || event.key === ' ') {
      const playlist = playlists[active];
      if (playlist) {
        event.preventDefault();
        onOpen(playlist);
      }
    }
  };

  const onClick = (event: MouseEvent) => {
    const index = rowIndex(event);
    const playlist = index === null ? undefined : playlists[index];
    if (playlist) onOpen(playlist);
  };

  const onFocus = (event: SyntheticEvent) => {
    const index = rowIndex(event);
    if (index !== null && index !== activeIndex) setActiveIndex(index);
  };

  return (
    <div
      ref={scrollRef}
      className="playlist-list"
      role="listbox"
      aria-label="Playlists"
      onKeyDown={onKeyDown}
      onClick={onClick}
      onFocus={onFocus}
    >
      <div className="playlist-list-sizer" role="presentation" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const playlist = playlists[item.index];
          if (!playlist) return null;
          return (
            <PlaylistRow
              key={item.key}
              playlist={playlist}
              index={item.index}
              start={item.start}
              setSize={count}
              active={item.index === active}
              optionId={`${idPrefix}-${item.index}`}
            />
          );
        })}
      </div>
    </div>
  );
}

function rowAt(list: HTMLElement | null, index: number): HTMLElement | null {
  return list?.querySelector<HTMLElement>(`[data-index="${index}"]`) ?? null;
}
