/** spotify-api.md §1: GET /authorize, the consent page and its outcomes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from './index.ts';
import { APP_SCOPES, asRecord, authorizeUrl, get, param, pkcePair, post, tokenPost } from './test-helpers.ts';
import type { Emulator } from './types.ts';

let emu: Emulator;
const CLIENT = 'authclient';
const PKCE = pkcePair();

function url(overrides: Record<string, string | undefined> = {}): string {
  return authorizeUrl(emu, {
    client_id: CLIENT,
    response_type: 'code',
    redirect_uri: 'http://127.0.0.1:5123/callback',
    scope: APP_SCOPES.join(' '),
    state: 'state-123',
    code_challenge_method: 'S256',
    code_challenge: PKCE.challenge,
    ...overrides,
  });
}

beforeAll(async () => {
  emu = await startEmulator();
  emu.registerClient({
    clientId: CLIENT,
    name: 'Test App',
    redirectUris: [
      'http://127.0.0.1/callback',
      'http://[::1]/callback',
      'http://127.0.0.1:7000/fixed',
      'https://example.com/Callback',
      'http://localhost:8888/callback',
      'http://example.com/callback',
    ],
  });
  emu.registerUser({ id: 'listener', displayName: 'Listener' });
});
afterAll(() => emu.close());

describe('errors shown as a Spotify page, not redirected', () => {
  const cases: Array<[string, Record<string, string | undefined>, string]> = [
    ['missing client_id', { client_id: undefined }, 'Missing required parameter: client_id'],
    ['unknown client', { client_id: 'nope' }, 'INVALID_CLIENT: Invalid client'],
    ['response_type token (implicit grant removed)', { response_type: 'token' }, 'response_type must be code'],
    ['missing response_type', { response_type: undefined }, 'response_type must be code'],
    ['unknown scope', { scope: 'user-read-private made-up-scope' }, 'Illegal scope'],
    [
      'unregistered redirect URI',
      { redirect_uri: 'http://127.0.0.1:5123/other' },
      'INVALID_CLIENT: Invalid redirect URI',
    ],
    [
      'redirect URI differs in case',
      { redirect_uri: 'https://example.com/callback' },
      'INVALID_CLIENT: Invalid redirect URI',
    ],
    [
      'redirect URI with a trailing slash',
      { redirect_uri: 'https://example.com/Callback/' },
      'INVALID_CLIENT: Invalid redirect URI',
    ],
    [
      'localhost, even when registered',
      { redirect_uri: 'http://localhost:8888/callback' },
      'INVALID_CLIENT: Invalid redirect URI',
    ],
    [
      'non-loopback http, even when registered',
      { redirect_uri: 'http://example.com/callback' },
      'INVALID_CLIENT: Insecure redirect URI',
    ],
    [
      'registered with a port: another port',
      { redirect_uri: 'http://127.0.0.1:7001/fixed' },
      'INVALID_CLIENT: Invalid redirect URI',
    ],
  ];
  for (const [name, params, message] of cases) {
    it(name, async () => {
      const res = await get(url(params));
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain(message);
    });
  }
});

describe('redirect URI matching', () => {
  it('accepts an exact https match', async () => {
    const res = await get(url({ redirect_uri: 'https://example.com/Callback' }));
    expect(res.status).toBe(200);
  });

  it('accepts any port for a port-less 127.0.0.1 registration', async () => {
    for (const port of [1024, 5123, 65000]) {
      const b = await emu.playBrowser(url({ redirect_uri: `http://127.0.0.1:${port}/callback` }));
      expect(b.status).toBe(302);
      expect(b.location).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/callback\\?code=`));
    }
  });

  it('accepts any port for a port-less [::1] registration', async () => {
    const b = await emu.playBrowser(url({ redirect_uri: 'http://[::1]:40000/callback' }));
    expect(b.status).toBe(302);
    expect(b.location).toMatch(/^http:\/\/\[::1\]:40000\/callback\?code=/);
  });

  it('accepts the exact registered port', async () => {
    const b = await emu.playBrowser(url({ redirect_uri: 'http://127.0.0.1:7000/fixed' }));
    expect(b.status).toBe(302);
  });
});

describe('outcomes', () => {
  it('approve: 302 to the redirect URI with code and the unchanged state', async () => {
    const state = 'AbC-_.~%20 weird+state/?&=';
    const b = await emu.playBrowser(url({ state }));
    expect(b.status).toBe(302);
    expect(b.location?.startsWith('http://127.0.0.1:5123/callback?code=')).toBe(true);
    expect(param(b.location, 'code')).toMatch(/^\S{20,}$/);
    expect(param(b.location, 'state')).toBe(state);
  });

  it('deny: 302 with error=access_denied and the state', async () => {
    const b = await emu.playBrowser(url(), { decision: 'cancel' });
    expect(b.status).toBe(302);
    expect(b.location).toBe('http://127.0.0.1:5123/callback?error=access_denied&state=state-123');
  });

  it('PKCE: code_challenge_method other than S256 goes back as invalid_request', async () => {
    const res = await get(url({ code_challenge_method: 'plain' }));
    expect(res.status).toBe(302);
    expect(param(res.headers.location ?? null, 'error')).toBe('invalid_request');
    expect(param(res.headers.location ?? null, 'state')).toBe('state-123');
  });

  it('PKCE: a client without secret must send a code_challenge', async () => {
    const res = await get(url({ code_challenge: undefined, code_challenge_method: undefined }));
    expect(res.status).toBe(302);
    expect(param(res.headers.location ?? null, 'error')).toBe('invalid_request');
  });

  it('a consent form can be submitted only once', async () => {
    const page = await get(url());
    const ticket = /name="ticket" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const form = new URLSearchParams({ ticket, decision: 'agree', user: 'listener' }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const first = await post(`${emu.url}/authorize/consent`, form, headers);
    expect(first.status).toBe(302);
    const second = await post(`${emu.url}/authorize/consent`, form, headers);
    expect(second.status).toBe(400);
    expect(second.headers.location).toBeUndefined();
  });
});

describe('consent page', () => {
  it('is plain accessible HTML: app name, scopes in words, Agree and Cancel buttons, no script', async () => {
    const res = await get(url());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('Test App');
    expect(res.text).toContain('Access your private playlists');
    expect(res.text).toContain('Access your collaborative playlists');
    expect(res.text).toMatch(/<form method="post" action="\/authorize\/consent">/);
    expect(res.text).toMatch(/<button type="submit" name="decision" value="agree">Agree<\/button>/);
    expect(res.text).toMatch(/<button type="submit" name="decision" value="cancel">Cancel<\/button>/);
    expect(res.text).not.toMatch(/<script/i);
  });

  it('shows no user picker when one user exists', async () => {
    const res = await get(url());
    expect(res.text).not.toContain('type="radio"');
    expect(res.text).toContain('Signed in as <strong>Listener (listener)</strong>');
  });

  it('shows a labelled user picker when several users exist, and the picked user gets the tokens', async () => {
    const other = await startEmulator();
    try {
      other.registerClient({ clientId: 'c', name: 'Two Users', redirectUris: ['http://127.0.0.1/cb'] });
      other.registerUser({ id: 'u1', displayName: 'One' });
      other.registerUser({ id: 'u2', displayName: 'Two' });
      const pair = pkcePair();
      const u = authorizeUrl(other, {
        client_id: 'c',
        response_type: 'code',
        redirect_uri: 'http://127.0.0.1:9/cb',
        code_challenge_method: 'S256',
        code_challenge: pair.challenge,
      });
      const page = await get(u);
      expect(page.text).toContain('<fieldset><legend>Continue as</legend>');
      expect(page.text).toMatch(
        /<label for="user-1"><input type="radio" id="user-1" name="user" value="u2"> Two \(u2\)<\/label>/,
      );
      const b = await other.playBrowser(u, { userId: 'u2' });
      const token = await tokenPost(other, {
        grant_type: 'authorization_code',
        code: param(b.location, 'code') ?? '',
        redirect_uri: 'http://127.0.0.1:9/cb',
        client_id: 'c',
        code_verifier: pair.verifier,
      });
      const me = await get(`${other.apiUrl}/me`, { authorization: `Bearer ${String(asRecord(token).access_token)}` });
      expect(asRecord(me).id).toBe('u2');
    } finally {
      await other.close();
    }
  });
});

describe('remembered consent and show_dialog', () => {
  it('a returning user who approved these scopes is redirected straight back', async () => {
    const first = await emu.playBrowser(url());
    expect(first.cookie).toMatch(/^sp_emu_session=/);
    const again = await emu.playBrowser(url({ state: 'second' }), { cookie: first.cookie ?? '' });
    expect(again.status).toBe(302);
    expect(again.body).toBe('');
    expect(param(again.location, 'code')).not.toBeNull();
    expect(param(again.location, 'state')).toBe('second');
    // Straight back means the GET itself redirected: only one request reached /authorize*.
    const raw = await get(url(), { cookie: first.cookie ?? '' });
    expect(raw.status).toBe(302);
  });

  it('show_dialog=true forces the consent page even then', async () => {
    const first = await emu.playBrowser(url());
    const res = await get(url({ show_dialog: 'true' }), { cookie: first.cookie ?? '' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('>Agree</button>');
  });

  it('asks again when more scopes are requested than were approved', async () => {
    const first = await emu.playBrowser(url({ scope: 'user-read-private' }));
    const res = await get(url({ scope: 'user-read-private user-read-email' }), { cookie: first.cookie ?? '' });
    expect(res.status).toBe(200);
  });

  it('a new browser (no cookie) always sees the consent page', async () => {
    await emu.playBrowser(url());
    const res = await get(url());
    expect(res.status).toBe(200);
  });
});
