/**
 * A signed-in account's lifetime: the refresh scheduler that renews its tokens and the Web API
 * client that draws Bearer tokens from it, sharing one transport (app/spotify/http.ts: the
 * proxy, the trusted roots, one HTTP/2 connection per origin). Started with tokens the vault
 * already holds; stopped on disconnect, sign-out, an account switch and quit.
 */
import { createTokenEndpoint } from './auth/token-endpoint.ts';
import type { Redactor } from './log.ts';
import type { ConnectionInfo, Notice } from './model.ts';
import type { Clock, Logger, PowerEvents } from './ports.ts';
import { AppError } from './result.ts';
import type { SettingsService } from './settings.ts';
import { createSpotifyTransport, type NetworkOptions } from './spotify/http.ts';
import { createWebApi, type WebApi } from './spotify/web-api.ts';
import { createRefreshScheduler } from './tokens/scheduler.ts';
import type { TokenSet } from './tokens/token-set.ts';
import type { TokenVault } from './tokens/vault.ts';

export interface Account {
  readonly api: WebApi;
  /** The current token set (renewals included), null once stopped or signed out. */
  readonly tokens: () => TokenSet | null;
  /** Resolves when no refresh is in flight (including its save). Never rejects. */
  readonly whenIdle: () => Promise<void>;
  /** How requests reach the Web API now: the proxy in use, if any. */
  readonly connection: () => ConnectionInfo;
  /** Stops renewal and closes the API client's connections. */
  readonly stop: () => Promise<void>;
}

export interface AccountDeps {
  settings: SettingsService;
  vault: TokenVault;
  clock: Clock;
  power: PowerEvents;
  logger: Logger;
  redactor: Redactor;
  /** The system's proxy, HTTPS_PROXY / NO_PROXY, extra roots: how this machine reaches Spotify. */
  network?: NetworkOptions | undefined;
}

/**
 * Arms renewal for `tokens` and opens an API client that draws Bearer tokens from it.
 * `onSignedOut` runs when Spotify ends the sign-in (invalid_grant, invalid_client): the
 * scheduler has already cleared the vault.
 */
export function startAccount(deps: AccountDeps, tokens: TokenSet, onSignedOut: (notice: Notice) => void): Account {
  const { settings, clock, logger } = deps;
  const current = settings.get();
  if (!current.clientId) throw new AppError('needs-setup', 'Add your Spotify Client ID first.');
  const clientSecret = settings.clientSecret();
  const transport = createSpotifyTransport({ network: deps.network ?? {}, logger });
  const endpoint = createTokenEndpoint({
    dispatcher: transport.dispatcher,
    accountsUrl: current.accountsUrl,
    clientId: current.clientId,
    ...(clientSecret ? { clientSecret } : {}),
    logger,
    redactor: deps.redactor,
  });
  const scheduler = createRefreshScheduler({
    vault: deps.vault,
    refreshGrant: endpoint.refresh,
    clock,
    power: deps.power,
    logger,
    redactor: deps.redactor,
    onStatus: (status) => {
      if (status.kind === 'signed-out') onSignedOut(status.notice);
    },
  });
  scheduler.start(tokens);
  const api = createWebApi({
    apiUrl: current.apiUrl,
    tokens: scheduler,
    logger,
    now: clock.now,
    dispatcher: transport.dispatcher,
  });
  return {
    api,
    tokens: scheduler.tokens,
    whenIdle: scheduler.whenIdle,
    connection() {
      const route = transport.routeFor(current.apiUrl);
      return route?.kind === 'proxy'
        ? { proxy: route.address, proxySource: route.source }
        : { proxy: null, proxySource: null };
    },
    async stop() {
      scheduler.stop();
      await api.close();
      await transport.close();
    },
  };
}
