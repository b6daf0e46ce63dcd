import { useEffect, useId, useRef, useState } from 'react';
import type { Settings } from '../../../app/model.ts';
import { useAction } from '../hooks/useAction.ts';

interface FooterProps {
  settings: Settings | null;
  onSettings: (settings: Settings) => void;
  /** Offer "Disconnect" (only while connected). */
  connected: boolean;
}

/** Start at login, and Disconnect behind a confirm step (it forgets the sign-in and the saved library). */
export function Footer({ settings, onSettings, connected }: FooterProps) {
  const run = useAction();
  const [confirming, setConfirming] = useState(false);
  const [startAtLogin, setStartAtLogin] = useState<boolean | null>(null);
  const checkboxId = useId();
  const keepRef = useRef<HTMLButtonElement>(null);
  const disconnectRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  useEffect(() => {
    if (confirming) keepRef.current?.focus();
    else if (wasConfirming.current) disconnectRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  if (!connected && confirming) setConfirming(false);

  const toggleStartAtLogin = async (value: boolean) => {
    setStartAtLogin(value);
    const result = await run((api) => api.updatePreferences({ startAtLogin: value }));
    setStartAtLogin(null);
    if (result.ok) onSettings(result.value);
  };

  const disconnect = async () => {
    setConfirming(false);
    await run((api) => api.disconnect());
  };

  if (confirming) {
    return (
      // biome-ignore lint/a11y/noStaticElementInteractions: Escape backs out of the confirm step from either button.
      <footer className="footer footer-confirm" onKeyDown={(event) => event.key === 'Escape' && setConfirming(false)}>
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
      {settings && (
        <span className="checkbox-field">
          <input
            id={checkboxId}
            type="checkbox"
            checked={startAtLogin ?? settings.startAtLogin}
            onChange={(event) => toggleStartAtLogin(event.target.checked)}
          />
          <label htmlFor={checkboxId}>Start Tunetray when you log in</label>
        </span>
      )}
      {connected && (
        <button ref={disconnectRef} type="button" className="link-button" onClick={() => setConfirming(true)}>
          Disconnect
        </button>
      )}
    </footer>
  );
}
