/**
 * A signed-in account's lifetime: the refresh scheduler that renews its tokens and the Web API
 * client that draws Bearer tokens from it. Started with tokens the vault already holds; stopped
 * on disconnect, sign-out, an account switch and quit.
 */
import { createTokenEndpoint } from './auth/token-endpoint.ts';
import type { Redactor } from './log.ts';
import type { Notice } from './model.ts';
import type { Clock, Logger, PowerEvents } from './ports.ts';
import { AppError } from './result.ts';
import type { SettingsService } from './settings.ts';
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
  const endpoint = createTokenEndpoint({
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
  const api = createWebApi({ apiUrl: current.apiUrl, tokens: scheduler, logger, now: clock.now });
  return {
    api,
    tokens: scheduler.tokens,
    whenIdle: scheduler.whenIdle,
    async stop() {
      scheduler.stop();
      await api.close();
    },
  };
}
