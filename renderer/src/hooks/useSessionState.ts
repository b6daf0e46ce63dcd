import { useCallback, useEffect, useState } from 'react';
import type { SessionState } from '../../../app/model.ts';
import { bridge, call, failureMessage } from '../bridge.ts';

export interface SessionView {
  /** null until the first state arrives. */
  state: SessionState | null;
  /** Why the first read failed, if it did (the UI offers "Try again"). */
  loadError: string | null;
  /** Re-reads the state; used after actions whose effect we want to see even if no event follows. */
  reload: () => void;
}

/**
 * The session state as main sees it: one read at start, then every `session:changed` event.
 * Subscribes before reading so no change can slip between the two; once an event has arrived,
 * a slower read can no longer overwrite it with an older state.
 */
export function useSessionState(): SessionView {
  const [state, setState] = useState<SessionState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [readCount, setReadCount] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: readCount is the reload trigger, not an input.
  useEffect(() => {
    let active = true;
    let sawEvent = false;
    const unsubscribe = bridge().onSessionChanged((next) => {
      if (!active) return;
      sawEvent = true;
      setState(next);
      setLoadError(null);
    });
    void call((api) => api.getSessionState()).then((result) => {
      if (!active || sawEvent) return;
      if (result.ok) {
        setState(result.value);
        setLoadError(null);
      } else {
        setLoadError(failureMessage(result));
      }
    });
    return () => {
      active = false;
      unsubscribe();
    };
  }, [readCount]);

  const reload = useCallback(() => setReadCount((n) => n + 1), []);
  return { state, loadError, reload };
}
