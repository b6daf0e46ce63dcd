import { type KeyboardEvent, type Ref, useId } from 'react';
import { SearchIcon } from './icons.tsx';

/** The type-to-filter field above a list, with its count announced as a status ("12 of 300"). */
export function FilterBar(props: {
  /** "Filter playlists", "Filter tracks": the field's label and placeholder. */
  label: string;
  query: string;
  onQuery: (query: string) => void;
  onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => void;
  count: string;
  inputRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
}) {
  const id = useId();
  return (
    <div className="filter-bar">
      <label htmlFor={id} className="visually-hidden">
        {props.label}
      </label>
      <span className="filter-field">
        <SearchIcon className="filter-icon" />
        <input
          ref={props.inputRef}
          id={id}
          className="text-input filter-input"
          type="search"
          placeholder={props.label}
          value={props.query}
          onChange={(event) => props.onQuery(event.target.value)}
          onKeyDown={props.onKeyDown}
          autoComplete="off"
          spellCheck={false}
          // biome-ignore lint/a11y/noAutofocus: type-to-filter is the main use of the library window.
          autoFocus={props.autoFocus}
        />
      </span>
      <span className="filter-count" role="status">
        {props.count}
      </span>
    </div>
  );
}
