import { useCallback, useEffect, useState } from 'react';
import type { PlaylistItemsView } from '../../../app/items/model.ts';
import { call, failureMessage } from '../bridge.ts';

export type PlaylistItemsState =
  | { phase: 'loading' }
  | { phase: 'failed'; message: string }
  | {
      phase: 'ready';
      view: PlaylistItemsView;
      /** The saved copy is shown and Spotify is being asked whether it is still current. */
      checking: boolean;
      /** Why the check did not work (offline, rate limited...): the saved copy stays. */
      checkError: string | null;
    };

/**
 * A playlist's contents: the saved copy at once when there is one, then one confirm request
 * (refreshPlaylistItems) that either says "unchanged" or brings the new contents. Answers for a
 * playlist the window has moved away from are dropped.
 */
export function usePlaylistItems(playlistId: string): { state: PlaylistItemsState; retry: () => void } {
  const [state, setState] = useState<PlaylistItemsState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt ("Try again") is a trigger, not an input.
  useEffect(() => {
    let current = true;
    setState({ phase: 'loading' });
    void (async () => {
      const first = await call((api) => api.getPlaylistItems({ playlistId }));
      if (!current) return;
      if (!first.ok) {
        setState({ phase: 'failed', message: failureMessage(first) ?? '' });
        return;
      }
      const view = first.value;
      const needsCheck = view.status === 'loaded' && !view.verified;
      setState({ phase: 'ready', view, checking: needsCheck, checkError: null });
      if (!needsCheck) return;
      const check = await call((api) => api.refreshPlaylistItems({ playlistId }));
      if (!current) return;
      if (!check.ok) {
        setState({ phase: 'ready', view, checking: false, checkError: failureMessage(check) });
      } else if (check.value.status === 'unchanged') {
        const playlist = check.value.playlist;
        setState({ phase: 'ready', view: { ...view, playlist, verified: true }, checking: false, checkError: null });
      } else {
        setState({ phase: 'ready', view: check.value, checking: false, checkError: null });
      }
    })();
    return () => {
      current = false;
    };
  }, [playlistId, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
