import { useCallback, useEffect, useRef, useState } from 'react';
import type { PlaylistSummary } from '../../../app/model.ts';
import { readPlaylists } from '../../../app/playlist-slices.ts';
import { call, failureMessage } from '../bridge.ts';

export interface PlaylistsView {
  /** null while the first read is in flight. While the rest is on its way, the first rows only. */
  playlists: PlaylistSummary[] | null;
  /** How many playlists the list has (rows beyond `playlists.length` are still on their way). */
  total: number;
  error: string | null;
  retry: () => void;
}

interface Shown {
  playlists: PlaylistSummary[];
  total: number;
}

/**
 * The full playlist list. State events only carry `library.revision` (the list can hold
 * thousands of rows), so the list is read again whenever the revision changes. The first read
 * shows the first screen of rows as soon as they arrive and the rest after that paint
 * (playlist-reader.ts); a later read replaces the list on screen only once it is complete. A
 * response that arrives after a newer request started is dropped.
 */
export function usePlaylists(revision: number): PlaylistsView {
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  // Whether a complete list is on screen: then it stays until the next one is whole.
  const complete = useRef(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: revision and attempt ("Try again") are triggers, not inputs.
  useEffect(() => {
    let current = true;
    void readPlaylists({
      fetchSlice: (offset, limit) => call((api) => api.getPlaylists({ offset, limit })),
      ...(complete.current ? {} : { onFirstScreen: (first: Shown) => setShown(first) }),
      afterPaint: () => afterNextPaint(),
      wanted: () => current,
    }).then((result) => {
      if (!current || result === null) return;
      if (result.ok) {
        complete.current = true;
        setShown({ playlists: result.value.playlists, total: result.value.total });
        setError(null);
      } else {
        // Part of a list cannot stand in for it: without a complete one, say what went wrong.
        if (!complete.current) setShown(null);
        setError(failureMessage(result));
      }
    });
    return () => {
      current = false;
    };
  }, [revision, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { playlists: shown?.playlists ?? null, total: shown?.total ?? 0, error, retry };
}

/**
 * After the next frame has been painted, or after a short while if no frame comes (a hidden window
 * may not run animation frames): the rest of the list then waits for the first screen, not for ever.
 */
function afterNextPaint(fallbackMs = 200): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, fallbackMs);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });
}
