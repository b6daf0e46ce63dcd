/**
 * Connection health in the window, against the emulator through the real core: the Connection
 * view's lines, "Copy diagnostics" checked against every secret of a real sign-in and refresh (and,
 * from Settings, of a sign-in that failed), the
 * reconnect reminder whose one click renews the approval and keeps everything else, the proxy in
 * use, and what a screen reader hears for the rows (visible text, then the position in the whole list).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CLIENT_ID, DEMO_USER_ID, type Emulator, startEmulator } from '../../spotify-emulator/index.ts';
import { createTestCipher } from '../../support/ports.ts';
import { startTinyproxy, tinyproxyAvailable } from '../../support/tinyproxy.ts';
import { waitUntil } from '../../support/wait.ts';
import { chromiumAvailable, launchChromium } from './chromium.ts';
import { knownSecrets } from './every-screen.ts';
import { type Harness, type HarnessOptions, startHarness } from './harness.ts';
import { DAY_MS, savedSignIn } from './seed.ts';
import { approveInSystemBrowser } from './system-browser.ts';

describe.skipIf(!chromiumAvailable())('connection health in the window', () => {
  let browser: Browser;
  let emulator: Emulator;
  let harness: Harness | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
    emulator = await startEmulator({ demo: true });
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    emulator.clearFaults();
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  const env = () => ({
    TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl,
    TUNETRAY_API_URL: emulator.apiUrl,
    TUNETRAY_CLIENT_ID: DEMO_CLIENT_ID,
  });
  const openConnection = async (h: Harness) => {
    await h.page.getByRole('button', { name: 'Connection' }).click();
    await h.page.getByRole('heading', { name: 'Connection' }).waitFor();
  };
  const line = (h: Harness, id: string) => h.page.locator(`[data-health="${id}"] dd`).textContent();
  const seeded = async (options: { firstAuthorizedAt?: number } & Omit<HarnessOptions, 'browser'> = {}) => {
    const saved = await savedSignIn(emulator, {
      clientId: DEMO_CLIENT_ID,
      userId: DEMO_USER_ID,
      ...(options.firstAuthorizedAt ? { firstAuthorizedAt: options.firstAuthorizedAt } : {}),
    });
    harness = await startHarness({ browser, env: env(), dataDir: saved.dir, cipherKey: saved.key, ...options });
    await harness.page.getByRole('listbox', { name: 'Playlists' }).getByRole('option').first().waitFor();
    return { h: harness, saved };
  };

  test('the Connection view: the account, since when, the next approval, the keyring by name, the syncs', async () => {
    const { h, saved } = await seeded();
    await openConnection(h);
    expect(await line(h, 'account')).toBe('Demo Listener (demo)');
    const since = new Date(saved.tokens.firstAuthorizedAt).toLocaleDateString('en-US', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    expect(await line(h, 'since')).toBe(since);
    expect(await line(h, 'approval')).toMatch(/^Spotify will ask you to approve again around \w+ \d+, \d{4}$/);
    expect(await line(h, 'storage')).toBe('The system keyring: GNOME Keyring (Secret Service)');
    expect(await line(h, 'last-sync')).toMatch(/\(just now\)$/);
    expect(await line(h, 'next-sync')).toMatch(/^Around .+, while the window is open$/);
    expect(await line(h, 'rate-limit')).toBe('Not rate limited');
    expect(await line(h, 'network')).toBe('Online');
    expect(await line(h, 'proxy')).toBe('No proxy: connecting directly');
    // No token-shaped value anywhere in the view: only the time of the approval crossed over.
    const html = await h.page.content();
    expect(html).not.toContain(saved.tokens.accessToken);
    expect(html).not.toContain(saved.tokens.refreshToken);
  });

  test('Copy diagnostics after a real sign-in and a refresh: no token, code, verifier or state in the text', async () => {
    const key = Buffer.alloc(32, 3);
    harness = await startHarness({ browser, env: env(), cipherKey: key });
    const h = harness;
    emulator.clearRequests();
    await h.page.getByRole('button', { name: 'Connect Spotify' }).click();
    const { page: consent, authorizeUrl } = await approveInSystemBrowser(browser, h);
    const redirect = new URL(consent.url());
    await consent.context().close();
    await waitUntil(() => h.core.library.info().updatedAt !== null, 'the first sync', 20_000);
    // Refresh: the access token expires, the next request gets 401 and the scheduler renews it.
    emulator.expireAllAccessTokens();
    await h.core.session.refreshLibrary();
    await waitUntil(
      () => emulator.requests.some((r) => r.path === '/api/token' && r.form?.grant_type === 'refresh_token'),
      'a refresh',
    );
    await waitUntil(() => h.core.library.info().sync.kind === 'idle', 'the sync after the refresh');
    const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
    const code = redirect.searchParams.get('code') ?? '';
    const record = JSON.parse(readFileSync(join(h.dataDir, 'auth.json'), 'utf8')) as { tokens: { ciphertext: string } };
    const current = JSON.parse((await createTestCipher({ key }).decrypt(record.tokens.ciphertext)).plaintext) as {
      accessToken: string;
      refreshToken: string;
    };
    const secrets = [...new Set([...knownSecrets(emulator), state, code, current.accessToken, current.refreshToken])];
    const verifier = emulator.requests.find((r) => r.form?.code_verifier)?.form?.code_verifier ?? '';
    expect(secrets).toContain(verifier);
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    for (const secret of secrets) expect(secret.length).toBeGreaterThanOrEqual(8);
    // A careless log line somewhere in the app: it must still come out redacted.
    h.logger.warn(`a careless line: ${authorizeUrl} Bearer ${current.accessToken} ${current.refreshToken} ${verifier}`);

    await h.page.getByRole('button', { name: 'Connection' }).click();
    await h.page.getByRole('button', { name: 'Copy diagnostics' }).click();
    await h.page.getByText('Copied.').waitFor();
    const report = await h.page.evaluate(() => navigator.clipboard.readText());
    expect(report).toContain('Account: Demo Listener (demo)');
    expect(report).toContain(`Chrome ${browser.version()}`);
    const logLines = Number(/Last (\d+) log lines:/.exec(report)?.[1]);
    expect(logLines).toBeGreaterThan(5);
    expect(logLines).toBeLessThanOrEqual(50);
    expect(report).toContain('token endpoint granted tokens grant="refresh_token"');
    expect(report).toContain('a careless line');
    for (const secret of secrets) expect(report, 'a secret in the diagnostics').not.toContain(secret);
    // What the view shows of the report says the same.
    await h.page.getByText('What was copied').click();
    const shown = (await h.page.locator('.diagnostics-text').textContent()) ?? '';
    for (const secret of secrets) expect(shown).not.toContain(secret);
  });

  test('a sign-in that fails: Copy diagnostics is in Settings, says what happened, and holds no code, verifier or state', async () => {
    harness = await startHarness({ browser, env: env(), cipherKey: Buffer.alloc(32, 4) });
    const h = harness;
    // Spotify's token endpoint fails the code exchange: the sign-in ends, signed out, with the reason.
    emulator.fault({ kind: 'status', status: 503, path: '/api/token', times: 10 });
    await h.page.getByRole('button', { name: 'Connect Spotify' }).click();
    const { page: consent, authorizeUrl } = await approveInSystemBrowser(browser, h);
    const redirect = new URL(consent.url());
    await consent.context().close();
    await waitUntil(() => h.core.session.state().status === 'signed-out', 'the failed sign-in', 20_000);
    const notice = h.core.session.state().notice?.message ?? '';
    expect(notice).not.toBe('');
    await h.page.getByText(notice).first().waitFor();
    // No Connection view without a connection: the report is reached from Settings.
    expect(await h.page.getByRole('button', { name: 'Connection' }).count()).toBe(0);
    await h.page.getByRole('button', { name: 'Settings' }).click();
    await h.page.getByRole('heading', { name: 'Settings' }).waitFor();
    await h.page.getByRole('button', { name: 'Copy diagnostics' }).click({ timeout: 2_000 });
    await h.page.getByText('Copied.').waitFor();
    const report = await h.page.evaluate(() => navigator.clipboard.readText());
    expect(report).toMatch(/^Status: signed-out$/m);
    expect(report).toContain(`Notice: ${notice}`);
    const verifier = emulator.requests.find((r) => r.form?.code_verifier)?.form?.code_verifier ?? '';
    const secrets = [
      ...new Set([
        ...knownSecrets(emulator),
        new URL(authorizeUrl).searchParams.get('state') ?? '',
        redirect.searchParams.get('code') ?? '',
        verifier,
      ]),
    ];
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const secret of secrets) expect(secret.length).toBeGreaterThanOrEqual(8);
    for (const secret of secrets) expect(report, 'a secret in the diagnostics').not.toContain(secret);
  });

  test('the reconnect reminder from 14 days before: one click renews the approval, settings and saved copies stay', async () => {
    const { h } = await seeded({ firstAuthorizedAt: Date.now() - 172 * DAY_MS });
    const { page } = h;
    await page.getByText(/Spotify will ask you to approve again around/).waitFor();
    const before = h.core.session.state();
    if (before.status !== 'connected') throw new Error('connected expected');
    // Something saved: a setting and a playlist's contents.
    await h.core.handlers.updatePreferences({ startAtLogin: true });
    const owned = h.core.library.playlists().find((p) => p.name === 'Folk Drive');
    if (!owned) throw new Error('the demo has changed');
    await h.core.items.open(owned.id);
    const itemsFile = () => readFileSync(join(h.dataDir, 'items.json'), 'utf8');
    expect(itemsFile()).toContain(owned.id);
    await openConnection(h);
    expect(await page.locator('[data-health="approval"]').getAttribute('class')).toContain('health-warning');

    await page.getByRole('button', { name: 'Reconnect Spotify' }).click();
    const { page: consent } = await approveInSystemBrowser(browser, h);
    await consent.context().close();
    await waitUntil(() => h.core.session.state().status === 'connected', 'connected again', 20_000);
    const after = h.core.session.state();
    if (after.status !== 'connected') throw new Error('connected expected');
    expect((after.reconnectBy ?? 0) - Date.now()).toBeGreaterThan(170 * DAY_MS);
    expect(after.notice?.code).not.toBe('reconnect-soon');
    expect(h.core.settings.get().startAtLogin).toBe(true);
    expect(itemsFile()).toContain(owned.id);
    expect(h.core.library.playlists().length).toBe(300);
    await page.getByRole('listbox', { name: 'Playlists' }).getByRole('option').first().waitFor();
    expect(await page.getByText(/approve again around/).count()).toBe(0);
  });

  test.skipIf(!tinyproxyAvailable())('the proxy in use: "Connecting through proxy host:port"', async () => {
    const proxy = await startTinyproxy();
    try {
      const { h } = await seeded({ network: { proxyResolver: async () => `PROXY ${proxy.address}` } });
      await openConnection(h);
      await expect.poll(() => line(h, 'proxy')).toMatch(new RegExp(`^Connecting through proxy ${proxy.address}From`));
      expect(await h.page.locator('[data-health="proxy"] .health-detail').textContent()).toBe(
        'From the system’s proxy settings.',
      );
      expect(proxy.log()).toMatch(/127\.0\.0\.1/);
    } finally {
      await harness?.close();
      harness = undefined;
      await proxy.stop();
    }
  });

  test('a screen reader hears each row as its visible text, then its place in the whole list', async () => {
    const { h } = await seeded();
    const { page } = h;
    const list = page.getByRole('listbox', { name: 'Playlists' });
    // The accessibility tree (Playwright's snapshot of it): each option named by what it shows.
    const snapshot = await list.ariaSnapshot({ depth: 2 });
    expect(snapshot).toContain('- option "All-time favourites, by Demo Listener, 10,000 tracks" [selected]');
    expect(snapshot).toContain('- option "From my laptop, by Demo Listener, 9 tracks, Private"');
    expect(snapshot).not.toMatch(/ ,/);
    // Chromium's own accessibility tree (what it hands to screen readers) names them the same.
    const cdp = await page.context().newCDPSession(page);
    const { root } = (await cdp.send('DOM.getDocument', { depth: 0 })) as { root: { nodeId: number } };
    const { nodes } = (await cdp.send('Accessibility.queryAXTree', { nodeId: root.nodeId, role: 'option' })) as {
      nodes: Array<{ name?: { value?: string } }>;
    };
    const chromiumNames = nodes.map((n) => n.name?.value ?? '');
    expect(chromiumNames).toContain('All-time favourites, by Demo Listener, 10,000 tracks');
    expect(chromiumNames).toContain('From my laptop, by Demo Listener, 9 tracks, Private');
    for (const name of chromiumNames) expect(snapshot).toContain(`option "${name}"`);
    // Its place: in the whole list of 300, not among the rendered few; again after scrolling and filtering.
    const place = (name: string) =>
      list
        .getByRole('option', { name: new RegExp(`^${name},`) })
        .first()
        .evaluate((el) => `${el.getAttribute('aria-posinset')} of ${el.getAttribute('aria-setsize')}`);
    expect(await place('Folk Drive')).toBe('4 of 300');
    const last = h.core.library.playlists().at(-1);
    await list.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await list.getByRole('option', { name: new RegExp(`^${last?.name},`) }).waitFor();
    expect(await place(last?.name ?? '?')).toBe('300 of 300');
    await page.getByRole('searchbox', { name: 'Filter playlists' }).fill('Drive');
    const drives = h.core.library
      .playlists()
      .filter((p) => `${p.name}\u0000${p.ownerName}`.toLowerCase().includes('drive'));
    const folk = drives.findIndex((p) => p.name === 'Folk Drive');
    await expect.poll(() => place('Folk Drive')).toBe(`${folk + 1} of ${drives.length}`);

    // A playlist's tracks the same way: "title, artists, album, length, added date".
    await list
      .getByRole('option', { name: /^Folk Drive,/ })
      .first()
      .click();
    const tracks = page.getByRole('listbox', { name: 'Tracks' });
    await tracks.getByRole('option').first().waitFor();
    const first = (await tracks.ariaSnapshot({ depth: 2 })).split('\n')[1] ?? '';
    expect(first).toMatch(/^ {2}- option "[^",]+, [^"]+, \d+:\d\d, added [^"]+" \[selected\]$/);
    expect(first).not.toMatch(/ ,/);
    expect(await tracks.getByRole('option').first().getAttribute('aria-posinset')).toBe('1');
    const folkDrive = drives[folk];
    expect(await tracks.getByRole('option').first().getAttribute('aria-setsize')).toBe(String(folkDrive?.trackCount));
  });
});
