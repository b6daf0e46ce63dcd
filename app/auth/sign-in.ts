/**
 * The whole "Connect" flow (architecture.md, "Connect, step by step", steps 2-5): loopback server,
 * PKCE and state, the authorize URL in the system browser, the wait, the code exchange, the
 * scope check. Whatever ends the flow (success, denial, Cancel, timeout, a failure anywhere),
 * the port is closed before signIn settles.
 */
import type { Dispatcher } from 'undici';
import type { Redactor } from '../log.ts';
import { type Clock, type Logger, type OpenExternal, systemClock } from '../ports.ts';
import { AppError } from '../result.ts';
import { REQUIRED_SCOPES, type TokenGrant, type TokenSet, tokenSetFromGrant } from '../tokens/token-set.ts';
import { buildAuthorizeUrl } from './authorize-url.ts';
import { type LoopbackServer, startLoopbackServer } from './loopback-server.ts';
import { createPkcePair, createState } from './pkce.ts';
import { createTokenEndpoint } from './token-endpoint.ts';

export type SignInProgress =
  | { step: 'waiting-for-browser'; reopenBrowser: () => Promise<void> }
  | { step: 'exchanging-code' };

export interface SignInOptions {
  accountsUrl: string;
  clientId: string;
  /** Only for the seeds' flow: Basic auth at the token step and no PKCE. */
  clientSecret?: string;
  scopes: readonly string[];
  openExternal: OpenExternal;
  /** Aborting ends the flow with 'cancelled' (the Cancel button, the tray, quitting). */
  signal?: AbortSignal;
  /** How long to wait for the browser to come back. Default 5 minutes. */
  timeoutMs?: number;
  /** Force Spotify's consent page (switching account). */
  showDialog?: boolean;
  logger?: Logger;
  /** Told about the state, verifier, code and tokens so no log line can show them. */
  redactor?: Redactor;
  now?: () => number;
  /** The timer the browser wait's timeout runs on (default: real timers); a test can count what is left behind. */
  setTimer?: Clock['setTimer'];
  dispatcher?: Dispatcher;
  onProgress?: (progress: SignInProgress) => void;
  /** Loopback addresses to try (tests only). */
  loopbackHosts?: readonly string[];
}

export const DEFAULT_SIGN_IN_TIMEOUT_MS = 5 * 60 * 1000;

export const SIGN_IN_MESSAGES = {
  busy: 'Tunetray is already waiting for you to approve in your browser.',
  cancelled: 'Sign-in was cancelled.',
  timedOut:
    'Tunetray did not hear back from your browser in time. Check that the Client ID in Settings is right and that ' +
    'http://127.0.0.1/callback is registered as a Redirect URI of your app in the Spotify developer dashboard, then connect again.',
  browser: 'Tunetray could not open your web browser to sign in. Check that a default browser is set, then try again.',
  noRefreshToken: 'Spotify did not complete the sign-in. Please connect again.',
} as const;

/** Plain words for what each required scope lets Tunetray do. */
const SCOPE_WORDS: Record<string, string> = {
  'user-read-private': 'see your account name and picture',
  'playlist-read-private': 'read your private playlists',
  'playlist-read-collaborative': 'read your collaborative playlists',
};

/** The sign-in in progress, if any: at most one in the whole process, since there is one browser and one user. */
let active: { server: LoopbackServer | null } | null = null;

/** Where the pending sign-in listens (null when nothing is listening): for Quit, diagnostics and tests. */
export function pendingSignIn(): { port: number; redirectUri: string } | null {
  const server = active?.server;
  return server?.isListening() ? { port: server.port, redirectUri: server.redirectUri } : null;
}

export async function signIn(options: SignInOptions): Promise<TokenSet> {
  // Checked and claimed synchronously, before any await, so two calls in the same tick cannot both pass.
  if (active) throw new AppError('busy', SIGN_IN_MESSAGES.busy);
  const flow: { server: LoopbackServer | null } = { server: null };
  active = flow;
  try {
    return await run(options, flow);
  } finally {
    await flow.server?.close();
    active = null;
  }
}

async function run(options: SignInOptions, flow: { server: LoopbackServer | null }): Promise<TokenSet> {
  const { logger, redactor, signal } = options;
  const now = options.now ?? Date.now;
  // A throwing progress listener (a UI bug) must not leave the flow half-started with a live timer.
  const report = (progress: SignInProgress) => {
    try {
      options.onProgress?.(progress);
    } catch {
      logger?.warn('sign-in progress listener failed');
    }
  };
  if (signal?.aborted) throw new AppError('cancelled', SIGN_IN_MESSAGES.cancelled);

  const state = createState();
  redactor?.remember(state);
  // The secret variant authenticates with Basic auth instead; PKCE is the default everywhere else.
  const pkce = options.clientSecret ? null : createPkcePair();
  if (pkce) redactor?.remember(pkce.verifier);

  const server = await startLoopbackServer({
    expectedState: state,
    ...(logger ? { logger } : {}),
    ...(options.loopbackHosts ? { hosts: options.loopbackHosts } : {}),
  });
  flow.server = server;
  const authorizeUrl = buildAuthorizeUrl({
    accountsUrl: options.accountsUrl,
    clientId: options.clientId,
    redirectUri: server.redirectUri,
    state,
    scopes: options.scopes,
    ...(pkce ? { codeChallenge: pkce.challenge } : {}),
    ...(options.showDialog ? { showDialog: true } : {}),
  });

  const setTimer = options.setTimer ?? systemClock.setTimer;
  const code = await untilFirst<string>(signal, (resolve, reject) => {
    const cancelTimeout = setTimer(
      // On a machine without IPv4 loopback the redirect is [::1], and that is what must be registered.
      () => reject(new AppError('timed-out', timedOutMessage(server.redirectUri))),
      options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS,
    );
    server.code.then(resolve, reject);
    const open = async () => {
      try {
        await options.openExternal(authorizeUrl);
      } catch (error) {
        throw new AppError('browser-unavailable', SIGN_IN_MESSAGES.browser, { cause: error });
      }
    };
    open().catch((error: unknown) => {
      logger?.warn('could not open the browser for sign-in');
      reject(error);
    });
    logger?.info('waiting for the browser', { redirectUri: server.redirectUri });
    report({
      step: 'waiting-for-browser',
      // "Open the page again": a failure here is reported to the button, not to the flow.
      reopenBrowser: () => (server.isListening() ? open() : Promise.resolve()),
    });
    return cancelTimeout;
  });
  redactor?.remember(code);

  report({ step: 'exchanging-code' });
  const endpoint = createTokenEndpoint({
    accountsUrl: options.accountsUrl,
    clientId: options.clientId,
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    logger: logger ?? silentLogger,
    ...(redactor ? { redactor } : {}),
  });
  const grant = await untilFirst<TokenGrant>(signal, (resolve, reject) => {
    endpoint
      // The same redirect_uri, client_id and verifier as the authorize step, or Spotify refuses the code.
      .exchangeCode({ code, redirectUri: server.redirectUri, ...(pkce ? { codeVerifier: pkce.verifier } : {}) })
      .then(resolve, reject);
    return () => {};
  });

  const missing = REQUIRED_SCOPES.filter((scope) => !grant.scopes.includes(scope));
  if (missing.length > 0) {
    logger?.warn('sign-in granted fewer scopes than needed', { missing: missing.join(' ') });
    const words = missing.map((scope) => SCOPE_WORDS[scope] ?? scope);
    throw new AppError(
      'missing-scope',
      `Spotify did not give Tunetray permission to ${joinWords(words)}, which it needs. Connect again and allow everything Tunetray asks for.`,
    );
  }
  if (grant.refreshToken === null) throw new AppError('sign-in-failed', SIGN_IN_MESSAGES.noRefreshToken);
  logger?.info('signed in');
  return tokenSetFromGrant(grant, now(), null);
}

/**
 * Runs `start` and settles with whichever comes first: its outcome or the abort signal.
 * `start` returns a cleanup that runs once, whatever won.
 */
function untilFirst<T>(
  signal: AbortSignal | undefined,
  start: (resolve: (value: T) => void, reject: (error: unknown) => void) => () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let cleanup = () => {};
    const onAbort = () => settle(() => reject(new AppError('cancelled', SIGN_IN_MESSAGES.cancelled)));
    const settle = (outcome: () => void) => {
      if (done) return;
      done = true;
      cleanup();
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    cleanup = start(
      (value) => settle(() => resolve(value)),
      (error) => settle(() => reject(error)),
    );
    if (done) cleanup();
    if (signal?.aborted) onAbort();
  });
}

function timedOutMessage(redirectUri: string): string {
  if (!redirectUri.startsWith('http://[::1]:')) return SIGN_IN_MESSAGES.timedOut;
  return SIGN_IN_MESSAGES.timedOut.replace('http://127.0.0.1/callback', 'http://[::1]/callback');
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
