import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import type { Settings } from '../../app/model.ts';
import type { AppErrorShape } from '../../app/result.ts';
import { getBridge } from './bridge.ts';
import { ConnectedScreen } from './components/ConnectedScreen.tsx';
import { ConnectingScreen } from './components/ConnectingScreen.tsx';
import { ErrorAlert } from './components/ErrorAlert.tsx';
import { Footer } from './components/Footer.tsx';
import { Spinner } from './components/icons.tsx';
import { SetupScreen } from './components/SetupScreen.tsx';
import { SignedOutScreen } from './components/SignedOutScreen.tsx';
import { ActionErrorsContext } from './hooks/useAction.ts';
import { useSessionState } from './hooks/useSessionState.ts';
import { useSettings } from './hooks/useSettings.ts';

export function App() {
  if (!getBridge()) {
    return (
      <div className="app">
        <main className="screen screen-centered">
          <h1 className="screen-title">Tunetray</h1>
          <p className="lead">This window only works inside the Tunetray app.</p>
        </main>
      </div>
    );
  }
  return <Companion />;
}

/** The companion window: one screen per session status, the latest failed action, and the footer. */
function Companion() {
  const { state, loadError, reload } = useSessionState();
  const [settings, setSettings] = useSettings();
  const [actionError, setActionError] = useState<AppErrorShape | null>(null);
  const [changingClientId, setChangingClientId] = useState(false);

  const clear = useCallback(() => setActionError(null), []);
  const errors = useMemo(() => ({ report: setActionError, clear }), [clear]);

  const status = state?.status;
  useEffect(() => {
    if (status !== 'signed-out') setChangingClientId(false);
  }, [status]);

  const onClientIdSaved = (next: Settings) => {
    setSettings(next);
    setChangingClientId(false);
    reload();
  };

  let screen: ReactNode;
  if (!state) {
    screen = loadError ? (
      <section className="screen screen-centered">
        <p className="lead">{loadError}</p>
        <button type="button" className="button" onClick={reload}>
          Try again
        </button>
      </section>
    ) : (
      <section className="screen screen-centered" aria-busy="true">
        <Spinner className="spinner-large" />
        <p className="visually-hidden">Loading…</p>
      </section>
    );
  } else if (state.status === 'needs-setup') {
    screen = <SetupScreen notice={state.notice} onSaved={onClientIdSaved} />;
  } else if (state.status === 'signed-out') {
    screen = changingClientId ? (
      <SetupScreen
        initialClientId={settings?.clientId}
        onSaved={onClientIdSaved}
        onBack={() => setChangingClientId(false)}
      />
    ) : (
      <SignedOutScreen notice={state.notice} onChangeClientId={() => setChangingClientId(true)} />
    );
  } else if (state.status === 'connecting') {
    screen = <ConnectingScreen step={state.step} notice={state.notice} />;
  } else {
    screen = <ConnectedScreen state={state} />;
  }

  // A failed sign-in often also lands in the state's notice; say it once.
  const showError = actionError !== null && actionError.message !== state?.notice?.message;

  return (
    <ActionErrorsContext value={errors}>
      <div className="app">
        {showError && <ErrorAlert message={actionError.message} onDismiss={clear} />}
        <main className="app-main">{screen}</main>
        <Footer settings={settings} onSettings={setSettings} connected={state?.status === 'connected'} />
      </div>
    </ActionErrorsContext>
  );
}
