import { type FormEvent, useId, useRef, useState } from 'react';
import type { Notice, Settings } from '../../../app/model.ts';
import { call, failureMessage } from '../bridge.ts';
import { CopyButton } from './CopyButton.tsx';
import { NoticeBanner } from './NoticeBanner.tsx';

const DASHBOARD = 'developer.spotify.com/dashboard';
const REDIRECT_URI = 'http://127.0.0.1/callback';

interface SetupScreenProps {
  /** Pre-fills the field when changing an existing Client ID. */
  initialClientId?: string | null | undefined;
  notice?: Notice | null | undefined;
  onSaved: (settings: Settings) => void;
  /** Present when the person came here from "Change Client ID" and may go back unchanged. */
  onBack?: (() => void) | undefined;
}

/** First run (and "Change Client ID"): how to get a Client ID, and the field to paste it into. */
export function SetupScreen({ initialClientId, notice, onSaved, onBack }: SetupScreenProps) {
  const [clientId, setClientId] = useState(initialClientId ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const ids = useId();
  const hintId = `${ids}-hint`;
  const errorId = `${ids}-error`;
  const redirectId = `${ids}-redirect`;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    const result = await call((api) => api.setClientId({ clientId }));
    setSaving(false);
    if (result.ok) {
      setError(null);
      onSaved(result.value);
    } else {
      setError(failureMessage(result));
      inputRef.current?.focus();
    }
  };

  return (
    <section className="screen screen-setup" aria-labelledby={`${ids}-title`}>
      <h1 id={`${ids}-title`} className="screen-title">
        {onBack ? 'Change Client ID' : 'Set up Tunetray'}
      </h1>
      <p className="lead">
        Tunetray signs in to Spotify through a free app that you register yourself. It takes about two minutes.
      </p>
      {notice && <NoticeBanner level={notice.level}>{notice.message}</NoticeBanner>}
      <ol className="steps">
        <li>
          Open the Spotify developer dashboard (<span className="address">{DASHBOARD}</span>) and create an app.
        </li>
        <li>
          Under <strong>Redirect URIs</strong> add exactly
          <span className="copy-line">
            <code id={redirectId}>{REDIRECT_URI}</code>
            <CopyButton text={REDIRECT_URI} label="Copy redirect URI" targetId={redirectId} />
          </span>
          <span className="step-note">No port: Tunetray picks a free one each time.</span>
        </li>
        <li>
          Tick <strong>Web API</strong>, then save the app.
        </li>
        <li>Copy the app's Client ID here.</li>
      </ol>
      <form className="client-id-form" onSubmit={save} noValidate>
        <label htmlFor={`${ids}-input`} className="field-label">
          Client ID
        </label>
        <input
          ref={inputRef}
          id={`${ids}-input`}
          className="text-input mono"
          type="text"
          value={clientId}
          onChange={(event) => setClientId(event.target.value)}
          // biome-ignore lint/a11y/noAutofocus: the one thing to do on this screen; the window opens here on first run.
          autoFocus
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          placeholder="32 letters and digits"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        />
        <p id={hintId} className="field-hint">
          Shown on your app's page in the dashboard. No client secret is needed.
        </p>
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button button-primary" aria-disabled={saving || undefined}>
            Save
          </button>
          {onBack && (
            <button type="button" className="button" onClick={onBack}>
              Back
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
