/**
 * Start-up through the double when the host is slow or broken: a keyring that answers only after the
 * page has painted must not leave the window hidden, and a start that throws must end the app with a
 * clear message and a failing exit code rather than a silent, windowless process.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { userDataDir } from '../../electron-double/client.ts';
import { waitForTrayItem, waitForVisibleWindow, withClientId } from './desk.ts';
import { desktopAvailable, useDesk } from './suite.ts';

describe.skipIf(!desktopAvailable)('desktop: start-up on a slow or broken host', () => {
  const desk = useDesk();

  test('a keyring that answers only after the page has painted still lets the window appear', async () => {
    const app = desk.launch({
      profileDir: desk.profile(),
      env: withClientId,
      knobs: { safeStorage: { answer: 'after-first-paint' } },
    });
    await waitForVisibleWindow(app);
    const window = await app.window();
    expect(window.readyToShow?.listeners).toBeGreaterThan(0);
    await waitForTrayItem(app, 'Connect Spotify');
  });

  test('an exception inside start() ends the app with a clear message and a failing exit code', async () => {
    const profileDir = desk.profile();
    // The log folder's name is taken by a file: main cannot create its log there.
    mkdirSync(userDataDir(profileDir), { recursive: true });
    writeFileSync(join(userDataDir(profileDir), 'logs'), 'not a folder');

    const app = desk.launch({ profileDir, env: withClientId });
    expect((await app.waitForExit()).code).toBe(1);
    expect(app.stderr()).toMatch(/Tunetray failed to start: .*logs/);
  });

  test('a sign-in file of the wrong shape is reset, and the window says to connect again', async () => {
    const profileDir = desk.profile();
    mkdirSync(userDataDir(profileDir), { recursive: true });
    const auth = join(userDataDir(profileDir), 'auth.json');
    writeFileSync(auth, JSON.stringify({ tokens: 'not a sealed record' }));

    const app = desk.launch({ profileDir, env: withClientId });
    await waitForTrayItem(app, 'Connect Spotify');
    await waitForVisibleWindow(app);
    await app.waitFor(
      async () => (await app.page.text()).includes('could not read your saved sign-in'),
      'the window to say the saved sign-in was unreadable',
    );
    expect(existsSync(auth) ? readFileSync(auth, 'utf8') : '').not.toContain('not a sealed record');
    await app.quit();
    await app.waitForExit();
  });
});
