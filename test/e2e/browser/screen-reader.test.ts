/**
 * What a screen reader hears for the virtualized lists, read from the accessibility tree Chromium
 * exports to Linux screen readers (AT-SPI, test/e2e/browser/at-spi.ts): each row is its visible
 * text, and its place is in the whole list ("Folk Drive, by Demo Listener, 66 tracks", 4 of 300),
 * not among the few rows that exist; after scrolling and filtering too; a playlist's tracks the same.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canListItems } from '../../../app/items/listable.ts';
import type { PlaylistSummary } from '../../../app/model.ts';
import { DEMO_CLIENT_ID, DEMO_USER_ID, type Emulator, startEmulator } from '../../spotify-emulator/index.ts';
import {
  type AccessibilityBus,
  atSpiUnavailable,
  launchAccessibleChromium,
  type SpokenItem,
  spokenListItems,
  startAccessibilityBus,
} from './at-spi.ts';
import { type Harness, startHarness } from './harness.ts';
import { savedSignIn } from './seed.ts';

const unavailable = atSpiUnavailable();
if (unavailable) console.log(`skipped: the screen-reader (AT-SPI) check: ${unavailable}`);

describe.skipIf(unavailable !== null)('what a screen reader hears (AT-SPI)', () => {
  let bus: AccessibilityBus;
  let browser: Browser;
  let emulator: Emulator;
  let harness: Harness;

  beforeAll(async () => {
    bus = await startAccessibilityBus();
    browser = await launchAccessibleChromium(bus);
    emulator = await startEmulator({ demo: true });
    const saved = await savedSignIn(emulator, { clientId: DEMO_CLIENT_ID, userId: DEMO_USER_ID });
    harness = await startHarness({
      browser,
      env: {
        TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl,
        TUNETRAY_API_URL: emulator.apiUrl,
        TUNETRAY_CLIENT_ID: DEMO_CLIENT_ID,
      },
      dataDir: saved.dir,
      cipherKey: saved.key,
    });
    await harness.page.getByRole('listbox', { name: 'Playlists' }).getByRole('option').first().waitFor();
  });
  afterAll(async () => {
    await harness?.close();
    await browser?.close();
    await emulator?.close();
    await bus?.stop();
  });

  /** Polls the tree until an item of `list` with `name` shows up; returns what is heard for it. */
  const heard = async (list: string, name: string): Promise<SpokenItem> => {
    let found: SpokenItem | undefined;
    await expect
      .poll(
        () => {
          found = spokenListItems(bus).find((item) => item.list === list && item.name === name);
          return found !== undefined;
        },
        { timeout: 15_000, message: `"${name}" in the ${list} list, over AT-SPI` },
      )
      .toBe(true);
    return found as SpokenItem;
  };
  const place = (item: SpokenItem) => `${item.posinset} of ${item.setsize}`;
  /** How the window names a playlist row (PlaylistRow): name, owner, count, badges. */
  const spokenName = (p: PlaylistSummary) =>
    [
      p.name,
      `by ${p.ownerName}`,
      p.trackCount === null
        ? null
        : `${p.trackCount.toLocaleString('en-US')} ${p.trackCount === 1 ? 'track' : 'tracks'}`,
      p.isPublic === false ? 'Private' : null,
      p.collaborative ? 'Collaborative' : null,
      canListItems(p, DEMO_USER_ID) ? null : 'Spotify only',
    ]
      .filter(Boolean)
      .join(', ');

  test('a playlist row: its visible text, then its place in all 300', async () => {
    expect(place(await heard('Playlists', 'Folk Drive, by Demo Listener, 66 tracks'))).toBe('4 of 300');
    expect(place(await heard('Playlists', 'All-time favourites, by Demo Listener, 10,000 tracks'))).toBe('1 of 300');
    const rendered = spokenListItems(bus).filter((item) => item.list === 'Playlists');
    expect(rendered.length).toBeLessThan(60);
    for (const item of rendered) expect(item.name).not.toMatch(/ ,/);
  });

  test('scrolled to the end, and filtered: still the place in the list the user has', async () => {
    const { page, core } = harness;
    const list = page.getByRole('listbox', { name: 'Playlists' });
    const last = core.library.playlists().at(-1);
    if (!last) throw new Error('a library expected');
    await list.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    const lastItem = await heard('Playlists', spokenName(last));
    expect(place(lastItem)).toBe('300 of 300');

    await page.getByRole('searchbox', { name: 'Filter playlists' }).fill('Drive');
    const drives = core.library
      .playlists()
      .filter((p) => `${p.name}\u0000${p.ownerName}`.toLowerCase().includes('drive'));
    const folk = drives.findIndex((p) => p.name === 'Folk Drive');
    expect(place(await heard('Playlists', 'Folk Drive, by Demo Listener, 66 tracks'))).toBe(
      `${folk + 1} of ${drives.length}`,
    );
  });

  test("a playlist's tracks: title, artists, album, length, added; 1 of its count", async () => {
    const { page } = harness;
    await page
      .getByRole('listbox', { name: 'Playlists' })
      .getByRole('option', { name: /^Folk Drive,/ })
      .first()
      .click();
    const tracks = page.getByRole('listbox', { name: 'Tracks' });
    await tracks.getByRole('option').first().waitFor();
    const name = (await tracks.getByRole('option').first().ariaSnapshot()).match(/option "(.*)"/)?.[1] ?? '?';
    const first = await heard('Tracks', name);
    expect(first.name).toMatch(/^[^,]+, .+, \d+:\d\d, added .+$/);
    const folkDrive = harness.core.library.playlists().find((p) => p.name === 'Folk Drive');
    expect(place(first)).toBe(`1 of ${folkDrive?.trackCount}`);
  });
});
