/**
 * The window and the process through the double: one instance per profile (a second start focuses the
 * first and adds no tray), closing the window only hides it, and the window is placed by the tray
 * where the platform reports the tray's position, centred on the work area where it does not.
 */
import { describe, expect, test } from 'vitest';
import { DEFAULT_SCREEN } from '../../electron-double/config.ts';
import { waitForTrayItem, waitForVisibleWindow, withClientId } from './desk.ts';
import { desktopAvailable, useDesk } from './suite.ts';

const centre = (r: { x: number; y: number; width: number; height: number }) => ({
  x: r.x + r.width / 2,
  y: r.y + r.height / 2,
});

describe.skipIf(!desktopAvailable)('desktop: window and instances', () => {
  const desk = useDesk();

  test('closing the window hides it and the app keeps running; the tray brings it back', async () => {
    const app = desk.launch({ profileDir: desk.profile(), env: withClientId });
    await waitForVisibleWindow(app);
    expect(await app.userCloseWindow()).toEqual({ closed: false });
    const hidden = await app.window();
    expect(hidden.visible).toBe(false);
    expect(hidden.destroyed).toBe(false);
    // Still running, still in the tray.
    await waitForTrayItem(app, 'Connect Spotify');
    expect((await app.trays()).filter((t) => !t.destroyed)).toHaveLength(1);

    await app.clickTrayItem('Open Tunetray');
    await waitForVisibleWindow(app);
    expect((await app.window()).focused).toBe(true);
  });

  test('a second instance with the same profile focuses the first and creates no second tray', async () => {
    const profileDir = desk.profile();
    const first = desk.launch({ profileDir, env: withClientId });
    await waitForVisibleWindow(first);
    await first.userCloseWindow();
    expect((await first.window()).visible).toBe(false);

    const second = desk.launch({ profileDir, env: withClientId });
    const madeItsOwn = (e: { type: string }) => e.type === 'tray-created' || e.type === 'window-shown';
    await second.waitFor(
      () => second.events.some((e) => madeItsOwn(e) || e.type === 'exiting'),
      'the second instance to quit (or to start a tray of its own)',
    );
    expect(second.events.filter(madeItsOwn)).toEqual([]);
    expect((await second.exited).code).toBe(0);

    await waitForVisibleWindow(first);
    const window = await first.window();
    expect(window.focused).toBe(true);
    expect(window.focusedAt ?? 0).toBeGreaterThan(second.spawnedAt);
    expect((await first.trays()).filter((t) => !t.destroyed)).toHaveLength(1);
  });

  test('where the tray reports no position (most Linux trays), the window is centred on the work area', async () => {
    const app = desk.launch({ profileDir: desk.profile(), env: withClientId });
    await waitForVisibleWindow(app);
    const { bounds } = await app.window();
    const area = DEFAULT_SCREEN.workArea;
    expect(Math.abs(centre(bounds).x - centre(area).x)).toBeLessThanOrEqual(1);
    expect(Math.abs(centre(bounds).y - centre(area).y)).toBeLessThanOrEqual(1);
  });

  test('where the tray reports its position (a top bar on the right), the window opens just below it', async () => {
    const trayBounds = { x: 1840, y: 4, width: 24, height: 24 };
    const app = desk.launch({ profileDir: desk.profile(), env: withClientId, knobs: { tray: { bounds: trayBounds } } });
    await waitForVisibleWindow(app);
    const { bounds } = await app.window();
    const area = DEFAULT_SCREEN.workArea;
    // Inside the work area, as close to the icon as that allows, and not on top of it.
    expect(bounds.x).toBeGreaterThanOrEqual(area.x);
    expect(bounds.x + bounds.width).toBeLessThanOrEqual(area.x + area.width);
    expect(bounds.x + bounds.width).toBeGreaterThan(trayBounds.x);
    expect(bounds.y).toBeGreaterThanOrEqual(trayBounds.y + trayBounds.height);
    expect(bounds.y - (trayBounds.y + trayBounds.height)).toBeLessThanOrEqual(area.y + 8);
  });
});
