import { useId, useState } from 'react';
import type { Settings, TokenStorageInfo } from '../../../app/model.ts';
import { useAction } from '../hooks/useAction.ts';
import { CopyDiagnostics } from './CopyDiagnostics.tsx';
import { Panel } from './Panel.tsx';
import { ShortcutField } from './ShortcutField.tsx';

interface SettingsViewProps {
  settings: Settings | null;
  onSettings: (settings: Settings) => void;
  /** Where the sign-in is kept, when connected: the weaker-storage choice matters only without a keyring. */
  storage: TokenStorageInfo | null;
  /** Connected, the Connection view holds Copy diagnostics; until then (a sign-in that fails) it is here. */
  connected: boolean;
  onClose: () => void;
}

/**
 * Start at login, the global shortcut, and (without a keyring) whether to store the sign-in anyway;
 * and, while not connected, Copy diagnostics, for when connecting is what goes wrong.
 */
export function SettingsView({ settings, onSettings, storage, connected, onClose }: SettingsViewProps) {
  const run = useAction();
  const [pending, setPending] = useState<Partial<Settings>>({});
  const ids = useId();

  const update = async (changes: { startAtLogin?: boolean; allowWeakTokenStorage?: boolean }) => {
    setPending((p) => ({ ...p, ...changes }));
    const result = await run((api) => api.updatePreferences(changes));
    setPending({});
    if (result.ok) onSettings(result.value);
  };

  const showWeak =
    settings !== null && (settings.allowWeakTokenStorage || (storage !== null && storage.mode !== 'encrypted'));
  return (
    <Panel title="Settings" onClose={onClose}>
      {settings && (
        <div className="setting">
          <span className="checkbox-field">
            <input
              id={`${ids}-login`}
              type="checkbox"
              checked={pending.startAtLogin ?? settings.startAtLogin}
              onChange={(event) => void update({ startAtLogin: event.target.checked })}
            />
            <label htmlFor={`${ids}-login`}>Start Tunetray when you log in</label>
          </span>
        </div>
      )}
      <ShortcutField />
      {showWeak && settings && (
        <div className="setting">
          <span className="checkbox-field">
            <input
              id={`${ids}-weak`}
              type="checkbox"
              checked={pending.allowWeakTokenStorage ?? settings.allowWeakTokenStorage}
              onChange={(event) => void update({ allowWeakTokenStorage: event.target.checked })}
              aria-describedby={`${ids}-weak-hint`}
            />
            <label htmlFor={`${ids}-weak`}>Store sign-in with weaker protection</label>
          </span>
          <p id={`${ids}-weak-hint`} className="field-hint">
            Without a system keyring, Tunetray keeps your sign-in in memory only. Stored anyway, anyone who can read
            your files could use it.
          </p>
        </div>
      )}
      {!connected && <CopyDiagnostics />}
    </Panel>
  );
}
