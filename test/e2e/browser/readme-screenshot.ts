/**
 * `npm run screenshot`: redraws docs/screenshot.png, the README's picture of Tunetray: the demo
 * library with its covers, light theme, exactly the window (380 x 600, at 2x for sharp text).
 * The real renderer (out/renderer: build first; the npm script does) in Debian's Chromium, wired
 * to the real core, signed in to the emulator's demo listener from a saved sign-in, so no secret
 * and no sign-in page is ever in the picture.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CLIENT_ID, DEMO_USER_ID, startEmulator } from '../../spotify-emulator/index.ts';
import { launchChromium } from './chromium.ts';
import { settle, visibleText } from './every-screen.ts';
import { startHarness } from './harness.ts';
import { savedSignIn } from './seed.ts';

const OUT = join(import.meta.dirname, '../../../docs/screenshot.png');

const browser = await launchChromium();
const emulator = await startEmulator({ demo: true });
try {
  const saved = await savedSignIn(emulator, { clientId: DEMO_CLIENT_ID, userId: DEMO_USER_ID });
  const harness = await startHarness({
    browser,
    colorScheme: 'light',
    env: {
      TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl,
      TUNETRAY_API_URL: emulator.apiUrl,
      TUNETRAY_CLIENT_ID: DEMO_CLIENT_ID,
    },
    dataDir: saved.dir,
    cipherKey: saved.key,
    deviceScaleFactor: 2,
  });
  const { page } = harness;
  await page.getByRole('listbox', { name: 'Playlists' }).getByRole('option').first().waitFor();
  // Rest state: nothing focused or hovered, every visible cover loaded and faded in.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.mouse.move(0, 0);
  await settle(page);
  const covers = await page.locator('[data-cover-state="loaded"]').count();
  if (covers < 5) throw new Error(`only ${covers} covers loaded: the picture must show a library with covers`);
  const text = await visibleText(page);
  for (const secret of [saved.tokens.accessToken, saved.tokens.refreshToken]) {
    if (text.includes(secret)) throw new Error('a secret is on the page');
  }
  await page.screenshot({ path: OUT });
  console.log(`Wrote ${OUT} (${covers} covers)`);
  await harness.close();
  rmSync(saved.dir, { recursive: true, force: true });
} finally {
  await browser.close();
  await emulator.close();
}
