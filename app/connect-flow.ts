/**
 * The connect flow (architecture.md, "Connect, step by step"): sign in through the browser, save
 * the tokens before anything uses them, start the new account in place of the previous one, and
 * load its profile and playlists. The session runs one at a time and shows its steps.
 *
 * Every step checks the abort signal (Cancel, Disconnect, Quit), the profile load included. A
 * flow that fails or is aborted after the browser step is undone before it settles: the new
 * account is stopped and its tokens cleared, and the previous account, if there was one, comes
 * back with its tokens (saved again) and its library. So a cancelled sign-in never leaves tokens
 * on disk, and a cancelled account switch keeps the account the user had.
 */
import type { Account } from './account.ts';
import { SIGN_IN_MESSAGES, signIn } from './auth/sign-in.ts';
import type { LibrarySync } from './library-sync.ts';
import { describeError, type Redactor } from './log.ts';
import type { TokenStorageInfo } from './model.ts';
import type { Clock, Logger, OpenExternal } from './ports.ts';
import { AppError } from './result.ts';
import type { SettingsService } from './settings.ts';
import { createSpotifyTransport, type NetworkOptions } from './spotify/http.ts';
import { REQUIRED_SCOPES, type TokenSet } from './tokens/token-set.ts';
import type { TokenVault } from './tokens/vault.ts';

export type ConnectStep = 'waiting-for-browser' | 'exchanging-code' | 'loading-profile';

export interface ConnectFlowDeps {
  settings: SettingsService;
  vault: TokenVault;
  library: LibrarySync;
  openExternal: OpenExternal;
  clock: Clock;
  logger: Logger;
  redactor: Redactor;
  /** Sign-in gives up after this long without the browser coming back. */
  signInTimeoutMs?: number;
  /** The code exchange goes the same way (proxy, roots) as everything else. */
  network?: NetworkOptions | undefined;
}

/** Where the session keeps its signed-in account; the flow replaces it. */
export interface AccountSlot {
  readonly get: () => Account | null;
  readonly set: (account: Account | null) => void;
}

export interface ConnectRun {
  /** Cancel, Disconnect and Quit abort the flow. */
  signal: AbortSignal;
  /** Force Spotify's consent page, to pick another account. */
  switchAccount: boolean;
  account: AccountSlot;
  startAccount: (tokens: TokenSet) => Account;
  onStep: (step: ConnectStep) => void;
  /** "Open the page again" while waiting for the browser; null once that step is over. */
  onReopen: (reopen: (() => Promise<void>) | null) => void;
}

export async function runConnectFlow(deps: ConnectFlowDeps, run: ConnectRun): Promise<{ storage: TokenStorageInfo }> {
  const { settings, vault, library, logger } = deps;
  const current = settings.get();
  if (!current.clientId) throw new AppError('needs-setup', 'Add your Spotify Client ID first.');
  const clientSecret = settings.clientSecret();
  // Its own transport: the account opens one of its own once the tokens are saved.
  const signInTransport = createSpotifyTransport({ network: deps.network ?? {}, logger });
  const tokens = await signIn({
    dispatcher: signInTransport.dispatcher,
    accountsUrl: current.accountsUrl,
    clientId: current.clientId,
    ...(clientSecret ? { clientSecret } : {}),
    scopes: [...REQUIRED_SCOPES],
    openExternal: deps.openExternal,
    signal: run.signal,
    ...(deps.signInTimeoutMs ? { timeoutMs: deps.signInTimeoutMs } : {}),
    showDialog: run.switchAccount,
    logger,
    redactor: deps.redactor,
    now: deps.clock.now,
    onProgress: (progress) => {
      if (progress.step === 'waiting-for-browser') run.onReopen(progress.reopenBrowser);
      else run.onStep(progress.step);
    },
  }).finally(() => signInTransport.close().catch(() => {}));
  const checkpoint = () => {
    if (run.signal.aborted) throw new AppError('cancelled', SIGN_IN_MESSAGES.cancelled);
  };
  checkpoint();
  // When switching accounts the current one kept working until here. A refresh it has on the wire
  // saves its rotated token first, so the copy kept for an undo is the one Spotify still accepts.
  const previous = run.account.get();
  await previous?.whenIdle();
  checkpoint();
  const undo: Undo = { previous: previous?.tokens() ?? null, putBackLibrary: null, account: null };
  try {
    run.account.set(null);
    await previous?.stop();
    // Saved before anything uses it: a crash now still leaves the user signed in.
    await vault.save(tokens);
    const storage = await vault.storageInfo();
    undo.putBackLibrary = library.setAside();
    checkpoint();
    run.onStep('loading-profile');
    undo.account = run.startAccount(tokens);
    run.account.set(undo.account);
    await untilAborted(library.sync(undo.account.api), run.signal);
    checkpoint();
    return { storage };
  } catch (error) {
    await undoSwitch(deps, run, undo);
    throw error;
  }
}

interface Undo {
  /** The previous account's tokens, to start it again. */
  previous: TokenSet | null;
  putBackLibrary: (() => void) | null;
  /** The new account, once started. */
  account: Account | null;
}

/** Stops the new account, clears its tokens, and brings the previous account back if there was one. */
async function undoSwitch(deps: ConnectFlowDeps, run: ConnectRun, undo: Undo): Promise<void> {
  const { vault, library, logger } = deps;
  if (undo.account) {
    if (run.account.get() === undo.account) run.account.set(null);
    await undo.account.stop();
  }
  try {
    if (!undo.previous) {
      await vault.clear();
      library.clear();
      return;
    }
    await vault.save(undo.previous);
    run.account.set(run.startAccount(undo.previous));
    if (undo.putBackLibrary) undo.putBackLibrary();
    else library.restore();
    logger.info('connect: sign-in undone, the previous account stays');
  } catch (error) {
    // Starting the previous account again can only fail on a missing Client ID: then signed out.
    logger.warn('connect: could not bring the previous account back', { error: describeError(error) });
    await vault.clear();
    library.clear();
  }
}

/** Settles with `work`, or rejects with 'cancelled' as soon as `signal` aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AppError('cancelled', SIGN_IN_MESSAGES.cancelled));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
