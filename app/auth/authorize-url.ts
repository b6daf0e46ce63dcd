/**
 * The URL the system browser opens: `{accounts}/authorize` (spotify-api.md §1).
 * Built with URLSearchParams so every value is encoded once and correctly.
 */

export interface AuthorizeUrlInput {
  accountsUrl: string;
  clientId: string;
  /** The loopback redirect, port included; must be sent again unchanged at the token step. */
  redirectUri: string;
  state: string;
  scopes: readonly string[];
  /**
   * The S256 challenge. Omitted only in the secret variant, where the client authenticates
   * with Basic auth at the token step instead.
   */
  codeChallenge?: string;
  /** Forces Spotify's consent page even for a returning user: used to switch account. */
  showDialog?: boolean;
}

export function buildAuthorizeUrl(input: AuthorizeUrlInput): string {
  const url = new URL(`${input.accountsUrl.replace(/\/+$/, '')}/authorize`);
  const params = url.searchParams;
  params.set('client_id', input.clientId);
  params.set('response_type', 'code');
  params.set('redirect_uri', input.redirectUri);
  params.set('state', input.state);
  params.set('scope', input.scopes.join(' '));
  if (input.codeChallenge !== undefined) {
    params.set('code_challenge_method', 'S256');
    params.set('code_challenge', input.codeChallenge);
  }
  if (input.showDialog) params.set('show_dialog', 'true');
  // URLSearchParams writes spaces as '+', which only form decoders read as a space; '%20' means a
  // space to every decoder. A literal '+' in a value is already '%2B', so this swap is exact.
  url.search = params.toString().replace(/\+/g, '%20');
  return url.toString();
}
