import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Settings } from '../../app/model.ts';
import type { AppErrorShape } from '../../app/result.ts';
import { call, getBridge } from './bridge.ts';
import { ConnectedScreen } from './components/ConnectedScreen.tsx';
import { ConnectingScreen } from './components/ConnectingScreen.tsx';
import { ConnectionView } from './components/ConnectionView.tsx';
import { ErrorAlert } from './components/ErrorAlert.tsx';
import { Footer, type PanelKind } from './components/Footer.tsx';
import { Spinner } from './components/icons.tsx';
import { SettingsView } from './components/SettingsView.tsx';
import { SetupScreen } from './components/SetupScreen.tsx';
import { SignedOutScreen } from './components/SignedOutScreen.tsx';
import { ActionErrorsContext } from './hooks/useAction.ts';
import { createEscapeLayers, EscapeLayersContext, useEscapeLayer } from './hooks/useEscapeLayer.ts';
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

/** The window, with Escape wired: it closes what is open, newest first, and hides the window when nothing is. */
function Companion() {
  const layers = useMemo(createEscapeLayers, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || event.repeat) return;
      if (event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      if (!layers.closeTop()) void call((api) => api.hideWindow());
    };
    // Bubbling, after React's handlers: a component that handled Escape itself has prevented it.
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [layers]);
  return (
    <EscapeLayersContext value={layers}>
      <Screens />
    </EscapeLayersContext>
  );
}

/** One screen per session status, a view laid over it (Connection, Settings), the latest failed action, the footer. */
function Screens() {
  const { state, loadError, reload } = useSessionState();
  const [settings, setSettings] = useSettings();
  const [actionError, setActionError] = useState<AppErrorShape | null>(null);
  const [changingClientId, setChangingClientId] = useState(false);

  const [panel, setPanel] = useState<PanelKind | null>(null);
  /** Where focus goes back to when the view closes: the button that opened it. */
  const openedFrom = useRef<HTMLElement | null>(null);

  const clear = useCallback(() => setActionError(null), []);
  const errors = useMemo(() => ({ report: setActionError, clear }), [clear]);

  const status = state?.status;
  useEffect(() => {
    if (status !== 'signed-out') setChangingClientId(false);
  }, [status]);
  // The Connection view describes a connection: it goes when the connection does.
  if (panel === 'connection' && status !== 'connected') setPanel(null);

  const openPanel = (next: PanelKind) => {
    if (panel === null && document.activeElement instanceof HTMLElement) openedFrom.current = document.activeElement;
    setPanel(next);
  };
  const closePanel = useCallback(() => {
    setPanel(null);
    const back = openedFrom.current;
    openedFrom.current = null;
    // After the screen underneath is interactive again.
    requestAnimationFrame(() => {
      if (back?.isConnected) back.focus();
    });
  }, []);
  // A failed sign-in often also lands in the state's notice; say it once.
  const showError = actionError !== null && actionError.message !== state?.notice?.message;
  useEscapeLayer(panel !== null, closePanel);
  useEscapeLayer(showError, clear);

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

  let view: ReactNode = null;
  if (panel === 'connection' && state?.status === 'connected') {
    view = <ConnectionView state={state} onClose={closePanel} />;
  } else if (panel === 'settings') {
    view = (
      <SettingsView
        settings={settings}
        onSettings={setSettings}
        storage={state?.status === 'connected' ? state.tokenStorage : null}
        connected={state?.status === 'connected'}
        onClose={closePanel}
      />
    );
  }

  return (
    <ActionErrorsContext value={errors}>
      <div className="app">
        {showError && <ErrorAlert message={actionError.message} onDismiss={clear} />}
        <main className="app-main">
          {/* Hidden but still laid out under a view, so it comes back exactly as it was. */}
          <div className={view ? 'screen-host screen-host-covered' : 'screen-host'} inert={view !== null}>
            {screen}
          </div>
          {view}
        </main>
        <Footer connected={state?.status === 'connected'} panel={panel} onPanel={openPanel} />
      </div>
    </ActionErrorsContext>
  );
}
