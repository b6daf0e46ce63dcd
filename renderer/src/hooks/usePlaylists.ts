import { useCallback, useEffect, useState } from 'react';
import type { PlaylistSummary } from '../../../app/model.ts';
import { call, failureMessage } from '../bridge.ts';

export interface PlaylistsView {
  /** null while the first read is in flight. */
  playlists: PlaylistSummary[] | null;
  error: string | null;
  retry: () => void;
}

/**
 * The full playlist list. State events only carry `library.revision` (the list can hold
 * thousands of rows), so the list is read again whenever the revision changes. A response
 * that arrives after a newer request started is dropped.
 */
export function usePlaylists(revision: number): PlaylistsView {
  const [playlists, setPlaylists] = useState<PlaylistSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: revision and attempt ("Try again") are triggers, not inputs.
  useEffect(() => {
    let current = true;
    void call((api) => api.getPlaylists()).then((result) => {
      if (!current) return;
      if (result.ok) {
        setPlaylists(result.value.playlists);
        setError(null);
      } else {
        setError(failureMessage(result));
      }
    });
    return () => {
      current = false;
    };
  }, [revision, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { playlists, error, retry };
}
