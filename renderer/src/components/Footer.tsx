import { useEffect, useRef, useState } from 'react';
import { useAction } from '../hooks/useAction.ts';
import { useEscapeLayer } from '../hooks/useEscapeLayer.ts';

export type PanelKind = 'settings' | 'connection';

interface FooterProps {
  /** Offer "Connection" and "Disconnect" (only while connected). */
  connected: boolean;
  /** The view laid over the screen, if any. */
  panel: PanelKind | null;
  onPanel: (panel: PanelKind) => void;
}

/** Settings, the Connection details, and Disconnect behind a confirm step (it forgets the sign-in and the saved library). */
export function Footer({ connected, panel, onPanel }: FooterProps) {
  const run = useAction();
  const [confirming, setConfirming] = useState(false);
  const keepRef = useRef<HTMLButtonElement>(null);
  const disconnectRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  useEffect(() => {
    if (confirming) keepRef.current?.focus();
    else if (wasConfirming.current) disconnectRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  if (!connected && confirming) setConfirming(false);
  // Escape backs out of the confirm step, wherever the focus is.
  useEscapeLayer(confirming, () => setConfirming(false));

  const disconnect = async () => {
    setConfirming(false);
    await run((api) => api.disconnect());
  };

  if (confirming) {
    return (
      <footer className="footer footer-confirm">
        <p className="confirm-text">Disconnect from Spotify? Tunetray forgets your sign-in and saved playlists.</p>
        <div className="actions">
          <button ref={keepRef} type="button" className="button button-small" onClick={() => setConfirming(false)}>
            Cancel
          </button>
          <button type="button" className="button button-small button-danger" onClick={disconnect}>
            Disconnect
          </button>
        </div>
      </footer>
    );
  }

  return (
    <footer className="footer">
      <div className="footer-links">
        <button
          type="button"
          className="link-button"
          onClick={() => onPanel('settings')}
          aria-current={panel === 'settings' ? 'page' : undefined}
        >
          Settings
        </button>
        {connected && (
          <button
            type="button"
            className="link-button"
            onClick={() => onPanel('connection')}
            aria-current={panel === 'connection' ? 'page' : undefined}
          >
            Connection
          </button>
        )}
      </div>
      {connected && (
        <button ref={disconnectRef} type="button" className="link-button" onClick={() => setConfirming(true)}>
          Disconnect
        </button>
      )}
    </footer>
  );
}
