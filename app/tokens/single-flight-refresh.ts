/**
 * The single-flight refresh: at most one exchange of the refresh token at a time, shared by
 * every caller (the timer, current() with an expired token, a 401, "refresh now"), and saved to
 * the vault before anyone receives the new access token.
 *
 * A renewal keeps the old refresh token when Spotify sends none, keeps firstAuthorizedAt, and
 * keeps the granted scopes when the response names none. `isCurrent` lets the owner disown a
 * renewal that was overtaken (stop, sign-out, a new account): a stale renewal whose grant arrives
 * is not saved; one that goes stale while saving reports 'stale' (a disconnect's vault.clear() is
 * queued behind the save, so nothing comes back).
 */
import { describeError, type Redactor } from '../log.ts';
import type { Clock, Logger } from '../ports.ts';
import { type RefreshGrant, type TokenSet, tokenSetFromGrant } from './token-set.ts';
import type { TokenVault } from './vault.ts';

export type RenewResult =
  | { kind: 'renewed'; tokens: TokenSet }
  | { kind: 'failed'; error: unknown }
  | { kind: 'stale' };

export interface RenewDeps {
  vault: Pick<TokenVault, 'save'>;
  refreshGrant: RefreshGrant;
  clock: Clock;
  logger: Logger;
  redactor: Redactor;
}

/** One exchange of `base`'s refresh token; never throws. */
export async function renewTokens(deps: RenewDeps, base: TokenSet, isCurrent: () => boolean): Promise<RenewResult> {
  let next: TokenSet;
  try {
    const grant = await deps.refreshGrant(base.refreshToken);
    if (!isCurrent()) return { kind: 'stale' };
    next = tokenSetFromGrant(grant, deps.clock.now(), base);
    // A refresh that names no scopes did not take any away: keep what was granted.
    if (grant.scopes.length === 0) next = { ...next, scopes: base.scopes };
  } catch (error) {
    if (!isCurrent()) return { kind: 'stale' };
    return { kind: 'failed', error };
  }
  deps.redactor.remember(next.accessToken);
  deps.redactor.remember(next.refreshToken);
  // Persist first: a rotated refresh token must be on disk before the new access token is used.
  try {
    await deps.vault.save(next);
  } catch (error) {
    deps.logger.error('refresh scheduler: saving the renewed tokens failed', { error: describeError(error) });
  }
  if (!isCurrent()) return { kind: 'stale' };
  return { kind: 'renewed', tokens: next };
}

export interface SingleFlight<T> {
  /**
   * Joins the flight in the air, or starts `run` as the new one. `landed` runs once the flight
   * is no longer in the air and before its callers see the outcome (the owner re-arms there).
   */
  readonly share: (run: () => Promise<T>, landed: () => void) => Promise<T>;
  readonly inFlight: () => Promise<T> | null;
  /** Disowns the flight in the air: later callers start a new one. */
  readonly forget: () => void;
  /** Resolves when no flight is in the air. `run` must never reject. */
  readonly whenIdle: () => Promise<void>;
}

export function createSingleFlight<T>(): SingleFlight<T> {
  let inflight: Promise<T> | null = null;
  return {
    share(run, landed) {
      if (inflight) return inflight;
      const flight: Promise<T> = Promise.resolve().then(async () => {
        const outcome = await run();
        if (inflight === flight) inflight = null;
        landed();
        return outcome;
      });
      inflight = flight;
      return flight;
    },
    inFlight: () => inflight,
    forget() {
      inflight = null;
    },
    async whenIdle() {
      while (inflight) await inflight;
    },
  };
}
