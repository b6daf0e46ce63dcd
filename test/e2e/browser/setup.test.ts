import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.ts';
import { type Harness, startHarness } from './harness.ts';
import { shot } from './screenshots.ts';

const GOOD_ID = '0123456789abcdef0123456789abcdef';

describe.skipIf(!chromiumAvailable())('first run: Client ID setup in the window', () => {
  let browser: Browser;
  const harnesses: Harness[] = [];
  const open = async (options: Partial<Parameters<typeof startHarness>[0]> = {}) => {
    const harness = await startHarness({ browser, ...options });
    harnesses.push(harness);
    return harness;
  };

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const harness of harnesses) await harness.close();
    await browser?.close();
  });

  test('a first run shows the setup screen with the redirect URI to register', async () => {
    const { page } = await open();
    await expect.poll(() => page.getByRole('textbox', { name: 'Client ID' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('http://127.0.0.1/callback').first().isVisible()).toBe(true);
    await shot(page, 'setup-first-run');
  });

  test('a malformed Client ID shows an error and changes nothing', async () => {
    const { page, core } = await open();
    const input = page.getByRole('textbox', { name: 'Client ID' });
    await input.fill('not-a-client-id');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('32');
    expect(core.settings.get().clientId).toBeNull();
    expect(core.session.state().status).toBe('needs-setup');
    await shot(page, 'setup-bad-client-id');
  });

  test('a good Client ID persists across a reload and an app restart, and shows Connect', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tunetray-e2e-'));
    const first = await open({ dataDir });
    await first.page.getByRole('textbox', { name: 'Client ID' }).fill(GOOD_ID.toUpperCase());
    await first.page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => first.page.getByRole('button', { name: 'Connect Spotify' }).isVisible()).toBe(true);
    expect(first.core.settings.get().clientId).toBe(GOOD_ID);

    await first.page.reload();
    await expect.poll(() => first.page.getByRole('button', { name: 'Connect Spotify' }).isVisible()).toBe(true);
    await shot(first.page, 'setup-saved-connect');

    const restarted = await open({ dataDir });
    await expect.poll(() => restarted.page.getByRole('button', { name: 'Connect Spotify' }).isVisible()).toBe(true);
    expect(restarted.core.session.state().status).toBe('signed-out');
  });

  test('the bridge rejects nonsense from the page with a clear error and no change', async () => {
    const { page, core } = await open();
    const results = await page.evaluate(async (goodId) => {
      const bridge = (window as unknown as { tunetray: Record<string, (input?: unknown) => Promise<unknown>> })
        .tunetray;
      return Promise.all([
        bridge.setClientId?.({ clientId: 42 }),
        bridge.setClientId?.({ clientId: goodId, extra: true }),
        bridge.openPlaylist?.({ playlistId: '../../etc/passwd' }),
        bridge.connect?.('now'),
      ]);
    }, GOOD_ID);
    for (const result of results) {
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    }
    expect(core.settings.get().clientId).toBeNull();
  });
});
