import { describe, expect, it } from 'vitest';
import { buildAuthorizeUrl } from '../../app/auth/authorize-url.ts';

const base = {
  accountsUrl: 'https://accounts.example/',
  clientId: 'client-1',
  redirectUri: 'http://127.0.0.1:5123/callback',
  state: 'st-ate_123',
  scopes: ['user-read-private', 'playlist-read-private'],
};

describe('buildAuthorizeUrl', () => {
  it('carries every PKCE parameter, scopes space-separated', () => {
    const url = new URL(buildAuthorizeUrl({ ...base, codeChallenge: 'chal+lenge' }));
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.example/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client-1',
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:5123/callback',
      state: 'st-ate_123',
      scope: 'user-read-private playlist-read-private',
      code_challenge_method: 'S256',
      code_challenge: 'chal+lenge',
    });
    // A space is %20 (not '+'), so even a decoder that only knows percent-encoding reads it right.
    expect(url.search).toContain('scope=user-read-private%20playlist-read-private');
    expect(decodeURIComponent(url.search)).toContain('code_challenge=chal+lenge');
  });

  it('adds show_dialog only when asked', () => {
    expect(new URL(buildAuthorizeUrl(base)).searchParams.has('show_dialog')).toBe(false);
    expect(new URL(buildAuthorizeUrl({ ...base, showDialog: true })).searchParams.get('show_dialog')).toBe('true');
  });

  it('sends no PKCE parameters in the secret variant', () => {
    const params = new URL(buildAuthorizeUrl(base)).searchParams;
    expect(params.has('code_challenge')).toBe(false);
    expect(params.has('code_challenge_method')).toBe(false);
  });
});
