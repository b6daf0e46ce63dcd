import { defaultRangeExtractor, type Range, useVirtualizer } from '@tanstack/react-virtual';
import {
  Fragment,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  type Ref,
  type SyntheticEvent,
  useCallback,
  useId,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';

export interface VirtualListboxHandle {
  /** Moves keyboard focus into the list (to the row that last had it). */
  focus: () => void;
}

/** Where a row is and what it is, as primitives so memoised rows re-render only when these change. */
export interface RowPlacement {
  index: number;
  /** Offset from the top of the list, from the virtualizer. */
  start: number;
  /** The row that takes Tab focus (roving tabindex). */
  active: boolean;
  setSize: number;
  optionId: string;
  height: number;
}

/** The attributes that make a row's root element one option of the listbox. */
export function optionAttributes(row: RowPlacement) {
  return {
    id: row.optionId,
    role: 'option' as const,
    'data-index': row.index,
    tabIndex: row.active ? 0 : -1,
    'aria-selected': row.active,
    'aria-setsize': row.setSize,
    'aria-posinset': row.index + 1,
    style: { transform: `translateY(${row.start}px)`, height: row.height },
  };
}

interface VirtualListboxProps {
  count: number;
  rowHeight: number;
  /** The listbox's accessible name ("Playlists", "Tracks"). */
  label: string;
  className: string;
  /** Must return an element keyed by nothing in particular: the list keys rows by index. */
  renderRow: (row: RowPlacement) => ReactNode;
  onOpen: (index: number) => void;
  ref?: Ref<VirtualListboxHandle>;
}

/**
 * A single-select listbox, virtualized so 10,000 rows cost ~20 DOM nodes. Keyboard: roving
 * tabindex (one row in the Tab order), Up/Down/Home/End/PageUp/PageDown move, Enter opens.
 * The active row is always kept rendered, so focus survives scrolling away from it. Rows carry
 * aria-setsize/aria-posinset, so "4 of 300" is heard although only a few rows exist.
 */
export function VirtualListbox({ count, rowHeight, label, className, renderRow, onOpen, ref }: VirtualListboxProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  const pendingFocus = useRef<number | null>(null);
  const idPrefix = useId();
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
    estimateSize: () => rowHeight,
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
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight) / rowHeight) - 1);
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
    } else if ((event.key === 'Enter' || event.key === ' ') && active < count) {
      event.preventDefault();
      onOpen(active);
    }
  };

  const onClick = (event: MouseEvent) => {
    const index = rowIndex(event);
    if (index !== null && index < count) onOpen(index);
  };

  const onFocus = (event: SyntheticEvent) => {
    const index = rowIndex(event);
    if (index !== null && index !== activeIndex) setActiveIndex(index);
  };

  return (
    <div
      ref={scrollRef}
      className={className}
      role="listbox"
      aria-label={label}
      onKeyDown={onKeyDown}
      onClick={onClick}
      onFocus={onFocus}
    >
      <div className="virtual-list-sizer" role="presentation" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) =>
          item.index < count ? (
            <Fragment key={item.key}>
              {renderRow({
                index: item.index,
                start: item.start,
                active: item.index === active,
                setSize: count,
                optionId: `${idPrefix}-${item.index}`,
                height: rowHeight,
              })}
            </Fragment>
          ) : null,
        )}
      </div>
    </div>
  );
}

function rowAt(list: HTMLElement | null, index: number): HTMLElement | null {
  return list?.querySelector<HTMLElement>(`[data-index="${index}"]`) ?? null;
}
