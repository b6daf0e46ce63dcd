/**
 * How the window reads the playlist list over getPlaylists: in slices, so it can paint its first screen of
 * rows before the rest has crossed: 10,000 playlists are ~3.6 MB, and one message that size costs the
 * page a long copy (Electron's structured clone, then contextBridge's copy into the page) before
 * anything is drawn. The first slice is what a tall window shows; the rest follows after that paint, in
 * slices small enough that none of them holds the page up for long.
 *
 * A slice from another revision than the first one means the list changed while it was being read:
 * the read starts over, so the caller never gets rows of two different lists. Plain TypeScript (no DOM,
 * no Node), shared by the renderer and its tests.
 */
import type { PlaylistSlice } from './contract.ts';
import type { PlaylistSummary } from './model.ts';
import type { Result } from './result.ts';

/** A window as tall as a 4K screen shows ~40 rows of 56 px; the first slice covers that with room. */
export const FIRST_SCREEN_ROWS = 100;
/** ~0.7 MB per message: a few milliseconds of copying each, in Electron and in the page. */
export const SLICE_ROWS = 2_000;
/** Reads started over because the list kept changing, before giving the caller the failure. */
const MAX_ATTEMPTS = 3;

export interface PlaylistsRead {
  revision: number;
  /** How many playlists the list has; `playlists` holds all of them once the read is complete. */
  total: number;
  playlists: PlaylistSummary[];
}

export interface ReadOptions {
  fetchSlice: (offset: number, limit: number) => Promise<Result<PlaylistSlice>>;
  /**
   * Given the first screen's rows (and the total) before the rest is asked for. Without it, the
   * caller gets only the whole list (a list already on screen is replaced only by a complete one).
   */
  onFirstScreen?: (first: PlaylistsRead) => void;
  /** Resolves once the page has painted what onFirstScreen showed. */
  afterPaint: () => Promise<void>;
  /** False once the caller no longer wants the answer: no further slice is asked for. */
  wanted: () => boolean;
}

const CHANGING: Result<never> = {
  ok: false,
  error: { code: 'unexpected', message: 'Your playlists kept changing while the window was reading them. Try again.' },
};

/** The whole list, or the failure; null when the caller stopped wanting it. */
export async function readPlaylists(options: ReadOptions): Promise<Result<PlaylistsRead> | null> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const read = await readOnce(options, attempt === 0 ? options.onFirstScreen : undefined);
    if (read !== 'changed') return read;
  }
  return CHANGING;
}

async function readOnce(
  options: ReadOptions,
  onFirstScreen: ReadOptions['onFirstScreen'],
): Promise<Result<PlaylistsRead> | null | 'changed'> {
  const { fetchSlice, wanted } = options;
  const first = await fetchSlice(0, onFirstScreen ? FIRST_SCREEN_ROWS : SLICE_ROWS);
  if (!wanted()) return null;
  if (!first.ok) return first;
  const { revision, total } = first.value;
  const playlists = [...first.value.playlists];
  if (onFirstScreen && playlists.length < total) {
    onFirstScreen({ revision, total, playlists: [...playlists] });
    await options.afterPaint();
    if (!wanted()) return null;
  }
  while (playlists.length < total) {
    const slice = await fetchSlice(playlists.length, SLICE_ROWS);
    if (!wanted()) return null;
    if (!slice.ok) return slice;
    const { value } = slice;
    if (value.revision !== revision || value.total !== total || value.offset !== playlists.length) return 'changed';
    // An empty slice before the end would loop forever; the list must have changed under us.
    if (value.playlists.length === 0) return 'changed';
    for (const playlist of value.playlists) playlists.push(playlist);
  }
  return { ok: true, value: { revision, total, playlists } };
}
