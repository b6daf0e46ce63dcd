/**
 * How the Web API client gets a Bearer token without knowing about the vault or the
 * scheduler. Implemented by the refresh scheduler (app/tokens/scheduler.ts).
 */
export interface AccessTokenSource {
  /** A usable access token; refreshes first (single-flight) when it is expired. Throws AppError. */
  readonly current: () => Promise<string>;
  /**
   * A request was answered 401 with `rejected`. Joins (or starts) the one in-flight refresh and
   * resolves to the new token. If the token was already replaced meanwhile, resolves at once to the
   * newer one, so 20 concurrent 401s cause exactly one refresh. Throws AppError.
   */
  readonly renewAfterRejection: (rejected: string) => Promise<string>;
}
