import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CLIENT_ID, type Emulator, startEmulator } from '../../spotify-emulator/index.ts';
import { portIsClosed } from '../../support/net.ts';
import { chromiumAvailable, launchChromium } from './chromium.ts';
import { type Harness, startHarness } from './harness.ts';
import { shot } from './screenshots.ts';
import { approveInSystemBrowser, loopbackPort } from './system-browser.ts';

describe.skipIf(!chromiumAvailable())('Connect Spotify through the system browser', () => {
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

  const open = async () => {
    harness = await startHarness({
      browser,
      env: {
        TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl,
        TUNETRAY_API_URL: emulator.apiUrl,
        TUNETRAY_CLIENT_ID: DEMO_CLIENT_ID,
      },
    });
    return harness;
  };

  test('approve in the browser: the window shows the connected profile and playlists', async () => {
    const h = await open();
    await h.page.getByRole('button', { name: 'Connect Spotify' }).click();
    await expect.poll(() => h.page.getByText('Waiting for you to approve in your browser').isVisible()).toBe(true);
    await shot(h.page, 'connect-waiting');

    const { page: consent, authorizeUrl } = await approveInSystemBrowser(browser, h);
    await shot(consent, 'connect-browser-done');
    expect(new URL(authorizeUrl).searchParams.get('code_challenge_method')).toBe('S256');

    await expect.poll(() => h.page.getByText('Demo Listener').first().isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => h.page.getByRole('listbox', { name: 'Playlists' }).isVisible()).toBe(true);
    await shot(h.page, 'connect-connected');
    expect(await portIsClosed(loopbackPort(authorizeUrl))).toBe(true);

    // Nothing secret reached the page or the logs.
    const tokens = emulator.requests.filter((r) => r.accessToken).map((r) => r.accessToken as string);
    const html = await h.page.content();
    for (const token of tokens) expect(html).not.toContain(token);
    for (const { line } of h.logger.lines) for (const token of tokens) expect(line).not.toContain(token);
    await consent.context().close();
  });

  test('Cancel ends the sign-in, says so, and closes the port', async () => {
    const h = await open();
    await h.page.getByRole('button', { name: 'Connect Spotify' }).click();
    const authorizeUrl = await h.nextOpened();
    await h.page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => h.page.getByRole('button', { name: 'Connect Spotify' }).isVisible()).toBe(true);
    await expect.poll(() => h.page.getByText('Sign-in was cancelled.').isVisible()).toBe(true);
    await shot(h.page, 'connect-cancelled');
    expect(await portIsClosed(loopbackPort(authorizeUrl))).toBe(true);
    expect(h.core.session.state().status).toBe('signed-out');
  });

  test('Declining in the browser shows what happened and how to continue', async () => {
    const h = await open();
    await h.page.getByRole('button', { name: 'Connect Spotify' }).click();
    const { page } = await approveInSystemBrowser(browser, h, 'Cancel');
    await page.context().close();
    await expect.poll(() => h.page.getByRole('button', { name: 'Connect Spotify' }).isVisible()).toBe(true);
    const notice = h.core.session.state().notice;
    expect(notice?.code).toBe('access-denied');
    await expect.poll(() => h.page.getByText(notice?.message ?? '---').isVisible()).toBe(true);
    await shot(h.page, 'connect-declined');
  });
});
