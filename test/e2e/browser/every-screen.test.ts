/**
 * Every screen and state of the window, light and dark, against the emulator through the real
 * core: axe-core reports zero violations, a screenshot of each lands in
 * test-results/screenshots/<screen>-<scheme>.png, and none of them shows a secret. The table of
 * violation counts per screen is printed at the end.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canListItems } from '../../../app/items/listable.ts';
import { DEMO_CLIENT_ID, DEMO_USER_ID, type Emulator, startEmulator } from '../../spotify-emulator/index.ts';
import { waitUntil } from '../../support/wait.ts';
import { chromiumAvailable, launchChromium } from './chromium.ts';
import { createScreenChecker, knownSecrets } from './every-screen.ts';
import { type Harness, type HarnessOptions, startHarness } from './harness.ts';
import { DAY_MS, lockedKeyring, type SavedSignIn, savedSignIn } from './seed.ts';
import { approveInSystemBrowser } from './system-browser.ts';

describe.skipIf(!chromiumAvailable())('every screen and state: axe-core, light and dark, screenshots', () => {
  let browser: Browser;
  let emulator: Emulator;
  const seeded: SavedSignIn[] = [];
  const harnesses: Harness[] = [];
  const checker = createScreenChecker(() =>
    knownSecrets(
      emulator,
      seeded.flatMap((s) => [s.tokens.accessToken, s.tokens.refreshToken]),
    ),
  );

  beforeAll(async () => {
    browser = await launchChromium();
    emulator = await startEmulator({ demo: true });
  });
  afterAll(async () => {
    for (const h of harnesses) await h.close().catch(() => {});
    await browser?.close();
    await emulator?.close();
    if (checker.results.length) console.log(`axe-core violations per screen:\n${checker.table()}`);
  });

  const env = () => ({
    TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl,
    TUNETRAY_API_URL: emulator.apiUrl,
    TUNETRAY_CLIENT_ID: DEMO_CLIENT_ID,
  });
  const open = async (options: Omit<HarnessOptions, 'browser'>) => {
    const h = await startHarness({ browser, ...options });
    harnesses.push(h);
    return h;
  };
  const close = async (h: Harness) => {
    harnesses.splice(harnesses.indexOf(h), 1);
    await h.close();
  };
  /** A harness that starts connected from a saved sign-in (no browser step). */
  const connected = async (options: { firstAuthorizedAt?: number } & Omit<HarnessOptions, 'browser'> = {}) => {
    const saved = await savedSignIn(emulator, {
      clientId: DEMO_CLIENT_ID,
      userId: DEMO_USER_ID,
      ...(options.firstAuthorizedAt ? { firstAuthorizedAt: options.firstAuthorizedAt } : {}),
    });
    seeded.push(saved);
    const h = await open({ env: env(), dataDir: saved.dir, cipherKey: saved.key, ...options });
    await waitUntil(() => h.core.library.info().updatedAt !== null, 'the first sync');
    await h.page.getByRole('listbox', { name: 'Playlists' }).getByRole('option').first().waitFor();
    return h;
  };
  const expectClean = (from: number) => expect(checker.problems(from), checker.problems(from).join('\n\n')).toEqual([]);
  test('setup: the first run, and a Client ID that is not one', async () => {
    const from = checker.results.length;
    const h = await open({ env: { TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl } });
    await h.page.getByRole('heading', { name: 'Set up Tunetray' }).waitFor();
    await checker.check(h.page, 'setup');
    await h.page.getByRole('textbox', { name: 'Client ID' }).fill('not a client id');
    await h.page.getByRole('button', { name: 'Save' }).click();
    await h.page.getByRole('alert').waitFor();
    await checker.check(h.page, 'setup-invalid');
    await close(h);
    expectClean(from);
  });

  test('signed out (with a notice) and connecting: each step', async () => {
    const from = checker.results.length;
    const h = await open({ env: env() });
    const { page } = h;
    await page.getByRole('button', { name: 'Connect Spotify' }).waitFor();
    await checker.check(page, 'signed-out');

    await page.getByRole('button', { name: 'Connect Spotify' }).click();
    await page.getByText('Waiting for you to approve in your browser').waitFor();
    await checker.check(page, 'connecting-waiting-for-browser');
    await h.nextOpened();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Sign-in was cancelled.').waitFor();
    await checker.check(page, 'signed-out-notice');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await checker.check(page, 'signed-out-settings');
    await page.getByRole('button', { name: 'Back' }).click();

    // The code exchange and the profile each take a while, so each step can be looked at.
    emulator.fault({ kind: 'latency', ms: 4_000, path: '/api/token', times: 1 });
    emulator.fault({ kind: 'latency', ms: 4_000, path: '/v1/me', times: 1 });
    await page.getByRole('button', { name: 'Connect Spotify' }).click();
    const approving = approveInSystemBrowser(browser, h);
    await page.getByText('Finishing sign-in…').waitFor({ timeout: 15_000 });
    await checker.check(page, 'connecting-exchanging-code');
    await page.getByText('Loading your profile…').waitFor({ timeout: 15_000 });
    await checker.check(page, 'connecting-loading-profile');
    const { page: consent } = await approving;
    await consent.context().close();
    await waitUntil(() => h.core.session.state().status === 'connected', 'connected', 20_000);
    emulator.clearFaults();
    await close(h);
    expectClean(from);
  });

  test('connecting: waiting for a locked keyring', async () => {
    const from = checker.results.length;
    const saved = await savedSignIn(emulator, { clientId: DEMO_CLIENT_ID, userId: DEMO_USER_ID });
    seeded.push(saved);
    const h = await open({ env: env(), dataDir: saved.dir, cipher: lockedKeyring(saved.key) });
    await h.page.getByText('Waiting for your keyring to be unlocked…').waitFor();
    await checker.check(h.page, 'connecting-waiting-for-keyring');
    await close(h);
    expectClean(from);
  });

  test('connected: the library, a filter without results, a playlist (list, loading, not listable), the views, the footer, an error', async () => {
    const from = checker.results.length;
    const h = await connected();
    const { page } = h;
    await checker.check(page, 'library');

    const filter = page.getByRole('searchbox', { name: 'Filter playlists' });
    await filter.fill('zzzz no such playlist');
    await page.getByText('No playlists match').waitFor();
    await checker.check(page, 'library-filter-no-results');
    await filter.fill('');

    const profile = h.core.library.profile()?.id ?? null;
    const playlists = h.core.library.playlists();
    const laptop = playlists.find((p) => p.name === 'From my laptop');
    const others = playlists.find((p) => !canListItems(p, profile));
    const slow = playlists.find((p, i) => i > 10 && canListItems(p, profile) && (p.trackCount ?? 0) > 5);
    if (!laptop || !others || !slow) throw new Error('the demo library has changed');

    await page.getByRole('option', { name: new RegExp(`^${laptop.name}`) }).click();
    await page.getByRole('listbox', { name: 'Tracks' }).getByRole('option').first().waitFor();
    await checker.check(page, 'playlist-items');
    await page.getByRole('button', { name: 'Back' }).click();

    await filter.fill(others.name);
    await page
      .getByRole('option', { name: new RegExp(`^${others.name}`) })
      .first()
      .click();
    await page.getByText(/Spotify only lets Tunetray list/).waitFor();
    await checker.check(page, 'playlist-not-listable');

    // No app for spotify: links and no browser: the action fails, and says so.
    h.openFails = true;
    await page.getByRole('button', { name: 'Open in Spotify' }).click();
    await page.getByRole('alert').waitFor();
    await checker.check(page, 'error-alert');
    h.openFails = false;
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('button', { name: 'Back' }).click();

    emulator.fault({ kind: 'latency', ms: 4_000, path: `/v1/playlists/${slow.id}`, times: 2 });
    await filter.fill(slow.name);
    await page
      .getByRole('option', { name: new RegExp(`^${slow.name}`) })
      .first()
      .click();
    await page.getByText('Loading tracks…').waitFor();
    await checker.check(page, 'playlist-items-loading');
    await page.getByRole('button', { name: 'Back' }).click();
    await filter.fill('');
    emulator.clearFaults();

    await page.getByRole('button', { name: 'Connection' }).click();
    await page.getByRole('heading', { name: 'Connection' }).waitFor();
    await checker.check(page, 'connection');
    await page.getByRole('button', { name: 'Copy diagnostics' }).click();
    await page.getByText('Copied.').waitFor();
    await page.getByText('What was copied').click();
    await checker.check(page, 'connection-diagnostics-copied');
    await page.getByRole('button', { name: 'Back' }).click();

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await checker.check(page, 'settings');
    await page.getByRole('button', { name: 'Set shortcut' }).click();
    await page.keyboard.press('Control+Alt');
    await checker.check(page, 'settings-recording-shortcut');
    h.host.shortcuts.taken.add('Ctrl+Alt+K');
    await page.keyboard.press('Control+Alt+KeyK');
    await page.getByText('Ctrl+Alt+K is already used by another app').waitFor();
    await checker.check(page, 'settings-shortcut-taken');
    await page.keyboard.press('Control+Alt+KeyT');
    await page.getByText('Ctrl+Alt+T now shows and hides Tunetray.').waitFor();
    await checker.check(page, 'settings-shortcut-set');
    await page.getByRole('button', { name: 'Back' }).click();

    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByText('Disconnect from Spotify?').waitFor();
    await checker.check(page, 'footer-disconnect-confirm');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await close(h);
    expectClean(from);
  });

  test('connected: offline, then rate limited', async () => {
    const from = checker.results.length;
    const h = await connected();
    const { page } = h;
    emulator.fault({ kind: 'reset', path: '/v1/me', forMs: 60_000 });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByText('Offline — showing saved playlists').waitFor({ timeout: 20_000 });
    await checker.check(page, 'library-offline');
    emulator.clearFaults();

    emulator.fault({ kind: 'status', status: 429, retryAfterSec: 900, path: '/v1/me', times: 10 });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page
      .getByText(/Rate limited by Spotify until/)
      .first()
      .waitFor({ timeout: 20_000 });
    await checker.check(page, 'library-rate-limited');
    await page.getByRole('button', { name: 'Connection' }).click();
    await page.getByRole('heading', { name: 'Connection' }).waitFor();
    await checker.check(page, 'connection-rate-limited');
    emulator.clearFaults();
    await close(h);
    expectClean(from);
  });

  test('connected: the reconnect reminder and a sign-in kept in memory only', async () => {
    const from = checker.results.length;
    const h = await connected({
      firstAuthorizedAt: Date.now() - 175 * DAY_MS,
      cipherProtection: { kind: 'weak', explanation: 'No system keyring was found.' },
    });
    const { page } = h;
    await page.getByText(/Spotify will ask you to approve again around/).waitFor();
    await page.getByRole('button', { name: 'Remember sign-in anyway' }).waitFor();
    await checker.check(page, 'library-reconnect-reminder');
    await page.getByRole('button', { name: 'Connection' }).click();
    await page.getByRole('heading', { name: 'Connection' }).waitFor();
    await checker.check(page, 'connection-warnings');
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('checkbox', { name: 'Store sign-in with weaker protection' }).waitFor();
    await checker.check(page, 'settings-weaker-storage');
    await close(h);
    expectClean(from);
  });
});
