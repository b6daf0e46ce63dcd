/**
 * A playlist's contents in the window (renderer in Chromium, the real core in Node, the emulator
 * as Spotify): opening by click and by keyboard, the header, virtualized items, the filter,
 * Back/Escape keeping the list's scroll and filter, the development-mode notice, the cache that
 * makes re-opening cost one request, items shown for what they are, and covers.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../../spotify-emulator/index.ts';
import type { EmulatorPlaylist } from '../../spotify-emulator/types.ts';
import { waitUntil } from '../../support/wait.ts';
import { chromiumAvailable, launchChromium } from './chromium.ts';
import { type Harness, startHarness } from './harness.ts';
import { shot } from './screenshots.ts';
import { connectThroughBrowser } from './system-browser.ts';

const USER = 'listener';
const ROAD_TRIP = 'RoadTripPlaylist000001';
const FRIENDS = 'FriendsMixPlaylist0001';
const ODDS = 'OddsAndEndsPlaylist001';
const BROKEN_COVER = 'BrokenCoverPlaylist001';
/** Spotify puts no limit on names; one of 200,000 characters has been seen. */
const HUGE_NAME = `Huge ${'🎸ab'.repeat(66_666)}`;

describe.skipIf(!chromiumAvailable())("a playlist's contents in the window", () => {
  let browser: Browser;
  let emulator: Emulator;
  let harness: Harness;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    emulator = await startEmulator();
    const { clientId } = emulator.registerClient({
      name: 'Tunetray test',
      redirectUris: ['http://127.0.0.1/callback'],
    });
    emulator.registerUser({ id: USER, displayName: 'Test Listener' });
    emulator.seedPlaylists(USER, 300, { noImageEvery: 9 });
    const generated = emulator.getPlaylists(USER);
    const special: Array<Partial<EmulatorPlaylist>> = [
      { id: ROAD_TRIP, name: 'Road trip', trackCount: 2_000 },
      { id: FRIENDS, name: 'Friends mix', ownerId: 'friend', ownerDisplayName: 'A Friend', trackCount: 40 },
      { id: ODDS, name: 'Odds and ends', trackCount: 0, images: [] },
      {
        id: BROKEN_COVER,
        name: 'Broken cover',
        trackCount: 3,
        images: [{ url: `${emulator.url}/image/300/missing..png`, width: 300, height: 300 }],
      },
    ];
    emulator.setPlaylists(USER, [...special, ...generated, { id: 'HugeNamePlaylist000001', name: HUGE_NAME }]);
    emulator.setPlaylistItems(ODDS, [
      { type: 'track', name: 'Plain song', artists: [{ id: 'Artist0000000000000001', name: 'The Band' }] },
      { type: 'local', name: 'Kitchen jam', artist: 'My Band', album: 'Rehearsal tapes', durationMs: 214_000 },
      { type: 'track', name: 'Far away song', playable: false },
      { type: 'removed' },
      {
        type: 'episode',
        name: 'Episode one',
        show: { id: 'Show000000000000000001', name: 'The Show', publisher: 'P' },
      },
    ]);
    harness = await startHarness({
      browser,
      env: {
        TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl,
        TUNETRAY_API_URL: emulator.apiUrl,
        TUNETRAY_CLIENT_ID: clientId,
      },
    });
    page = harness.page;
    await connectThroughBrowser(browser, harness);
    await waitUntil(() => harness.core.library.info().playlistCount === 305, 'the whole library', 30_000);
  });
  afterAll(async () => {
    await harness?.close();
    await browser?.close();
    await emulator?.close();
  });

  const playlists = () => page.getByRole('listbox', { name: 'Playlists' });
  const tracks = () => page.getByRole('listbox', { name: 'Tracks' });
  const requestsFor = (id: string) => emulator.requests.filter((r) => r.path.startsWith(`/v1/playlists/${id}`));
  /** Each test starts from the playlists, unfiltered, scrolled to the top. */
  beforeEach(async () => {
    if (await page.getByRole('button', { name: 'Back' }).isVisible()) {
      await page.getByRole('button', { name: 'Back' }).click();
    }
    await playlists().waitFor({ state: 'visible' });
    await page.getByRole('searchbox', { name: 'Filter playlists' }).fill('');
    await playlists().evaluate((el) => {
      el.scrollTop = 0;
    });
    emulator.clearFaults();
  });
  /** Screenshots wait until the visible covers have arrived and faded in. */
  const settle = async () => {
    await expect.poll(() => page.locator('[data-cover-state="loading"]').count(), { timeout: 10_000 }).toBe(0);
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  };
  /** The name of the row that has keyboard focus. */
  const focusedName = () => page.evaluate(() => document.activeElement?.querySelector('.row-name')?.textContent ?? '');

  test('a click opens a playlist: header, the first rows of 2,000 items, virtualized', async () => {
    await playlists()
      .getByRole('option', { name: /^Road trip/ })
      .click();
    await expect.poll(() => page.getByRole('heading', { name: 'Road trip' }).isVisible()).toBe(true);
    await tracks().getByRole('option').first().waitFor({ state: 'visible' });
    const header = (await page.locator('.items-header').textContent()) ?? '';
    expect(header).toContain('by Test Listener');
    expect(header).toMatch(/2,000 (tracks|items) · \d+ hr( \d+ min)?/);
    expect(await page.getByRole('button', { name: 'Open in Spotify' }).isVisible()).toBe(true);
    const rendered = await tracks().getByRole('option').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    // Screen readers hear the position in the whole list, not in the rendered slice.
    const first = tracks().getByRole('option').first();
    expect(await first.getAttribute('aria-setsize')).toBe('2000');
    expect(await first.getAttribute('aria-posinset')).toBe('1');
    const firstItem = emulator.getPlaylistItems(ROAD_TRIP)[0];
    const title = firstItem?.type === 'track' || firstItem?.type === 'episode' ? firstItem.name : '';
    expect(await first.textContent()).toContain(title);
    await settle();
    await shot(page, 'items-list-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'items-list-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  test('the keyboard: Enter opens a playlist; arrows, End, Home move; Enter opens the track by its spotify: URI', async () => {
    await page.getByRole('searchbox', { name: 'Filter playlists' }).press('ArrowDown');
    expect(await focusedName()).toBe('Road trip');
    await page.keyboard.press('Enter');
    await tracks().getByRole('option').first().waitFor({ state: 'visible' });
    // Once the items are there, focus is in the filter: typing filters, ArrowDown enters the list.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('search');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-posinset'));
    expect(await focused()).toBe('2');
    await page.keyboard.press('End');
    await expect.poll(focused).toBe('2000');
    await page.keyboard.press('Home');
    await expect.poll(focused).toBe('1');
    const items = emulator.getPlaylistItems(ROAD_TRIP);
    const firstPlayable = items.findIndex((i) => i.type === 'track' || i.type === 'episode');
    for (let i = 0; i < firstPlayable; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const item = items[firstPlayable];
    await expect.poll(() => harness.opened.at(-1)).toBe(`spotify:${item?.type}:${item && 'id' in item ? item.id : ''}`);
  });

  test('the filter narrows the items; Escape clears it, then returns to the playlists', async () => {
    await playlists()
      .getByRole('option', { name: /^Road trip/ })
      .click();
    await tracks().getByRole('option').first().waitFor({ state: 'visible' });
    const items = emulator.getPlaylistItems(ROAD_TRIP);
    const some = items.find((i) => i.type === 'track');
    const word = some?.type === 'track' ? (some.artists[0]?.name ?? '') : '';
    const filter = page.getByRole('searchbox', { name: 'Filter tracks' });
    await filter.fill(word);
    await expect.poll(() => tracks().getByRole('option').count()).toBeGreaterThan(0);
    for (const text of await tracks().getByRole('option').allTextContents()) {
      expect(text.toLowerCase()).toContain(word.toLowerCase());
    }
    await settle();
    await shot(page, 'items-filtered');
    await filter.press('Escape');
    expect(await filter.inputValue()).toBe('');
    await filter.press('Escape');
    await playlists().waitFor({ state: 'visible' });
    // Focus is back on the playlist that was opened.
    await expect.poll(focusedName).toBe('Road trip');
  });

  test('Back returns with the playlist filter and scroll position as they were', async () => {
    const filter = page.getByRole('searchbox', { name: 'Filter playlists' });
    await filter.fill('a');
    const scrollTop = await playlists().evaluate((el) => {
      el.scrollTop = 1500;
      return el.scrollTop;
    });
    expect(scrollTop).toBeGreaterThan(1000);
    await expect.poll(() => playlists().getByRole('option').first().isVisible()).toBe(true);
    // A row well inside the viewport (rendered rows include some above and below it).
    const index = await playlists().evaluate((el) => {
      const rows = [...el.querySelectorAll<HTMLElement>('[role="option"]')];
      const top = el.getBoundingClientRect().top;
      return rows.find((row) => row.getBoundingClientRect().top > top + 60)?.dataset.index;
    });
    const target = playlists().locator(`[data-index="${index}"]`);
    const name = (await target.locator('.row-name').textContent()) ?? '';
    await target.click();
    await page.getByRole('button', { name: 'Back' }).waitFor();
    await page.getByRole('button', { name: 'Back' }).click();
    await playlists().waitFor({ state: 'visible' });
    expect(await filter.inputValue()).toBe('a');
    expect(await playlists().evaluate((el) => el.scrollTop)).toBe(scrollTop);
    await expect.poll(focusedName).toBe(name);
  });

  test("another user's playlist is marked in the list and explained on opening, with Open in Spotify", async () => {
    const row = playlists().getByRole('option', { name: /^Friends mix/ });
    expect(await row.textContent()).toContain('Spotify only');
    emulator.clearRequests();
    await row.press('Enter');
    const notice = page.getByText('Spotify only lets Tunetray list the tracks of playlists you own or collaborate on.');
    await notice.waitFor();
    expect(await page.getByRole('heading', { name: 'Friends mix' }).isVisible()).toBe(true);
    expect(await page.locator('.items-header').textContent()).toContain('by A Friend');
    expect(requestsFor(FRIENDS)).toHaveLength(0);
    await settle();
    await shot(page, 'items-not-listable-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'items-not-listable-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    // Focus moves to Open in Spotify, which is described by the reason.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Open in Spotify');
    const described = await page.evaluate(
      () => document.getElementById(document.activeElement?.getAttribute('aria-describedby') ?? '')?.textContent,
    );
    expect(described).toContain('own or collaborate on');
    await page.keyboard.press('Enter');
    await expect.poll(() => harness.opened.at(-1)).toBe(`spotify:playlist:${FRIENDS}`);
    await page.keyboard.press('Escape');
    await playlists().waitFor({ state: 'visible' });
    await expect.poll(focusedName).toBe('Friends mix');
  });

  test('a 403 from Spotify for a playlist the list thought listable: the same notice, no error', async () => {
    emulator.fault({ kind: 'api-error', status: 403, message: 'Forbidden', path: `/v1/playlists/${BROKEN_COVER}` });
    await playlists()
      .getByRole('option', { name: /^Broken cover/ })
      .click();
    await page.getByText('Spotify only lets Tunetray list the tracks').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  test('opening an unchanged playlist again shows it at once and costs one request (304)', async () => {
    emulator.clearRequests();
    await playlists()
      .getByRole('option', { name: /^Road trip/ })
      .click();
    await tracks().getByRole('option').first().waitFor({ state: 'visible' });
    await expect.poll(() => requestsFor(ROAD_TRIP).length).toBe(1);
    await expect.poll(() => page.locator('.items-status').textContent()).toBe('');
    const requests = requestsFor(ROAD_TRIP);
    expect(requests.map((r) => [r.path, r.status, r.bytes])).toEqual([[`/v1/playlists/${ROAD_TRIP}`, 304, 0]]);
  });

  test('local files, unavailable tracks, removed entries and episodes are shown for what they are', async () => {
    await playlists()
      .getByRole('option', { name: /^Odds and ends/ })
      .click();
    await tracks().getByRole('option').first().waitFor({ state: 'visible' });
    const texts = await tracks().getByRole('option').allTextContents();
    expect(texts).toHaveLength(5);
    expect(texts[0]).toContain('Plain song');
    expect(texts[1]).toMatch(/Kitchen jam.*Local file.*My Band.*Rehearsal tapes.*3:34/);
    expect(texts[2]).toMatch(/Far away song.*Unavailable in your country/);
    expect(texts[3]).toContain('No longer on Spotify');
    expect(texts[4]).toMatch(/Episode one.*Episode.*The Show/);
    await settle();
    await shot(page, 'items-kinds');
    const before = harness.opened.length;
    await tracks().getByRole('option').nth(1).press('Enter');
    await page.getByText('Local files play only in the Spotify app on the computer that has them.').waitFor();
    await tracks().getByRole('option').nth(3).press('Enter');
    await page.getByText('This item is no longer on Spotify.').waitFor();
    expect(harness.opened).toHaveLength(before);
  });

  test('covers: the smallest size that fits, loaded lazily, initials until then and when one fails', async () => {
    await expect
      .poll(() => page.locator('.playlist-list [data-cover-state="loaded"]').count(), { timeout: 10_000 })
      .toBeGreaterThan(3);
    const sources = await page.locator('.playlist-list img').evaluateAll((imgs) =>
      imgs.map((img) => ({
        src: (img as HTMLImageElement).currentSrc,
        loading: img.getAttribute('loading'),
        decoding: img.getAttribute('decoding'),
      })),
    );
    for (const s of sources) {
      // 640/300/60 on offer: a 40 px row on a 2x screen needs 80, so 300 (or the one size a single upload has).
      expect(s.src).toMatch(/\/(image|mosaic)\/300\//);
      expect(s).toMatchObject({ loading: 'lazy', decoding: 'async' });
    }
    // Only the rows in the DOM asked for a cover: nothing for the 300 playlists further down.
    const images = emulator.requests.filter((r) => r.path.startsWith('/image/') || r.path.startsWith('/mosaic/'));
    expect(images.length).toBeLessThan(60);
    const broken = playlists()
      .getByRole('option', { name: /^Broken cover/ })
      .locator('.cover');
    await expect.poll(() => broken.getAttribute('data-cover-state')).toBe('placeholder');
    expect(await broken.textContent()).toBe('BC');
    await settle();
    await shot(page, 'covers-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'covers-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  test('a 200,000-character name is cut with an ellipsis (never inside an emoji), the full name in the tooltip', async () => {
    await page.getByRole('searchbox', { name: 'Filter playlists' }).fill('Huge');
    const row = playlists().getByRole('option').first();
    const name = row.locator('.row-name');
    const shown = (await name.textContent()) ?? '';
    expect(shown.endsWith('…')).toBe(true);
    expect(Array.from(new Intl.Segmenter().segment(shown)).length).toBeLessThanOrEqual(150);
    expect(HUGE_NAME.startsWith(shown.slice(0, -1))).toBe(true);
    expect(shown).not.toMatch(/\uD83C$/);
    expect(await name.getAttribute('title')).toBe(HUGE_NAME);
    await row.click();
    const heading = page.getByRole('heading', { level: 2 });
    expect(((await heading.textContent()) ?? '').length).toBeLessThan(400);
    expect(await heading.getAttribute('title')).toBe(HUGE_NAME);
  });

  test('the CSP blocks an image from any other origin', async () => {
    const other = await startEmulator();
    try {
      const outcome = await page.evaluate(async (src) => {
        const violation = new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
        });
        const img = document.createElement('img');
        const loaded = new Promise<string>((resolve) => {
          img.onload = () => resolve('loaded');
          img.onerror = () => resolve('error');
        });
        img.src = src;
        document.body.append(img);
        const result = { load: await loaded, directive: await violation };
        img.remove();
        return result;
      }, `${other.url}/image/60/elsewhere`);
      expect(outcome).toEqual({ load: 'error', directive: 'img-src' });
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});
