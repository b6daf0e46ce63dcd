/**
 * Bench section: opening a 10,000-item playlist in the real window (Chromium through the browser
 * harness, the real core, the emulator with 40 ms per request), from the click to the first item
 * rows on screen; then opening it again unchanged (from the saved copy, confirmed by one
 * conditional request), and again after a restart (the saved copy read from disk). Requests and
 * bytes are counted by the emulator, not by the client. Also the frame times while scrolling the
 * whole list.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../e2e/browser/chromium.ts';
import { type Harness, startHarness } from '../e2e/browser/harness.ts';
import { connectThroughBrowser } from '../e2e/browser/system-browser.ts';
import { type Emulator, startEmulator } from '../spotify-emulator/index.ts';
import { waitUntil } from '../support/wait.ts';
import type { BenchResult } from './emulator.ts';

const ITEMS = 10_000;
const LATENCY_MS = 40;
const PLAYLIST_ID = 'BenchTenThousandItems1';
const NAME = 'Ten thousand';

interface Opening {
  /** Click -> first item rows painted, on the page's clock. */
  ms: number;
  /** Click -> the items arrived in the page (core, cache or Spotify, and the bridge). */
  dataMs: number;
  requests: number;
  bytes: number;
}

/** Opens the playlist by a click and measures on the page's own clock; the emulator counts what it cost. */
async function open(page: Page, emulator: Emulator): Promise<Opening> {
  emulator.clearRequests();
  await page.evaluate(() => {
    const marks: { click?: number; rows?: number } = {};
    (window as unknown as { __bench: typeof marks }).__bench = marks;
    document.addEventListener('click', () => (marks.click = performance.now()), { once: true, capture: true });
    const observer = new MutationObserver(() => {
      if (!document.querySelector('[aria-label="Tracks"] [role="option"]')) return;
      observer.disconnect();
      // The frame in which the rows are painted.
      requestAnimationFrame(() => (marks.rows = performance.now()));
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
  await page
    .getByRole('listbox', { name: 'Playlists' })
    .getByRole('option', { name: new RegExp(`^${NAME}`) })
    .click();
  await page.getByRole('listbox', { name: 'Tracks' }).getByRole('option').first().waitFor({ state: 'visible' });
  const timing = await page.evaluate(async () => {
    const marks = (window as unknown as { __bench: { click?: number; rows?: number } }).__bench;
    while (marks.rows === undefined) await new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
    const click = marks.click ?? Number.NaN;
    // No getPlaylistItems after the click: the window still had this playlist and asked only for the check.
    const data = performance.getEntriesByName('tunetray:getPlaylistItems').at(-1)?.startTime ?? 0;
    return { ms: marks.rows - click, dataMs: data > click ? data - click : 0 };
  });
  // The confirm request of a saved copy may still be on its way: wait until the window says it is done.
  await waitUntil(async () => ((await page.locator('.items-status').textContent()) ?? '') === '', 'the check', 30_000);
  const log = emulator.requests.filter((r) => r.path.startsWith(`/v1/playlists/${PLAYLIST_ID}`));
  return { ...timing, requests: log.length, bytes: log.reduce((sum, r) => sum + r.bytes, 0) };
}

async function back(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('listbox', { name: 'Playlists' }).waitFor({ state: 'visible' });
}

async function scrollFrames(page: Page): Promise<{ median: number; p95: number }> {
  return page.getByRole('listbox', { name: 'Tracks' }).evaluate(async (el) => {
    const frames: number[] = [];
    let last = performance.now();
    for (let i = 1; i <= 200; i++) {
      el.scrollTop = (el.scrollHeight * i) / 200;
      await new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    frames.sort((a, b) => a - b);
    return { median: frames[100] ?? Number.NaN, p95: frames[190] ?? Number.NaN };
  });
}

export async function benchPlaylistItems(): Promise<BenchResult[]> {
  if (!chromiumAvailable()) {
    console.log('playlist items: not measured (no Chromium at /usr/bin/chromium)');
    return [];
  }
  const emulator = await startEmulator();
  const browser = await launchChromium();
  const harnesses: Harness[] = [];
  try {
    const { clientId } = emulator.registerClient({
      name: 'Tunetray bench',
      redirectUris: ['http://127.0.0.1/callback'],
    });
    emulator.registerUser({ id: 'bench', displayName: 'Bench Listener' });
    emulator.seedPlaylists('bench', 200);
    emulator.setPlaylists('bench', [
      { id: PLAYLIST_ID, name: NAME, trackCount: ITEMS },
      ...emulator.getPlaylists('bench'),
    ]);
    const env = {
      TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl,
      TUNETRAY_API_URL: emulator.apiUrl,
      TUNETRAY_CLIENT_ID: clientId,
    };
    const cipherKey = randomBytes(32);
    const first = await startHarness({ browser, env, cipherKey });
    harnesses.push(first);
    await connectThroughBrowser(browser, first);
    await waitUntil(() => first.core.library.info().playlistCount === 201, 'the library', 60_000);
    emulator.fault({ kind: 'latency', ms: LATENCY_MS });

    const cold = await open(first.page, emulator);
    const dom = await first.page.getByRole('listbox', { name: 'Tracks' }).getByRole('option').count();
    const frames = await scrollFrames(first.page);
    await back(first.page);
    const warm = await open(first.page, emulator);
    await back(first.page);

    // A restart: same profile folder and keyring, the saved copy comes from disk.
    await first.close();
    harnesses.length = 0;
    const second = await startHarness({ browser, env, cipherKey, dataDir: first.dataDir });
    harnesses.push(second);
    await waitUntil(() => second.core.session.state().status === 'connected', 'the restored sign-in');
    await second.page.getByRole('listbox', { name: 'Playlists' }).waitFor();
    const restarted = await open(second.page, emulator);

    const row = (what: string, r: Opening): BenchResult[] => [
      { name: `playlist items: ${what}, click -> first rows visible`, value: Math.round(r.ms), unit: 'ms' },
      {
        // 0 when the window still held the playlist and only asked whether it is current.
        name: `playlist items: ${what}, of which waiting for the items`,
        value: Math.round(r.dataMs),
        unit: 'ms',
      },
      { name: `playlist items: ${what}, requests`, value: r.requests, unit: 'requests' },
      { name: `playlist items: ${what}, response bytes`, value: r.bytes, unit: 'bytes' },
    ];
    return [
      { name: 'playlist items: items in the playlist', value: ITEMS, unit: 'items' },
      { name: 'playlist items: latency per request', value: LATENCY_MS, unit: 'ms' },
      ...row('first open', cold),
      ...row('re-open unchanged', warm),
      ...row('re-open after a restart', restarted),
      { name: 'playlist items: option rows in the DOM', value: dom, unit: 'rows' },
      {
        name: 'playlist items: scroll top->bottom, median frame',
        value: Math.round(frames.median * 10) / 10,
        unit: 'ms',
      },
      { name: 'playlist items: scroll top->bottom, p95 frame', value: Math.round(frames.p95 * 10) / 10, unit: 'ms' },
    ];
  } finally {
    emulator.clearFaults();
    for (const h of harnesses) await h.close();
    await browser.close();
    await emulator.close();
  }
}
