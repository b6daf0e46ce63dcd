/**
 * The window from the keyboard alone: the whole journey (setup, connect, filter, a playlist, a
 * track, back, the Connection view, Copy diagnostics) with nothing but keyboard.press / type in the
 * window (the system browser's consent page is the user's browser, a second context), a sensible
 * Tab order, a focus ring one can see at every step in both themes, and Escape: it closes what is
 * open, newest first, and hides the window when nothing is.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CLIENT_ID, DEMO_USER_ID, type Emulator, startEmulator } from '../../spotify-emulator/index.ts';
import { waitUntil } from '../../support/wait.ts';
import { chromiumAvailable, launchChromium } from './chromium.ts';
import { focusedLabel, focusRing } from './focus.ts';
import { type Harness, startHarness } from './harness.ts';
import { savedSignIn } from './seed.ts';
import { approveInSystemBrowser } from './system-browser.ts';

describe.skipIf(!chromiumAvailable())('the window from the keyboard alone', () => {
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
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  const endpoints = () => ({ TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl, TUNETRAY_API_URL: emulator.apiUrl });
  /** A harness that starts connected from a saved sign-in. */
  const connected = async (colorScheme: 'light' | 'dark' = 'light') => {
    const saved = await savedSignIn(emulator, { clientId: DEMO_CLIENT_ID, userId: DEMO_USER_ID });
    harness = await startHarness({
      browser,
      colorScheme,
      env: { ...endpoints(), TUNETRAY_CLIENT_ID: DEMO_CLIENT_ID },
      dataDir: saved.dir,
      cipherKey: saved.key,
    });
    await harness.page.getByRole('listbox', { name: 'Playlists' }).getByRole('option').first().waitFor();
    return harness;
  };

  /** Waits until the focus is on `label` (a role and name, or a pattern), and checks one can see it. */
  const expectFocus = async (page: Page, label: string | RegExp, options: { ring?: boolean } = {}) => {
    await expect
      .poll(() => focusedLabel(page), { timeout: 15_000 })
      .toMatch(typeof label === 'string' ? new RegExp(`^${escapeRegExp(label)}`) : label);
    // After a mouse click, browsers rightly draw no ring; after a key press they must.
    if (options.ring === false) return;
    const ring = await focusRing(page);
    expect(ring.problem, `focus ring of ${await focusedLabel(page)}`).toBe(null);
  };

  test('setup, connect, filter, a playlist, a track, back, the Connection view, Copy diagnostics: keys only', async () => {
    harness = await startHarness({ browser, env: endpoints() });
    const h = harness;
    const { page } = h;
    const keys = page.keyboard;

    // Setup: the Client ID field has the focus; Enter saves.
    await expectFocus(page, 'textbox "Client ID"');
    await keys.type(DEMO_CLIENT_ID);
    await keys.press('Enter');
    // Signed out: Connect has the focus; Enter opens the system browser.
    await expectFocus(page, 'button "Connect Spotify"');
    await keys.press('Enter');
    await page.getByText('Waiting for you to approve in your browser').waitFor();
    const { page: consent } = await approveInSystemBrowser(browser, h);
    await consent.context().close();
    await waitUntil(() => h.core.library.info().playlistCount === 300, 'the library', 20_000);

    // Typing filters at once; Down moves into the list; Enter opens the playlist.
    await expectFocus(page, 'searchbox "Filter playlists"');
    await keys.type('Folk Drive');
    await page.getByText(/^\d+ of 300$/).waitFor();
    await keys.press('ArrowDown');
    await expectFocus(page, /^option "Folk Drive, by Demo Listener/);
    await keys.press('Enter');
    await page.getByRole('heading', { name: 'Folk Drive' }).waitFor();
    // Its tracks arrive and typing filters them; Down and Enter open one in Spotify.
    await expectFocus(page, 'searchbox "Filter tracks"');
    await keys.press('ArrowDown');
    await expectFocus(page, /^option "/);
    const before = h.opened.length;
    await keys.press('Enter');
    await waitUntil(() => h.opened.length > before, 'the track opened');
    expect(h.opened.at(-1)).toMatch(/^spotify:(track|episode):[0-9A-Za-z]+$/);

    // Escape comes back to the playlists, to the row that was opened, the filter as it was.
    await keys.press('Escape');
    await expectFocus(page, /^option "Folk Drive, by Demo Listener/);
    expect(await page.getByRole('searchbox', { name: 'Filter playlists' }).inputValue()).toBe('Folk Drive');

    // Tab goes on to the footer: Settings, then Connection.
    await keys.press('Tab');
    await expectFocus(page, 'button "Settings"');
    await keys.press('Tab');
    await expectFocus(page, 'button "Connection"');
    await keys.press('Enter');
    await page.getByRole('heading', { name: 'Connection' }).waitFor();
    await expectFocus(page, 'button "Back"');
    await keys.press('Tab');
    await expectFocus(page, 'button "Copy diagnostics"');
    await keys.press('Enter');
    await page.getByText('Copied.').waitFor();
    const report = await page.evaluate(() => navigator.clipboard.readText());
    expect(report).toContain('Account: Demo Listener (demo)');
    expect(report).toContain('Sign-in kept in: The system keyring: GNOME Keyring (Secret Service)');

    // Escape, newest first: the view (focus back where it was), the filter's text, then the window.
    await keys.press('Escape');
    await expectFocus(page, 'button "Connection"');
    expect(h.host.window.hides()).toBe(0);
    await keys.press('Escape');
    await expect.poll(() => page.getByRole('searchbox', { name: 'Filter playlists' }).inputValue()).toBe('');
    expect(h.host.window.hides()).toBe(0);
    await keys.press('Escape');
    await expect.poll(() => h.host.window.hides()).toBe(1);
    expect(h.host.window.visible()).toBe(false);
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`Tab order, and a focus ring one can see on every stop (${scheme})`, async () => {
      const { page } = await connected(scheme);
      // A full round of Tab from the filter (which has the focus at start), leaving the page once.
      const stops: string[] = [];
      for (let i = 0; i < 7; i++) {
        await page.keyboard.press('Tab');
        const label = await focusedLabel(page);
        if (label === 'body') continue;
        stops.push(label);
        const ring = await focusRing(page);
        expect(ring.problem, `focus ring of ${label} (stops so far: ${stops.join(', ')})`).toBe(null);
      }
      const start = stops.indexOf('button "Refresh"');
      const round = [...stops.slice(start), ...stops.slice(0, start)];
      expect(round.map((s) => s.replace(/^option ".*/, 'option (the active playlist)'))).toEqual([
        'button "Refresh"',
        'searchbox "Filter playlists"',
        'option (the active playlist)',
        'button "Settings"',
        'button "Connection"',
        'button "Disconnect"',
      ]);

      // The views have rings too: Settings (checkbox, Set shortcut) and the recorder.
      await page.getByRole('button', { name: 'Settings' }).focus();
      await page.keyboard.press('Enter');
      await expectFocus(page, 'button "Back"');
      await page.keyboard.press('Tab');
      await expectFocus(page, 'checkbox "Start Tunetray when you log in"');
      await page.keyboard.press('Tab');
      await expectFocus(page, 'button "Set shortcut"');
      await page.keyboard.press('Enter');
      await expectFocus(page, 'textbox "New shortcut"');
      // Escape cancels the recorder only; the view stays open.
      await page.keyboard.press('Escape');
      await expectFocus(page, 'button "Set shortcut"');
      expect(await page.getByRole('heading', { name: 'Settings' }).isVisible()).toBe(true);
    });
  }

  test('Escape closes what is open first: a playlist, the Disconnect confirmation, an error; then hides the window', async () => {
    const h = await connected();
    const { page } = h;
    // A playlist open while the focus is in the footer: Escape comes back to the list first.
    await page.getByRole('listbox', { name: 'Playlists' }).getByRole('option').first().click();
    await page.getByRole('button', { name: 'Back' }).waitFor();
    await page.getByRole('button', { name: 'Settings' }).focus();
    await page.keyboard.press('Escape');
    await page.getByRole('listbox', { name: 'Playlists' }).waitFor();
    expect(await page.getByRole('button', { name: 'Back' }).count()).toBe(0);
    expect(h.host.window.hides()).toBe(0);

    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expectFocus(page, 'button "Cancel"', { ring: false });
    await page.keyboard.press('Escape');
    await expectFocus(page, 'button "Disconnect"', { ring: false });
    expect(h.core.session.state().status).toBe('connected');
    expect(h.host.window.hides()).toBe(0);

    h.openFails = true;
    await page.getByRole('listbox', { name: 'Playlists' }).getByRole('option').first().click();
    await page.getByRole('button', { name: 'Open in Spotify' }).click();
    await page.getByRole('alert').waitFor();
    h.openFails = false;
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByRole('listbox', { name: 'Playlists' }).waitFor();
    expect(h.host.window.hides()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => h.host.window.hides()).toBe(1);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
