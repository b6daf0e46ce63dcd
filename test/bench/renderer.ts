/**
 * Renderer bench: the real window in Debian's Chromium with 10,000 playlists from the
 * emulator, through the real core. Measures time from data arriving in the page to the
 * first rows being visible, how many rows are in the DOM (virtualization), and frame times
 * while scrolling from the top to the bottom.
 */

import { chromiumAvailable, launchChromium } from '../e2e/browser/chromium.ts';
import { startHarness } from '../e2e/browser/harness.ts';
import { connectThroughBrowser } from '../e2e/browser/system-browser.ts';
import { startEmulator } from '../spotify-emulator/index.ts';
import { waitUntil } from '../support/wait.ts';
import type { BenchResult } from './emulator.ts';
import type { BenchSection } from './section.ts';

const PLAYLISTS = 10_000;

export async function benchRenderer(): Promise<BenchResult[]> {
  if (!chromiumAvailable()) {
    console.log('renderer: not measured (no Chromium at /usr/bin/chromium)');
    return [];
  }
  const emulator = await startEmulator();
  const browser = await launchChromium();
  try {
    const { clientId } = emulator.registerClient({
      name: 'Tunetray bench',
      redirectUris: ['http://127.0.0.1/callback'],
    });
    emulator.registerUser({ id: 'bench', displayName: 'Bench Listener' });
    emulator.seedPlaylists('bench', PLAYLISTS, { privateEvery: 9, collaborativeEvery: 13, noImageEvery: 4 });
    const harness = await startHarness({
      browser,
      env: {
        TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl,
        TUNETRAY_API_URL: emulator.apiUrl,
        TUNETRAY_CLIENT_ID: clientId,
      },
    });
    try {
      await connectThroughBrowser(browser, harness);
      await waitUntil(() => harness.core.library.info().playlistCount === PLAYLISTS, 'all playlists', 60_000);

      // A fresh page load with the library already in the core: data -> visible rows.
      const { page } = harness;
      await page.reload();
      const list = page.getByRole('listbox', { name: 'Playlists' });
      await list.getByRole('option').first().waitFor({ state: 'visible', timeout: 30_000 });
      // From navigation start: includes React start-up and 10,000 playlists over the bridge.
      const visibleAt = await page.evaluate(() => performance.now());
      // From the moment getPlaylists resolved in the page to the next frame with rows painted.
      const dataToRows = await page.evaluate(async () => {
        const mark = performance.getEntriesByName('tunetray:getPlaylists').at(-1)?.startTime ?? 0;
        await new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
        const firstRow = document.querySelector('[role="option"]');
        return firstRow ? performance.now() - mark : Number.NaN;
      });
      const dom = await page.evaluate(() => ({
        rows: document.querySelectorAll('[role="option"]').length,
        elements: document.getElementsByTagName('*').length,
      }));
      const scroll = await list.evaluate(async (el) => {
        const steps = 200;
        const frames: number[] = [];
        let last = performance.now();
        for (let i = 1; i <= steps; i++) {
          el.scrollTop = (el.scrollHeight * i) / steps;
          await new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
          const now = performance.now();
          frames.push(now - last);
          last = now;
        }
        frames.sort((a, b) => a - b);
        return {
          median: frames[Math.floor(frames.length / 2)] ?? Number.NaN,
          p95: frames[Math.floor(frames.length * 0.95)] ?? Number.NaN,
          max: frames.at(-1) ?? Number.NaN,
          lastRow: el.querySelector('[role="option"]:last-of-type')?.textContent ?? '',
        };
      });
      const heap = await page.evaluate(
        () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
      );
      return [
        { name: `renderer: playlists in the window`, value: PLAYLISTS, unit: 'playlists' },
        { name: 'renderer: data received -> first paint with rows', value: Math.round(dataToRows), unit: 'ms' },
        {
          name: 'renderer: page load -> rows visible (incl. 10k over the bridge)',
          value: Math.round(visibleAt),
          unit: 'ms',
        },
        { name: 'renderer: option rows in the DOM', value: dom.rows, unit: 'rows' },
        { name: 'renderer: DOM elements in the page', value: dom.elements, unit: 'elements' },
        { name: 'renderer: scroll top->bottom, median frame', value: Math.round(scroll.median * 10) / 10, unit: 'ms' },
        { name: 'renderer: scroll top->bottom, p95 frame', value: Math.round(scroll.p95 * 10) / 10, unit: 'ms' },
        { name: 'renderer: JS heap after load', value: Math.round(heap / 1024 / 1024), unit: 'MiB' },
      ];
    } finally {
      await harness.close();
    }
  } finally {
    await browser.close();
    await emulator.close();
  }
}

/** The bench.json keys of this section (issue 13's shape); null when Chromium is missing. */
export const rendererSection: BenchSection = {
  title: `Renderer: ${PLAYLISTS.toLocaleString('en')} playlists in Chromium`,
  async run() {
    const results = await benchRenderer();
    const value = (prefix: string) => results.find((r) => r.name.startsWith(prefix))?.value ?? null;
    return {
      json: {
        renderer: {
          openToRowsMs: value('renderer: page load'),
          dataToRowsMs: value('renderer: data received'),
          domRows: value('renderer: option rows'),
          heapMiB: value('renderer: JS heap'),
        },
      },
      table: [['measure', 'value', 'unit'], ...results.map((r) => [r.name, String(r.value), r.unit])],
    };
  },
};
