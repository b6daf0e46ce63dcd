/**
 * Main answers IPC only for its own window's top frame showing its own UI. Through the double the
 * frame facts main sees are Chromium's (which frame really called, at which URL), so what decides
 * here is main's sender check. A refused call changes nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { type DesktopApp, userDataDir } from '../../electron-double/client.ts';
import { labels, waitForTrayItem, waitForVisibleWindow } from './desk.ts';
import { desktopAvailable, useDesk } from './suite.ts';

const GOOD_ID = '0123456789abcdef0123456789abcdef';
const REFUSED = { result: { ok: false, error: { code: 'invalid-argument', message: 'Refused.' } } };

describe.skipIf(!desktopAvailable)('desktop: frames that are not our UI', () => {
  const desk = useDesk();
  let app: DesktopApp;
  let profileDir: string;

  const savedClientId = () => {
    const file = join(userDataDir(profileDir), 'settings.json');
    if (!existsSync(file)) return null;
    return (JSON.parse(readFileSync(file, 'utf8')) as { settings?: { clientId?: string } }).settings?.clientId ?? null;
  };
  const addFrame = (sandboxed: boolean) =>
    app.page.evaluate((isSandboxed) => {
      const frame = document.createElement('iframe');
      if (isSandboxed) {
        // An opaque origin: another origin than ours, whatever the URL says.
        frame.setAttribute('sandbox', 'allow-scripts');
        frame.srcdoc = '<p>elsewhere</p>';
      }
      document.body.append(frame);
    }, sandboxed);
  const waitForFrame = (url: string) =>
    app.waitFor(async () => (await app.page.frames()).includes(url), `a frame at ${url}`);

  beforeAll(async () => {
    profileDir = desk.profile();
    app = desk.launch({ profileDir });
    await waitForVisibleWindow(app);
    await waitForTrayItem(app, 'Set up Tunetray');
  });

  test('our own page is answered (so a refusal below means the sender was refused)', async () => {
    const reply = await app.page.invokeFrom('main', 'session:get-state');
    expect(reply).toMatchObject({ result: { ok: true, value: { status: 'needs-setup' } } });
  });

  test('an iframe inside our page is refused and changes nothing', async () => {
    await addFrame(false);
    await waitForFrame('about:blank');
    expect(await app.page.frames()).toEqual(['app://tunetray/index.html', 'about:blank']);
    const reply = await app.page.invokeFrom({ index: 1 }, 'settings:set-client-id', { clientId: GOOD_ID });
    expect(reply).toEqual(REFUSED);
    expect(savedClientId()).toBeNull();
    expect(labels((await app.tray()).menu)).toContain('Set up Tunetray…');
  });

  test('a frame of another origin is refused and changes nothing', async () => {
    await addFrame(true);
    await waitForFrame('about:srcdoc');
    const reply = await app.page.invokeFrom({ urlIncludes: 'about:srcdoc' }, 'session:connect');
    expect(reply).toEqual(REFUSED);
    expect(app.openedUrls()).toEqual([]);
    expect(labels((await app.tray()).menu)).toContain('Set up Tunetray…');
  });

  test('the page cannot navigate the window to another origin', async () => {
    await app.page.evaluate((url) => {
      window.location.href = url;
    }, `${desk.emulator.url}/`);
    await app.waitFor(async () => (await app.window()).navigations.length > 0, "main's will-navigate");
    const state = await app.window();
    expect(state.navigations).toMatchObject([{ url: `${desk.emulator.url}/`, prevented: true }]);
    expect(state.url).toBe('app://tunetray/index.html');
    expect(await app.page.isVisible({ role: 'textbox', name: 'Client ID' })).toBe(true);
  });
});
