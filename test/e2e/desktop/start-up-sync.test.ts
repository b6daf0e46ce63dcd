/**
 * A restart signed in from disk with a big cached library, through the Electron host double: the
 * background sync that follows waits until main has served the window its files and the page has
 * painted (they share main's thread), and its page-by-page progress does not set the tray menu again
 * when the menu would show the same thing.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { DesktopApp } from '../../electron-double/client.ts';
import { type Desk, labels, quitFromTray, startConnected, waitForVisibleWindow, withClientId } from './desk.ts';
import { desktopAvailable, useDesk } from './suite.ts';

const PLAYLISTS = 2_000;

/** Until the sync the start began has finished (its requests went out and the menu says Refresh now again). */
async function syncDone(desk: Desk, app: DesktopApp): Promise<void> {
  await app.waitFor(
    async () =>
      desk.emulator.requests.filter((r) => r.path === '/v1/me/playlists').length >= PLAYLISTS / 50 &&
      labels((await app.tray()).menu).includes('Refresh now'),
    'the start-up sync to finish',
    30_000,
  );
}

/** A restart with the profile signed in; quit through the tray, or killed if the test failed first (one instance at a time). */
async function restart(desk: Desk, profileDir: string, check: (app: DesktopApp) => Promise<void>): Promise<void> {
  desk.emulator.clearRequests();
  const app = desk.launch({ profileDir, env: withClientId });
  try {
    await waitForVisibleWindow(app);
    await syncDone(desk, app);
    await check(app);
    await quitFromTray(app);
  } finally {
    await app.kill();
  }
}

describe.skipIf(!desktopAvailable)('desktop: the start-up sync of a big cached library', () => {
  const desk = useDesk({ playlists: PLAYLISTS });
  let profileDir: string;

  beforeAll(async () => {
    const started = await startConnected(desk);
    profileDir = started.profileDir;
    await syncDone(desk, started.app);
    await quitFromTray(started.app);
  });

  test('the window is served and painted before the sync sends its first request', async () => {
    await restart(desk, profileDir, async (app) => {
      // On the page's clock (epoch ms): when the last of the UI's own files (document, script, styles) had arrived.
      const servedAt = await app.page.evaluate(() => {
        const own = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].filter(
          (entry) => new URL(entry.name).origin === location.origin,
        ) as PerformanceResourceTiming[];
        return performance.timeOrigin + Math.max(...own.map((entry) => entry.responseEnd));
      }, null);
      const paintedAt = (await app.window()).readyToShow?.at ?? Number.NaN;
      const firstSyncRequest = desk.emulator.requests.find((r) => r.path === '/v1/me/playlists');
      expect(firstSyncRequest).toBeDefined();
      expect(firstSyncRequest?.at).toBeGreaterThan(servedAt);
      expect(firstSyncRequest?.at).toBeGreaterThan(paintedAt);
    });
  });

  test(`a sync of ${PLAYLISTS} cached playlists sets the tray menu again only when what it shows changes`, async () => {
    await restart(desk, profileDir, async (app) => {
      const { menuChanges } = await app.tray();
      // Before start, signed in from the cache, refreshing, refreshed: each shows something else.
      expect(menuChanges.map((change) => change.labels[0])).toEqual([
        'Set up Tunetray…',
        'Signed in as Demo Listener',
        'Signed in as Demo Listener',
        'Signed in as Demo Listener',
      ]);
      expect(menuChanges.map((change) => change.labels.includes('Refreshing…'))).toEqual([false, false, true, false]);
    });
  });
});
