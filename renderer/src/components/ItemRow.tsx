import { Fragment, memo, type ReactNode } from 'react';
import type { PlaylistItem } from '../../../app/items/model.ts';
import { capText, formatDate, formatDuration, formatShortDate } from '../format.ts';
import { Cover } from './Cover.tsx';
import { NoteIcon } from './icons.tsx';
import { optionAttributes, type RowPlacement } from './VirtualListbox.tsx';

export const ITEM_ROW_HEIGHT = 52;

/** What one row says about an item, in words: local files, unavailable and removed items for what they are. */
export function describeItem(item: PlaylistItem): { title: string; meta: string[] } {
  const details = [item.subtitle, item.album].filter((part): part is string => Boolean(part));
  switch (item.kind) {
    case 'track':
      return { title: item.title, meta: details };
    case 'episode':
      return { title: item.title, meta: ['Episode', ...details] };
    case 'local':
      return { title: item.title, meta: ['Local file', ...details] };
    case 'unavailable':
      return { title: item.title, meta: ['Unavailable in your country', ...details] };
    case 'removed':
      return { title: 'No longer on Spotify', meta: ['Removed or unavailable'] };
    case 'unreadable':
      return { title: 'An item Tunetray could not read', meta: ['Spotify sent it in an unexpected form'] };
  }
}

/** What stands in for a cover: initials of the album or show, a note for a local file, a dash for a gap. */
function placeholderOf(item: PlaylistItem): ReactNode {
  if (item.kind === 'local') return <NoteIcon />;
  if (item.kind === 'removed' || item.kind === 'unreadable') return '–';
  return undefined;
}

/** Parts shown with a dot between them, read with a comma. */
function Parts({ parts }: { parts: string[] }) {
  return parts.map((part, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one row never reorder.
    <Fragment key={i}>
      {i > 0 && <span aria-hidden="true"> · </span>}
      <span className="visually-hidden">, </span>
      {capText(part)}
    </Fragment>
  ));
}

interface ItemRowProps extends RowPlacement {
  item: PlaylistItem;
}

/**
 * One option of the tracks listbox: cover, title, what it is (artists and album, the show, a
 * local file...), its length and when it was added. The accessible name is this visible text.
 */
export const ItemRow = memo(function ItemRow({ item, ...placement }: ItemRowProps) {
  const { title, meta } = describeItem(item);
  const tooltip = [title, ...meta].join(' · ');
  return (
    <div {...optionAttributes(placement)} className={`playlist-row item-row item-${item.kind}`} title={tooltip}>
      <Cover
        key={item.imageUrl ?? ''}
        url={item.imageUrl}
        label={item.album ?? item.subtitle ?? item.title}
        size={36}
        className="cover-small"
        placeholder={placeholderOf(item)}
      />
      <span className="row-text">
        <span className="row-name">{capText(title)}</span>
        <span className="row-meta">
          <Parts parts={meta} />
        </span>
      </span>
      <span className="item-side">
        {item.durationMs !== null && (
          <span className="item-duration">
            <span className="visually-hidden">, </span>
            {formatDuration(item.durationMs)}
          </span>
        )}
        {item.addedAt !== null && (
          <span className="item-added" title={`Added on ${formatDate(item.addedAt)}`}>
            <span className="visually-hidden">, added </span>
            {formatShortDate(item.addedAt)}
          </span>
        )}
      </span>
    </div>
  );
});
