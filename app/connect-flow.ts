/**
 * The connect flow (architecture.md, "Connect, step by step"): sign in through the browser, save
 * the tokens before anything uses them, start the new account in place of the previous one, and
 * load its profile and playlists. The session runs one at a time and shows its steps.
 */
import type { Account } from './account.ts';
import { signIn } from './auth/sign-in.ts';
import type { LibrarySync } from './library-sync.ts';
import type { Redactor } from './log.ts';
import type { TokenStorageInfo } from './model.ts';
import type { Clock, Logger, OpenExternal } from './ports.ts';
import { AppError } from './result.ts';
import type { SettingsService } from './settings.ts';
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
  const tokens = await signIn({
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
  });
  // When switching accounts the current one kept working until here.
  const previous = run.account.get();
  run.account.set(null);
  await previous?.stop();
  // Saved before anything uses it: a crash now still leaves the user signed in.
  await vault.save(tokens);
  const storage = await vault.storageInfo();
  library.clear();
  run.onStep('loading-profile');
  const account = run.startAccount(tokens);
  run.account.set(account);
  await library.sync(account.api);
  return { storage };
}
