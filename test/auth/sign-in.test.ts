/**
 * The whole Connect flow against the emulator, over real HTTP and a real loopback socket.
 * The test plays the system browser: it takes the URL signIn opens, lets the emulator's consent
 * screen answer it, and then follows the redirect to the loopback server itself.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pendingSignIn, type SignInOptions, type SignInProgress, signIn } from '../../app/auth/sign-in.ts';
import { systemClock } from '../../app/ports.ts';
import { AppError } from '../../app/result.ts';
import { REQUIRED_SCOPES } from '../../app/tokens/token-set.ts';
import { type Emulator, startEmulator } from '../spotify-emulator/index.ts';
import type { PlayBrowserOptions } from '../spotify-emulator/types.ts';
import { createMemoryLogger } from '../support/ports.ts';
import { createBrowser, createRawLogger, expectNoSecrets, isPending, isRefused, send, within } from './helpers.ts';

let emu: Emulator;
let clientId: string;

beforeAll(async () => {
  emu = await startEmulator();
  clientId = emu.registerClient({ name: 'Tunetray', redirectUris: ['http://127.0.0.1/callback'] }).clientId;
  emu.registerUser({ id: 'listener', displayName: 'Listener' });
});
afterAll(async () => {
  await emu.close();
});
/** Every sign-in a test started, so the next test never meets one left open (signIn allows one at a time). */
const started: Array<{ stop: AbortController; result: Promise<unknown> }> = [];
beforeEach(() => emu.clearRequests());
afterEach(async () => {
  emu.clearFaults();
  // Whatever happened, the test must have closed what it opened...
  const leftOpen = pendingSignIn();
  // ...and if it did not (it failed half-way), close it here so that only this test fails.
  for (const { stop } of started) stop.abort();
  await within(Promise.allSettled(started.splice(0).map((s) => s.result)), 5_000, 'the sign-ins ending');
  expect(leftOpen).toBeNull();
});

/**
 * A sign-in that fails fast with its reason: it gives up waiting for the browser after 8 s (before
 * the test's own timeout would hide why), and `result` says so if the flow hangs anywhere else.
 */
function begin(extra: Partial<SignInOptions> = {}, browser = createBrowser()) {
  const logger = createRawLogger();
  const progress: SignInProgress[] = [];
  const stop = new AbortController();
  const signal = extra.signal ? AbortSignal.any([stop.signal, extra.signal]) : stop.signal;
  const flow = signIn({
    accountsUrl: emu.accountsUrl,
    clientId,
    scopes: [...REQUIRED_SCOPES],
    openExternal: browser.openExternal,
    logger,
    onProgress: (step) => progress.push(step),
    timeoutMs: 8_000,
    ...extra,
    signal,
  });
  flow.catch(() => {});
  started.push({ stop, result: flow });
  const result = within(flow, 12_000, 'the sign-in ending');
  result.catch(() => {});
  return { result, browser, logger, progress };
}

const params = (url: string) => new URL(url).searchParams;
const portOf = (authorizeUrl: string) => Number(new URL(params(authorizeUrl).get('redirect_uri') ?? '').port);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected sign-in to fail');
    },
    (error: unknown) => {
      if (!(error instanceof AppError)) throw error;
      return error;
    },
  );

/** The consent screen's answer: the loopback URL the browser is redirected to. */
async function consent(authorizeUrl: string, options: PlayBrowserOptions = {}): Promise<string> {
  const page = await within(
    emu.playBrowser(authorizeUrl, { decision: 'agree', userId: 'listener', ...options }),
    5_000,
    'the consent page',
  );
  expect(page.status).toBe(302);
  if (!page.location) throw new Error(`no redirect from the consent page: ${page.body.slice(0, 200)}`);
  return page.location;
}

const tokenRequests = () => emu.requests.filter((entry) => entry.path === '/api/token');

describe('signIn', () => {
  it('completes the PKCE flow and sends the same redirect_uri, client_id and verifier', async () => {
    const receivedAt = Date.UTC(2026, 10, 23, 9, 0, 0);
    const { result, browser, logger, progress } = begin({ now: () => receivedAt });
    const url = await browser.opened();
    const query = params(url);
    const redirectUri = query.get('redirect_uri');
    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.get('scope')).toBe(REQUIRED_SCOPES.join(' '));
    expect(query.has('show_dialog')).toBe(false);
    expect(pendingSignIn()?.redirectUri).toBe(redirectUri);

    // "Open the page again" opens the same URL and does not disturb the flow.
    expect(progress.map((step) => step.step)).toEqual(['waiting-for-browser']);
    const [waiting] = progress;
    if (waiting?.step !== 'waiting-for-browser') throw new Error('no waiting step');
    await waiting.reopenBrowser();
    expect(browser.urls).toEqual([url, url]);

    const location = await consent(url);
    expect(location.startsWith(`${redirectUri}?`)).toBe(true);
    const page = await send(location);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Tunetray is connected.');

    const tokens = await result;
    expect(tokens.accessToken).not.toBe('');
    expect(tokens.refreshToken).not.toBe('');
    expect(tokens.expiresAt).toBe(receivedAt + 3600_000);
    expect(tokens.obtainedAt).toBe(receivedAt);
    expect(tokens.firstAuthorizedAt).toBe(receivedAt);
    expect(tokens.scopes).toEqual(expect.arrayContaining([...REQUIRED_SCOPES]));
    expect(progress.map((step) => step.step)).toEqual(['waiting-for-browser', 'exchanging-code']);

    const [exchange, ...others] = tokenRequests();
    expect(others).toHaveLength(0);
    const form = exchange?.form ?? {};
    const code = params(location).get('code');
    expect(form.grant_type).toBe('authorization_code');
    expect(form.code).toBe(code);
    expect(form.redirect_uri).toBe(redirectUri);
    expect(form.client_id).toBe(clientId);
    expect(
      createHash('sha256')
        .update(form.code_verifier ?? '')
        .digest('base64url'),
    ).toBe(query.get('code_challenge'));
    expect(exchange?.tokenKind).toBe('none');

    // The tokens really work against the Web API.
    const me = await fetch(`${emu.apiUrl}/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
    expect(me.status).toBe(200);

    expect(pendingSignIn()).toBeNull();
    expect(await isRefused(portOf(url))).toBe(true);
    expectNoSecrets(logger.lines, [
      tokens.accessToken,
      tokens.refreshToken,
      code,
      form.code_verifier,
      query.get('state'),
    ]);
    expect(logger.lines.join('\n')).toContain('signed in');
  });

  it('uses Basic auth and no verifier with a client secret', async () => {
    const secretClient = emu.registerClient({
      name: 'Seeds',
      secret: 'seed-secret-0123456789abcdef',
      redirectUris: ['http://127.0.0.1/callback'],
    });
    const clientSecret = secretClient.clientSecret ?? '';
    const { result, browser, logger } = begin({ clientId: secretClient.clientId, clientSecret });
    const url = await browser.opened();
    expect(params(url).has('code_challenge')).toBe(false);
    expect(params(url).has('code_challenge_method')).toBe(false);
    await send(await consent(url));
    const tokens = await result;
    expect(tokens.refreshToken).not.toBe('');

    const [exchange] = tokenRequests();
    expect(exchange?.tokenKind).toBe('basic');
    expect(exchange?.headers.authorization).toMatch(/^Basic/);
    expect(Object.keys(exchange?.form ?? {}).sort()).toEqual(['code', 'grant_type', 'redirect_uri']);
    expectNoSecrets(logger.lines, [clientSecret, tokens.accessToken, tokens.refreshToken]);
  });

  it('ends with access-denied when the user declines, and closes the port', async () => {
    const { result, browser } = begin();
    const url = await browser.opened();
    const location = await consent(url, { decision: 'cancel' });
    expect(params(location).get('error')).toBe('access_denied');
    const page = await send(location);
    expect(page.body).toContain('Tunetray is not connected.');
    const error = await failure(result);
    expect(error.code).toBe('access-denied');
    expect(error.message).toBe('You chose not to connect Tunetray to Spotify. Connect again whenever you like.');
    expect(tokenRequests()).toHaveLength(0);
    expect(await isRefused(portOf(url))).toBe(true);
  });

  it('ignores stray and forged requests, then completes with the real callback', async () => {
    const { result, browser } = begin();
    const url = await browser.opened();
    const location = await consent(url);
    const callback = new URL(location);
    const forged = new URL(location);
    forged.searchParams.set('state', 'not-the-state-of-this-sign-in-0000000000');

    expect((await send(`${callback.origin}/favicon.ico`)).status).toBe(404);
    const post = await send(callback.toString(), 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
    expect((await send(forged.toString())).status).toBe(400);
    expect((await send(`${callback.origin}/callback?error=access_denied&state=nope`)).status).toBe(400);
    expect(await isPending(result)).toBe(true);
    expect(tokenRequests()).toHaveLength(0);

    expect((await send(location)).status).toBe(200);
    expect((await result).accessToken).not.toBe('');
  });

  it('refuses a second sign-in at once without disturbing the first', async () => {
    const first = begin();
    const url = await first.browser.opened();
    const second = begin();
    const error = await failure(second.result);
    expect(error.code).toBe('busy');
    expect(second.browser.urls).toHaveLength(0);
    expect(pendingSignIn()?.port).toBe(portOf(url));

    await send(await consent(url));
    expect((await first.result).accessToken).not.toBe('');
  });

  it('ends with cancelled when the signal aborts, closes the port, and allows a new sign-in', async () => {
    const controller = new AbortController();
    const { result, browser } = begin({ signal: controller.signal, showDialog: true });
    const url = await browser.opened();
    expect(params(url).get('show_dialog')).toBe('true');
    expect(await isRefused(portOf(url))).toBe(false);
    controller.abort();
    const error = await failure(result);
    expect(error.code).toBe('cancelled');
    expect(error.message).toBe('Sign-in was cancelled.');
    expect(await isRefused(portOf(url))).toBe(true);

    const already = new AbortController();
    already.abort();
    const again = begin({ signal: already.signal });
    expect((await failure(again.result)).code).toBe('cancelled');
    expect(again.browser.urls).toHaveLength(0);
  });

  it('times out with a hint about the Client ID and the redirect URI, and closes the port', async () => {
    const { result, browser } = begin({ timeoutMs: 150 });
    const url = await browser.opened();
    const error = await failure(result);
    expect(error.code).toBe('timed-out');
    expect(error.message).toContain('Client ID');
    expect(error.message).toContain('http://127.0.0.1/callback');
    expect(await isRefused(portOf(url))).toBe(true);
  });

  it('names the [::1] redirect in the timeout hint when IPv4 loopback was unavailable', async () => {
    const { result, browser } = begin({ timeoutMs: 100, loopbackHosts: ['192.0.2.1', '::1'] });
    const url = await browser.opened();
    expect(params(url).get('redirect_uri')).toMatch(/^http:\/\/\[::1\]:\d+\/callback$/);
    const error = await failure(result);
    expect(error.code).toBe('timed-out');
    expect(error.message).toContain('http://[::1]/callback');
    expect(await isRefused(portOf(url), '::1')).toBe(true);
  });

  it('fails with missing-scope, in words, when the user grants less than Tunetray needs', async () => {
    const { result, browser } = begin();
    const url = await browser.opened();
    await send(await consent(url, { grantScopes: ['user-read-private', 'playlist-read-private'] }));
    const error = await failure(result);
    expect(error.code).toBe('missing-scope');
    expect(error.message).toContain('read your collaborative playlists');
    expect(error.message).not.toContain('read your private playlists');
    expect(await isRefused(portOf(url))).toBe(true);
  });

  it.each([
    { fault: { kind: 'status', status: 503 } as const, code: 'spotify-unavailable', words: /trouble/ },
    { fault: { kind: 'reset' } as const, code: 'network', words: /could not reach Spotify/ },
  ])('turns a token endpoint $fault.kind into a readable $code error', async ({ fault, code, words }) => {
    const { result, browser, logger } = begin();
    const url = await browser.opened();
    emu.fault({ ...fault, path: '/api/token', times: 1 });
    const location = await consent(url);
    await send(location);
    const error = await failure(result);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(words);
    const secrets = [params(location).get('code'), params(url).get('state')];
    expectNoSecrets([error.message, ...logger.lines], secrets);
    expect(await isRefused(portOf(url))).toBe(true);
  });

  it('ends with a readable error and closes the port when the browser cannot be opened', async () => {
    const { result, browser } = begin({}, createBrowser({ fail: new Error('xdg-open: no method available') }));
    const url = await browser.opened();
    const error = await failure(result);
    expect(error.code).toBe('browser-unavailable');
    expect(error.message).toContain('could not open your web browser');
    expect(await isRefused(portOf(url))).toBe(true);
  });

  it('keeps every secret out of the app logger and the redactor learns them', async () => {
    const logger = createMemoryLogger();
    const { result, browser } = begin({ logger, redactor: logger.redactor });
    const url = await browser.opened();
    const location = await consent(url);
    await send(location);
    const tokens = await result;
    const verifier = tokenRequests()[0]?.form?.code_verifier;
    const secrets = [
      tokens.accessToken,
      tokens.refreshToken,
      params(location).get('code'),
      verifier,
      params(url).get('state'),
    ];
    expectNoSecrets(
      logger.lines.map((entry) => entry.line),
      secrets,
    );
    // Anyone else logging these values later (another module, an error's text) gets them redacted.
    for (const secret of secrets) expect(logger.redactor.redact(`value ${secret}`)).toBe('value [redacted]');
  });
});

/** Real timers, counted: a timer the sign-in forgets to cancel shows up as still pending. */
function countingTimers() {
  let pending = 0;
  return {
    pending: () => pending,
    setTimer(callback: () => void, delayMs: number) {
      pending++;
      let done = false;
      const finish = () => {
        if (!done) pending--;
        done = true;
      };
      const cancel = systemClock.setTimer(() => {
        finish();
        callback();
      }, delayMs);
      return () => {
        finish();
        cancel();
      };
    },
  };
}

describe('the wait for the browser', () => {
  it.each(['agree', 'cancel'] as const)('leaves no timer behind when the user chooses %s', async (decision) => {
    const timers = countingTimers();
    const { result, browser } = begin({ setTimer: timers.setTimer });
    const url = await browser.opened();
    expect(timers.pending()).toBe(1);
    await send(await consent(url, { decision }));
    await result.catch(() => {});
    expect(timers.pending()).toBe(0);
  });

  it('leaves no timer behind when cancelled', async () => {
    const timers = countingTimers();
    const stop = new AbortController();
    const { result, browser } = begin({ setTimer: timers.setTimer, signal: stop.signal });
    await browser.opened();
    stop.abort();
    await result.catch(() => {});
    expect(timers.pending()).toBe(0);
  });
});
