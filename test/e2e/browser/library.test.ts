import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trayMenu } from '../../../main/tray-menu.ts';
import { type Emulator, startEmulator } from '../../spotify-emulator/index.ts';
import { waitUntil } from '../../support/wait.ts';
import { chromiumAvailable, launchChromium } from './chromium.ts';
import { type Harness, startHarness } from './harness.ts';
import { shot } from './screenshots.ts';
import { connectThroughBrowser } from './system-browser.ts';

const PLAYLISTS = 2000;

describe.skipIf(!chromiumAvailable())('the library in the window', () => {
  let browser: Browser;
  let emulator: Emulator;
  let harness: Harness;

  beforeAll(async () => {
    browser = await launchChromium();
    emulator = await startEmulator();
    const { clientId } = emulator.registerClient({
      name: 'Tunetray test',
      redirectUris: ['http://127.0.0.1/callback'],
    });
    emulator.registerUser({ id: 'listener', displayName: 'Test Listener', product: 'premium', country: 'SE' });
    emulator.seedPlaylists('listener', PLAYLISTS, { privateEvery: 7, collaborativeEvery: 11, noImageEvery: 5 });
    harness = await startHarness({
      browser,
      env: {
        TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl,
        TUNETRAY_API_URL: emulator.apiUrl,
        TUNETRAY_CLIENT_ID: clientId,
      },
    });
    await connectThroughBrowser(browser, harness);
    await waitUntil(() => harness.core.library.info().playlistCount === PLAYLISTS, 'the whole library', 30_000);
  });
  afterAll(async () => {
    await harness?.close();
    await browser?.close();
    await emulator?.close();
  });

  test('shows the profile and the playlists in the user order, virtualized', async () => {
    const { page } = harness;
    await expect.poll(() => page.getByText('Test Listener').first().isVisible()).toBe(true);
    const list = page.getByRole('listbox', { name: 'Playlists' });
    const first = harness.core.library.playlists()[0];
    await expect.poll(() => list.getByRole('option').first().textContent()).toContain(first?.name ?? '?');
    const rendered = await list.getByRole('option').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);
    await shot(page, 'library-connected');
  });

  test(`scrolls through all ${PLAYLISTS} playlists`, async () => {
    const { page } = harness;
    const last = harness.core.library.playlists().at(-1);
    await page.getByRole('listbox', { name: 'Playlists' }).evaluate((el) => {
      const scroller = el.closest('[data-scroller]') ?? el;
      scroller.scrollTop = scroller.scrollHeight;
    });
    await expect.poll(() => page.getByRole('option', { name: new RegExp(last?.name ?? '?') }).isVisible()).toBe(true);
    await shot(page, 'library-scrolled-to-end');
  });

  test('the filter narrows the list by name', async () => {
    const { page } = harness;
    const target = harness.core.library.playlists()[1234];
    const name = target?.name ?? '?';
    await page.getByRole('searchbox', { name: 'Filter playlists' }).fill(name);
    await expect
      .poll(() =>
        page
          .getByRole('option', { name: new RegExp(name) })
          .first()
          .isVisible(),
      )
      .toBe(true);
    const list = page.getByRole('listbox', { name: 'Playlists' });
    await expect.poll(() => list.getByRole('option').count()).toBeLessThan(20);
    const texts = await list.getByRole('option').allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text.toLowerCase()).toContain(name.toLowerCase());
    await shot(page, 'library-filtered');
    await page.getByRole('searchbox', { name: 'Filter playlists' }).fill('');
  });

  test("Enter on a playlist shows its contents; the header's Open in Spotify opens its spotify: URI", async () => {
    const { page } = harness;
    const first = harness.core.library.playlists()[0];
    await page.getByRole('listbox', { name: 'Playlists' }).getByRole('option').first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: first?.name ?? '?' }).waitFor();
    await page.getByRole('button', { name: 'Open in Spotify' }).click();
    await expect.poll(() => harness.opened.at(-1)).toBe(`spotify:playlist:${first?.id}`);
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('listbox', { name: 'Playlists' }).waitFor();
  });

  test('a fresh window paints its first rows before the rest of the list has crossed the bridge', async () => {
    const { page } = harness;
    // On the page's clock: when each getPlaylists answer arrived, and the first frame that drew a row.
    await page.addInitScript(() => {
      const seen = { answers: [] as number[], rowsPainted: Number.NaN };
      Object.assign(window, { __firstRows: seen });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntriesByName('tunetray:getPlaylists')) seen.answers.push(entry.startTime);
      }).observe({ type: 'mark' });
      const check = () => {
        if (document.querySelector('[role="option"]')) seen.rowsPainted = performance.now();
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    await page.reload();
    const last = harness.core.library.playlists().at(-1);
    const list = page.getByRole('listbox', { name: 'Playlists' });
    await expect
      .poll(async () => {
        await list.evaluate((el) => {
          el.scrollTop = el.scrollHeight;
        });
        return page.getByRole('option', { name: new RegExp(last?.name ?? '?') }).isVisible();
      })
      .toBe(true);
    const seen = await page.evaluate(
      () => (window as unknown as { __firstRows: { answers: number[]; rowsPainted: number } }).__firstRows,
    );
    expect(seen.answers.length).toBeGreaterThan(1);
    expect(seen.rowsPainted).toBeLessThan(seen.answers.at(-1) ?? Number.NaN);
    await list.evaluate((el) => {
      el.scrollTop = 0;
    });
  });

  test('the tray menu for this state lists the first playlists', () => {
    const menu = trayMenu(harness.core.session.state(), harness.core.library.playlists());
    const sub = menu.find((i) => i.type === 'normal' && i.label === 'Playlists');
    const names = sub?.type === 'normal' ? (sub.submenu ?? []).map((i) => (i.type === 'normal' ? i.label : '-')) : [];
    const expected = harness.core.library
      .playlists()
      .slice(0, 3)
      .map((p) => p.name.replace(/&/g, '&&'));
    expect(names.slice(0, 3)).toEqual(expected);
    expect(names.at(-1)).toBe(`All playlists (${PLAYLISTS})…`);
  });

  test('Disconnect clears tokens, cache and the window', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'Disconnect' }).click();
    // A confirm step guards the destructive action.
    const confirm = page.getByRole('button', { name: /Disconnect/ }).last();
    await confirm.click();
    await expect.poll(() => page.getByRole('button', { name: 'Connect Spotify' }).isVisible()).toBe(true);
    expect(harness.core.library.playlists()).toHaveLength(0);
    const auth = join(harness.dataDir, 'auth.json');
    expect(existsSync(auth) ? readFileSync(auth, 'utf8') : '').not.toContain('ciphertext');
    const library = join(harness.dataDir, 'library.json');
    expect(existsSync(library) ? readFileSync(library, 'utf8') : '').not.toContain('Test Listener');
    await shot(page, 'library-disconnected');
  });
});
