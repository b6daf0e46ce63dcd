/**
 * The state machine the UI sees: needs-setup -> signed-out -> connecting -> connected,
 * with a notice on any state explaining what happened and what to do next.
 * It owns the one sign-in at a time, the refresh scheduler of the signed-in account,
 * and the library. Every change is emitted as the whole SessionState.
 */
import { signIn } from './auth/sign-in.ts';
import { createTokenEndpoint } from './auth/token-endpoint.ts';
import type { LibrarySync } from './library-sync.ts';
import type { Redactor } from './log.ts';
import type { Notice, SessionState, TokenStorageInfo } from './model.ts';
import { LIBRARY_UNREADABLE_NOTICE, noticeFromError, reconnectNotice } from './notices.ts';
import type { Clock, Logger, OpenExternal, PowerEvents } from './ports.ts';
import { AppError } from './result.ts';
import type { SettingsService } from './settings.ts';
import { createWebApi, type WebApi } from './spotify/web-api.ts';
import { createRefreshScheduler, type RefreshScheduler, type RefreshStatus } from './tokens/scheduler.ts';
import { REQUIRED_SCOPES, reconnectBy, type TokenSet } from './tokens/token-set.ts';
import type { TokenVault } from './tokens/vault.ts';

const PERIODIC_SYNC_MS = 15 * 60 * 1000;
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
  | { status: 'connecting'; step: 'waiting-for-browser' | 'exchanging-code' | 'loading-profile' }
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
  let scheduler: RefreshScheduler | null = null;
  let api: WebApi | null = null;
  let signInAbort: AbortController | null = null;
  let reopen: (() => Promise<void>) | null = null;
  let disposed = false;
  let cancelPeriodic: (() => void) | null = null;
  // After sleep the library may be stale: refresh it (the scheduler re-checks tokens on its own).
  const stopResume = deps.power.onResume(() => {
    if (phase.status === 'connected') void syncLibrary();
  });
  const stopOnline = deps.power.onOnline(() => {
    if (phase.status === 'connected' && library.info().sync.kind === 'offline') void syncLibrary();
  });

  const state = (): SessionState => {
    if (phase.status !== 'connected') return { ...phase, notice };
    const tokens = scheduler?.tokens() ?? null;
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
    scheduler?.stop();
    scheduler = null;
    await api?.close();
    api = null;
  };

  const onRefreshStatus = (status: RefreshStatus) => {
    if (status.kind === 'signed-out') {
      // Spotify ended the sign-in (invalid_grant): nothing to retry, the user must connect again.
      void stopAccount().then(() => {
        library.clear();
        setPhase(restingPhase(), status.notice);
      });
    }
  };

  /** Arms renewal for `tokens` and opens an API client that draws Bearer tokens from it. */
  const startAccount = (tokens: TokenSet) => {
    const current = settings.get();
    if (!current.clientId) throw new AppError('needs-setup', 'Add your Spotify Client ID first.');
    const clientSecret = settings.clientSecret();
    const endpoint = createTokenEndpoint({
      accountsUrl: current.accountsUrl,
      clientId: current.clientId,
      ...(clientSecret ? { clientSecret } : {}),
      logger,
      redactor: deps.redactor,
    });
    scheduler = createRefreshScheduler({
      vault,
      refreshGrant: endpoint.refresh,
      clock,
      power: deps.power,
      logger,
      redactor: deps.redactor,
      onStatus: onRefreshStatus,
    });
    scheduler.start(tokens);
    api = createWebApi({ apiUrl: current.apiUrl, tokens: scheduler, logger, now: clock.now });
  };

  const syncLibrary = async () => {
    if (api) await library.sync(api);
  };

  const connect = async (options?: { switchAccount?: boolean }): Promise<SessionState> => {
    if (phase.status === 'connecting')
      throw new AppError('busy', 'Tunetray is already waiting for you in your browser.');
    const current = settings.get();
    if (!current.clientId) throw new AppError('needs-setup', 'Add your Spotify Client ID first.');
    // When switching accounts the current one keeps working until the new sign-in succeeds.
    const abort = new AbortController();
    signInAbort = abort;
    setPhase({ status: 'connecting', step: 'waiting-for-browser' });
    try {
      const clientSecret = settings.clientSecret();
      const tokens = await signIn({
        accountsUrl: current.accountsUrl,
        clientId: current.clientId,
        ...(clientSecret ? { clientSecret } : {}),
        scopes: [...REQUIRED_SCOPES],
        openExternal: deps.openExternal,
        signal: abort.signal,
        ...(deps.signInTimeoutMs ? { timeoutMs: deps.signInTimeoutMs } : {}),
        showDialog: options?.switchAccount === true,
        logger,
        redactor: deps.redactor,
        now: clock.now,
        onProgress: (progress) => {
          if (progress.step === 'waiting-for-browser') reopen = progress.reopenBrowser;
          else setPhase({ status: 'connecting', step: progress.step });
        },
      });
      await stopAccount();
      // Saved before anything uses it: a crash now still leaves the user signed in.
      await vault.save(tokens);
      tokenStorage = await vault.storageInfo();
      library.clear();
      setPhase({ status: 'connecting', step: 'loading-profile' });
      startAccount(tokens);
      await syncLibrary();
      setPhase({ status: 'connected' });
    } catch (error) {
      if (signInAbort === abort && !disposed) {
        setPhase(scheduler ? { status: 'connected' } : restingPhase(), noticeFromError(error));
      }
      throw error;
    } finally {
      if (signInAbort === abort) signInAbort = null;
      reopen = null;
    }
    return state();
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
      const loaded = await vault.load();
      tokenStorage = loaded.storage;
      if (!loaded.tokens) {
        library.clear();
        return setPhase({ status: 'signed-out' }, loaded.problem ?? settingsProblem);
      }
      const restored = library.restore();
      startAccount(loaded.tokens);
      setPhase(
        { status: 'connected' },
        settingsProblem ?? (restored === 'unreadable' ? LIBRARY_UNREADABLE_NOTICE : null),
      );
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
      signInAbort?.abort();
      await stopAccount();
      await vault.clear();
      library.clear();
      setPhase(restingPhase());
      return state();
    },
    async refreshLibrary() {
      if (phase.status !== 'connected' || !api) throw new AppError('not-connected', 'Connect Spotify first.');
      await syncLibrary();
      return state();
    },
    async settingsChanged() {
      // Opting in to weaker storage should keep the current sign-in too, not just the next one.
      // The vault's own copy: the scheduler's may be the one a refresh is replacing right now.
      if (scheduler?.tokens()) await vault.saveAgain();
      tokenStorage = await vault.storageInfo();
      // A notice about unreadable settings is answered by the change itself.
      const kept = notice?.code === 'settings-unreadable' ? null : notice;
      if (phase.status === 'needs-setup' || phase.status === 'signed-out') setPhase(restingPhase(), kept);
      else emit();
    },
    notifyLibraryChanged() {
      if (phase.status === 'connected') emit();
    },
    windowVisibilityChanged(visible) {
      cancelPeriodic?.();
      cancelPeriodic = null;
      if (!visible) return;
      // Coming back to the window after a while deserves fresh data; then every 15 minutes.
      const updatedAt = library.info().updatedAt;
      if (phase.status === 'connected' && (updatedAt === null || clock.now() - updatedAt > PERIODIC_SYNC_MS / 3)) {
        void syncLibrary();
      }
      const arm = () => {
        cancelPeriodic = clock.setTimer(() => {
          if (phase.status === 'connected') void syncLibrary();
          arm();
        }, PERIODIC_SYNC_MS);
      };
      arm();
    },
    async dispose() {
      disposed = true;
      // A refresh in flight may be about to save a rotated refresh token; losing it would sign
      // the user out at the next start. Give it a moment (bounded: quitting must not hang).
      if (scheduler) {
        let cancelGrace = () => {};
        await Promise.race([
          scheduler.whenIdle(),
          new Promise<void>((resolve) => {
            cancelGrace = clock.setTimer(resolve, QUIT_GRACE_MS);
          }),
        ]);
        cancelGrace();
      }
      stopResume();
      stopOnline();
      cancelPeriodic?.();
      signInAbort?.abort();
      await stopAccount();
      listeners.clear();
    },
  };
}
