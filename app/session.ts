/**
 * The state machine the UI sees: needs-setup -> signed-out -> connecting -> connected,
 * with a notice on any state explaining what happened and what to do next.
 * It holds the signed-in account (app/account.ts), runs one connect flow at a time
 * (app/connect-flow.ts) and keeps the library fresh. Every change is emitted as the whole
 * SessionState.
 */
import { type Account, startAccount } from './account.ts';
import { type ConnectStep, runConnectFlow } from './connect-flow.ts';
import type { LibrarySync } from './library-sync.ts';
import type { Redactor } from './log.ts';
import type { Notice, SessionState, TokenStorageInfo } from './model.ts';
import { noticeFromError, reconnectNotice } from './notices.ts';
import type { Clock, Logger, OpenExternal, PowerEvents } from './ports.ts';
import { AppError } from './result.ts';
import type { SettingsService } from './settings.ts';
import { reconnectBy, type TokenSet } from './tokens/token-set.ts';
import type { TokenVault } from './tokens/vault.ts';
import { createWindowSyncTimer } from './window-sync-timer.ts';

const QUIT_GRACE_MS = 5_000;

export interface SessionDeps {
  settings: SettingsService;
  vault: TokenVault;
  library: LibrarySync;
  openExternal: OpenExternal;
  clock: Clock;
  power: PowerEvents;
  logger: Logger;
  redactor: Redactor;
  /** Sign-in gives up after this long without the browser coming back. */
  signInTimeoutMs?: number;
}

type Phase =
  | { status: 'needs-setup' }
  | { status: 'signed-out' }
  | { status: 'connecting'; step: ConnectStep }
  | { status: 'connected' };

export interface Session {
  readonly state: () => SessionState;
  readonly subscribe: (listener: (state: SessionState) => void) => () => void;
  /** Restores a saved sign-in (no network needed) and starts renewing it. */
  readonly start: () => Promise<void>;
  readonly connect: (options?: { switchAccount?: boolean }) => Promise<SessionState>;
  readonly cancelConnect: () => void;
  readonly reopenBrowser: () => Promise<void>;
  readonly disconnect: () => Promise<SessionState>;
  readonly refreshLibrary: () => Promise<SessionState>;
  /** Call after the Client ID or storage preference changed. */
  readonly settingsChanged: () => Promise<void>;
  /** The library changed (sync progress, new data): re-emit the state. */
  readonly notifyLibraryChanged: () => void;
  /** The companion window was shown or hidden: refresh at a modest interval only while it is visible. */
  readonly windowVisibilityChanged: (visible: boolean) => void;
  readonly dispose: () => Promise<void>;
}

export function createSession(deps: SessionDeps): Session {
  const { settings, vault, library, clock, logger } = deps;
  const listeners = new Set<(state: SessionState) => void>();
  let phase: Phase = { status: 'needs-setup' };
  let notice: Notice | null = null;
  let tokenStorage: TokenStorageInfo = { mode: 'memory', explanation: null };
  let account: Account | null = null;
  let signInAbort: AbortController | null = null;
  /** The connect flow in progress; it settles only once a cancelled flow has been undone. */
  let flow: Promise<unknown> | null = null;
  let reopen: (() => Promise<void>) | null = null;
  let disposed = false;
  // After sleep the library may be stale: refresh it (the scheduler re-checks tokens on its own).
  const stopResume = deps.power.onResume(() => {
    if (phase.status === 'connected') void syncLibrary();
  });
  const stopOnline = deps.power.onOnline(() => {
    if (phase.status === 'connected' && library.info().sync.kind === 'offline') void syncLibrary();
  });
  const windowSync = createWindowSyncTimer({
    clock,
    connected: () => phase.status === 'connected',
    updatedAt: () => library.info().updatedAt,
    sync: () => void syncLibrary(),
  });

  const state = (): SessionState => {
    if (phase.status !== 'connected') return { ...phase, notice };
    const tokens = account?.tokens() ?? null;
    const by = tokens ? reconnectBy(tokens) : null;
    return {
      status: 'connected',
      profile: library.profile(),
      library: library.info(),
      reconnectBy: by,
      tokenStorage,
      notice: notice ?? (by ? reconnectNotice(by, clock.now()) : null),
    };
  };
  const emit = () => {
    const snapshot = state();
    for (const listener of [...listeners]) listener(snapshot);
  };
  const setPhase = (next: Phase, nextNotice: Notice | null = null) => {
    phase = next;
    notice = nextNotice;
    emit();
  };

  const restingPhase = (): Phase => (settings.get().clientId ? { status: 'signed-out' } : { status: 'needs-setup' });

  const stopAccount = async () => {
    const stopping = account;
    account = null;
    await stopping?.stop();
  };

  // Spotify ended the sign-in (invalid_grant): nothing to retry, the user must connect again.
  const onSignedOut = (signedOut: Notice) => {
    void stopAccount().then(() => {
      library.clear();
      setPhase(restingPhase(), signedOut);
    });
  };

  const beginAccount = (tokens: TokenSet): Account =>
    startAccount({ settings, vault, clock, power: deps.power, logger, redactor: deps.redactor }, tokens, onSignedOut);

  const syncLibrary = async () => {
    if (account) await library.sync(account.api);
  };

  const connect = async (options?: { switchAccount?: boolean }): Promise<SessionState> => {
    if (phase.status === 'connecting')
      throw new AppError('busy', 'Tunetray is already waiting for you in your browser.');
    if (!settings.get().clientId) throw new AppError('needs-setup', 'Add your Spotify Client ID first.');
    // When switching accounts the current one keeps working until the new sign-in succeeds.
    const abort = new AbortController();
    signInAbort = abort;
    setPhase({ status: 'connecting', step: 'waiting-for-browser' });
    try {
      const running = runConnectFlow(deps, {
        signal: abort.signal,
        switchAccount: options?.switchAccount === true,
        account: {
          get: () => account,
          set: (next) => {
            account = next;
          },
        },
        startAccount: beginAccount,
        onStep: (step) => setPhase({ status: 'connecting', step }),
        onReopen: (next) => {
          reopen = next;
        },
      });
      flow = running.catch(() => {});
      const { storage } = await running;
      tokenStorage = storage;
      setPhase({ status: 'connected' });
    } catch (error) {
      if (signInAbort === abort && !disposed) {
        setPhase(account ? { status: 'connected' } : restingPhase(), noticeFromError(error));
      }
      throw error;
    } finally {
      if (signInAbort === abort) {
        signInAbort = null;
        flow = null;
      }
      reopen = null;
    }
    return state();
  };

  /** Aborts the connect flow in progress and waits until it has been undone. */
  const abandonConnect = async () => {
    const abandoned = flow;
    const abort = signInAbort;
    // The flow's own failure handling must not show a state: the caller decides what comes next.
    signInAbort = null;
    abort?.abort();
    await abandoned;
  };

  return {
    state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async start() {
      if (!settings.get().clientId) return setPhase({ status: 'needs-setup' });
      const loaded = await vault.load();
      tokenStorage = loaded.storage;
      if (!loaded.tokens) {
        library.clear();
        return setPhase({ status: 'signed-out' }, loaded.problem);
      }
      library.restore();
      account = beginAccount(loaded.tokens);
      setPhase({ status: 'connected' });
      void syncLibrary();
    },
    connect,
    cancelConnect() {
      signInAbort?.abort();
    },
    async reopenBrowser() {
      if (!reopen) throw new AppError('not-connected', 'There is no sign-in waiting for your browser.');
      await reopen();
    },
    async disconnect() {
      await abandonConnect();
      await stopAccount();
      await vault.clear();
      library.clear();
      setPhase(restingPhase());
      return state();
    },
    async refreshLibrary() {
      if (phase.status !== 'connected' || !account) throw new AppError('not-connected', 'Connect Spotify first.');
      await syncLibrary();
      return state();
    },
    async settingsChanged() {
      // Opting in to weaker storage should keep the current sign-in too, not just the next one.
      const tokens = account?.tokens();
      if (tokens) await vault.save(tokens);
      tokenStorage = await vault.storageInfo();
      if (phase.status === 'needs-setup' || phase.status === 'signed-out') setPhase(restingPhase(), notice);
      else emit();
    },
    notifyLibraryChanged() {
      if (phase.status === 'connected') emit();
    },
    windowVisibilityChanged: windowSync.visibilityChanged,
    async dispose() {
      disposed = true;
      // A refresh in flight may be about to save a rotated refresh token; losing it would sign
      // the user out at the next start. Give it a moment (bounded: quitting must not hang).
      if (account) {
        let cancelGrace = () => {};
        await Promise.race([
          account.whenIdle(),
          new Promise<void>((resolve) => {
            cancelGrace = clock.setTimer(resolve, QUIT_GRACE_MS);
          }),
        ]);
        cancelGrace();
      }
      stopResume();
      stopOnline();
      windowSync.stop();
      await abandonConnect();
      await stopAccount();
      listeners.clear();
    },
  };
}
