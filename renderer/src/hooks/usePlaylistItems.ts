import { useCallback, useEffect, useState } from 'react';
import type { PlaylistItemsView } from '../../../app/items/model.ts';
import { call, failureMessage } from '../bridge.ts';

export type PlaylistItemsState =
  | { phase: 'loading' }
  | { phase: 'failed'; message: string }
  | {
      phase: 'ready';
      view: PlaylistItemsView;
      /** A saved copy is shown and Spotify is being asked whether it is still current. */
      checking: boolean;
      /** Why the check did not work (offline, rate limited...): the saved copy stays. */
      checkError: string | null;
    };

type Loaded = Extract<PlaylistItemsView, { status: 'loaded' }>;

/**
 * The last few playlists this window showed, so that opening one again is instant and moves no
 * items across the bridge: the core is only asked whether that snapshot is still current.
 */
const SHOWN_MAX = 3;
const shown = new Map<string, Loaded>();
function remember(id: string, view: PlaylistItemsView): void {
  shown.delete(id);
  if (view.status !== 'loaded') return;
  shown.set(id, view);
  for (const oldest of shown.keys()) {
    if (shown.size <= SHOWN_MAX) break;
    shown.delete(oldest);
  }
}

/** Disconnect or account switch: what was shown belongs to the old session. */
export function forgetShownPlaylists(): void {
  shown.clear();
}

/**
 * A playlist's contents: a copy at once when there is one (this window's own, or the core's
 * saved one), then one confirm request that either says "unchanged" or brings the current
 * contents. Answers for a playlist the window has moved away from are dropped.
 */
export function usePlaylistItems(playlistId: string): { state: PlaylistItemsState; retry: () => void } {
  const [state, setState] = useState<PlaylistItemsState>(() => {
    const copy = shown.get(playlistId);
    return copy ? { phase: 'ready', view: copy, checking: true, checkError: null } : { phase: 'loading' };
  });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt ("Try again") is a trigger, not an input.
  useEffect(() => {
    let current = true;
    void (async () => {
      let view: PlaylistItemsView | undefined = shown.get(playlistId);
      if (!view) {
        setState({ phase: 'loading' });
        const first = await call((api) => api.getPlaylistItems({ playlistId }));
        if (!current) return;
        if (!first.ok) {
          setState({ phase: 'failed', message: failureMessage(first) ?? '' });
          return;
        }
        view = first.value;
        remember(playlistId, view);
        if (view.status !== 'loaded' || view.verified) {
          setState({ phase: 'ready', view, checking: false, checkError: null });
          return;
        }
      }
      const copy = view;
      setState({ phase: 'ready', view: copy, checking: true, checkError: null });
      const shownSnapshotId = copy.playlist.snapshotId;
      const check = await call((api) => api.refreshPlaylistItems({ playlistId, shownSnapshotId }));
      if (!current) return;
      if (!check.ok) {
        setState({ phase: 'ready', view: copy, checking: false, checkError: failureMessage(check) });
        return;
      }
      const next: PlaylistItemsView =
        check.value.status === 'unchanged' && copy.status === 'loaded'
          ? { ...copy, playlist: check.value.playlist, verified: true }
          : check.value.status === 'unchanged'
            ? copy
            : check.value;
      remember(playlistId, next);
      setState({ phase: 'ready', view: next, checking: false, checkError: null });
    })();
    return () => {
      current = false;
    };
  }, [playlistId, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
