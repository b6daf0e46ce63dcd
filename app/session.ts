/**
 * The state machine the UI sees: needs-setup -> signed-out -> connecting -> connected,
 * with a notice on any state explaining what happened and what to do next.
 * It holds the signed-in account (app/account.ts), runs one connect flow at a time
 * (app/connect-flow.ts) and keeps the library fresh. Every change is emitted as the whole
 * SessionState.
 */
import { type Account, startAccount } from './account.ts';
import { type ConnectStep, runConnectFlow } from './connect-flow.ts';
import { type KeyringWait, waitForKeyring } from './keyring-wait.ts';
import type { LibrarySync } from './library-sync.ts';
import type { Redactor } from './log.ts';
import type { Notice, SessionState, TokenStorageInfo } from './model.ts';
import {
  KEYRING_LOCKED_NOTICE,
  KEYRING_WAIT_CANCELLED_NOTICE,
  LIBRARY_UNREADABLE_NOTICE,
  noticeFromError,
  reconnectNotice,
} from './notices.ts';
import type { Clock, Logger, OpenExternal, PowerEvents } from './ports.ts';
import { AppError } from './result.ts';
import type { SettingsService } from './settings.ts';
import type { NetworkOptions } from './spotify/http.ts';
import type { WebApi } from './spotify/web-api.ts';
import { reconnectBy, type TokenSet } from './tokens/token-set.ts';
import type { TokenVault, VaultLoad } from './tokens/vault.ts';
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
  /** The system's proxy, HTTPS_PROXY / NO_PROXY, extra roots: how this machine reaches Spotify. */
  network?: NetworkOptions;
  /**
   * The library sync that a restored sign-in starts waits for this (main: the window's first
   * paint). Until then the host is busy showing the cached library, and a sync of thousands of
   * playlists on the same thread would come first. Absent: the sync starts at once.
   */
  uiReady?: Promise<void>;
}

type Phase =
  | { status: 'needs-setup' }
  | { status: 'signed-out' }
  | { status: 'connecting'; step: ConnectStep | 'waiting-for-keyring' }
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
  /** The signed-in account's Web API client (for reads beyond the library), or null when not connected. */
  readonly webApi: () => WebApi | null;
  readonly dispose: () => Promise<void>;
}

export function createSession(deps: SessionDeps): Session {
  const { settings, vault, library, clock, logger } = deps;
  const listeners = new Set<(state: SessionState) => void>();
  let phase: Phase = { status: 'needs-setup' };
  let notice: Notice | null = null;
  let tokenStorage: TokenStorageInfo = { mode: 'memory', explanation: null };
  let account: Account | null = null;
  /** The connect flow in progress. `settled` resolves only once a cancelled flow has been undone. */
  let connecting: { abort: AbortController; settled: Promise<unknown>; quiet: boolean } | null = null;
  /** Set while a saved sign-in waits for a locked keyring. */
  let keyringWait: KeyringWait | null = null;
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
      connection: account?.connection() ?? { proxy: null, proxySource: null },
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
    startAccount(
      { settings, vault, clock, power: deps.power, logger, redactor: deps.redactor, network: deps.network },
      tokens,
      onSignedOut,
    );

  const syncLibrary = async () => {
    if (account) await library.sync(account.api);
  };

  const stopWaitingForKeyring = () => {
    keyringWait?.stop();
    keyringWait = null;
  };

  /**
   * What the vault restored: the account, a reason to sign in again, or a wait for the keyring.
   * `settingsProblem`: settings that could not be read at start, said unless something weighs more.
   */
  const applyLoaded = (loaded: VaultLoad, settingsProblem: Notice | null = null) => {
    tokenStorage = loaded.storage;
    if (loaded.keyringLocked) {
      keyringWait ??= waitForKeyring({ load: vault.load, onAnswer: onKeyringAnswer, clock, power: deps.power, logger });
      return setPhase({ status: 'connecting', step: 'waiting-for-keyring' }, KEYRING_LOCKED_NOTICE);
    }
    if (!loaded.tokens) {
      library.clear();
      return setPhase({ status: 'signed-out' }, loaded.problem ?? settingsProblem);
    }
    const restored = library.restore();
    account = beginAccount(loaded.tokens);
    setPhase(
      { status: 'connected' },
      settingsProblem ?? (restored === 'unreadable' ? LIBRARY_UNREADABLE_NOTICE : null),
    );
    if (!deps.uiReady) void syncLibrary();
    else
      void deps.uiReady.then(() => {
        if (!disposed) return syncLibrary();
      });
  };
  const onKeyringAnswer = (loaded: VaultLoad) => {
    keyringWait = null;
    if (!disposed) applyLoaded(loaded);
  };

  const connect = async (options?: { switchAccount?: boolean }): Promise<SessionState> => {
    if (connecting) throw new AppError('busy', 'Tunetray is already waiting for you in your browser.');
    if (!settings.get().clientId) throw new AppError('needs-setup', 'Add your Spotify Client ID first.');
    // A fresh sign-in replaces the one waiting for the keyring.
    stopWaitingForKeyring();
    // When switching accounts the current one keeps working until the new sign-in succeeds.
    const abort = new AbortController();
    const run = { abort, settled: Promise.resolve() as Promise<unknown>, quiet: false };
    connecting = run;
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
      run.settled = running.catch(() => {});
      const { storage } = await running;
      tokenStorage = storage;
      setPhase({ status: 'connected' });
    } catch (error) {
      if (!run.quiet && !disposed) {
        setPhase(account ? { status: 'connected' } : restingPhase(), noticeFromError(error));
      }
      throw error;
    } finally {
      if (connecting === run) connecting = null;
      reopen = null;
    }
    return state();
  };

  /** Aborts the connect flow in progress and waits until it has been undone. */
  const abandonConnect = async () => {
    const run = connecting;
    if (!run) return;
    // The flow's own failure handling must not show a state: the caller decides what comes next.
    run.quiet = true;
    run.abort.abort();
    await run.settled;
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
      // Whatever could not be read back is said, not silently forgotten (the most important first).
      const settingsProblem = settings.problem();
      if (!settings.get().clientId) return setPhase({ status: 'needs-setup' }, settingsProblem);
      applyLoaded(await vault.load(), settingsProblem);
    },
    connect,
    cancelConnect() {
      if (keyringWait) {
        stopWaitingForKeyring();
        setPhase(restingPhase(), KEYRING_WAIT_CANCELLED_NOTICE);
        return;
      }
      connecting?.abort.abort();
    },
    async reopenBrowser() {
      if (!reopen) throw new AppError('not-connected', 'There is no sign-in waiting for your browser.');
      await reopen();
    },
    async disconnect() {
      stopWaitingForKeyring();
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
      // The vault's own copy: the account's may be the one a refresh is replacing right now.
      if (account?.tokens()) await vault.saveAgain();
      tokenStorage = await vault.storageInfo();
      // A notice about unreadable settings is answered by the change itself.
      const kept = notice?.code === 'settings-unreadable' ? null : notice;
      if (phase.status === 'needs-setup' || phase.status === 'signed-out') setPhase(restingPhase(), kept);
      else emit();
    },
    notifyLibraryChanged() {
      if (phase.status === 'connected') emit();
    },
    webApi: () => (phase.status === 'connected' ? (account?.api ?? null) : null),
    windowVisibilityChanged(visible) {
      windowSync.visibilityChanged(visible);
      // Someone is looking: a good moment to see whether the keyring has been unlocked.
      if (visible) keyringWait?.poke();
    },
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
      stopWaitingForKeyring();
      await abandonConnect();
      await stopAccount();
      listeners.clear();
    },
  };
}
