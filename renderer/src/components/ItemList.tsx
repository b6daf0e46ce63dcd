import { type Ref, useCallback } from 'react';
import type { PlaylistItem } from '../../../app/items/model.ts';
import { ITEM_ROW_HEIGHT, ItemRow } from './ItemRow.tsx';
import { type RowPlacement, VirtualListbox, type VirtualListboxHandle } from './VirtualListbox.tsx';

interface ItemListProps {
  items: readonly PlaylistItem[];
  onOpen: (item: PlaylistItem) => void;
  ref?: Ref<VirtualListboxHandle>;
}

/** A playlist's items as a virtualized listbox: a 10,000-item playlist renders about 25 rows. */
export function ItemList({ items, onOpen, ref }: ItemListProps) {
  const renderRow = useCallback(
    (placement: RowPlacement) => {
      const item = items[placement.index];
      return item ? <ItemRow item={item} {...placement} /> : null;
    },
    [items],
  );
  const open = useCallback(
    (index: number) => {
      const item = items[index];
      if (item) onOpen(item);
    },
    [items, onOpen],
  );
  return (
    <VirtualListbox
      ref={ref}
      count={items.length}
      rowHeight={ITEM_ROW_HEIGHT}
      label="Tracks"
      className="playlist-list item-list"
      renderRow={renderRow}
      onOpen={open}
    />
  );
}
