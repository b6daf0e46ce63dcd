import { createContext, useContext, useEffect, useRef } from 'react';

/**
 * What Escape closes, newest first: an open playlist, a filter with text, the Connection or
 * Settings view, the Disconnect confirmation, an error message. With nothing open, Escape hides
 * the window (App asks the host). A component that handles Escape itself (a filter clearing its
 * own text, the shortcut recorder) calls preventDefault, and nothing else happens.
 */
export interface EscapeLayers {
  /** Adds a layer on top; returns its removal. */
  readonly add: (close: () => void) => () => void;
  /** Closes the newest layer; false when there is none. */
  readonly closeTop: () => boolean;
}

export function createEscapeLayers(): EscapeLayers {
  const stack: Array<{ close: () => void }> = [];
  return {
    add(close) {
      const layer = { close };
      stack.push(layer);
      return () => {
        const at = stack.indexOf(layer);
        if (at >= 0) stack.splice(at, 1);
      };
    },
    closeTop() {
      const top = stack.at(-1);
      top?.close();
      return top !== undefined;
    },
  };
}

export const EscapeLayersContext = createContext<EscapeLayers | null>(null);

/** While `open`, Escape (anywhere in the window) calls `close` before anything opened earlier. */
export function useEscapeLayer(open: boolean, close: () => void): void {
  const layers = useContext(EscapeLayersContext);
  const latest = useRef(close);
  useEffect(() => {
    latest.current = close;
  });
  useEffect(() => {
    if (!open || !layers) return;
    return layers.add(() => latest.current());
  }, [open, layers]);
}
