/**
 * The globalShortcut double's rules, with a tiny main script in a child process (no browser), as
 * double.test.ts checks the others: nothing before 'ready'; an accelerator Electron cannot parse
 * throws; a combination another app holds (the knob) or this app holds already is refused with
 * false; two spellings of one combination are one; a press reaches only a registered callback.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type DesktopApp, type LaunchOptions, launchApp } from './client.ts';

const dirs: string[] = [];
const apps: DesktopApp[] = [];
afterAll(async () => {
  await Promise.all(apps.map((app) => app.kill()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs `source` as the app's main script; it reports with `say(name, value)`. */
function run(source: string, knobs: LaunchOptions['knobs'] = {}): DesktopApp {
  const dir = mkdtempSync(join(tmpdir(), 'electron-double-shortcut-'));
  dirs.push(dir);
  const main = join(dir, 'main.mjs');
  writeFileSync(
    main,
    `import electron from 'electron';
    const say = (name, value) => process.stdout.write(JSON.stringify([name, value]) + '\\n');
    const attempt = async (name, fn) => { try { say(name, await fn()); } catch (e) { say(name, e.message); } };
    const { app, globalShortcut } = electron;
    ${source}`,
  );
  const app = launchApp({ profileDir: dir, main, knobs });
  apps.push(app);
  return app;
}
const said = (app: DesktopApp): Record<string, unknown> =>
  Object.fromEntries(
    app
      .stdout()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as [string, unknown]),
  );

describe('electron double: globalShortcut', () => {
  test("nothing before 'ready', and the broken rule reaches the test", async () => {
    const app = run(`await attempt('before ready', () => globalShortcut.register('Ctrl+Alt+T', () => {}));
      app.exit(0);`);
    expect((await app.exited).code).toBe(0);
    expect(said(app)['before ready']).toMatch(/^globalShortcut cannot be used before the app is ready \(Electron: /);
    expect(app.events.filter((e) => e.type === 'fault' && e.kind === 'rule-broken')).toHaveLength(1);
  });

  test('parsing, refusals (another app, this app), one combination for two spellings, presses', async () => {
    const app = run(
      `await app.whenReady();
      await attempt('register', () => globalShortcut.register('Ctrl+Alt+T', () => say('pressed', 'Ctrl+Alt+T')));
      await attempt('again', () => globalShortcut.register('Control+Alt+T', () => {}));
      await attempt('taken by another app', () => globalShortcut.register('Alt+Ctrl+K', () => {}));
      await attempt('not a key', () => globalShortcut.register('Ctrl+Banana', () => {}));
      await attempt('not ASCII', () => globalShortcut.register('Ctrl+é', () => {}));
      await attempt('registered', () => globalShortcut.isRegistered('control+alt+t'));
      say('ready', true);`,
      { globalShortcut: { taken: ['Ctrl+Alt+K'] } },
    );
    await app.waitFor(() => said(app).ready === true, 'the script');
    const results = said(app);
    expect(results.register).toBe(true);
    expect(results.again).toBe(false);
    expect(results['taken by another app']).toBe(false);
    expect(results['not a key']).toBe('Error processing argument at index 0, conversion failure from Ctrl+Banana');
    expect(results['not ASCII']).toMatch(/conversion failure/);
    expect(results.registered).toBe(true);
    expect(await app.call('globalShortcut.list', undefined)).toEqual(['Ctrl+Alt+T']);
    expect(await app.call('globalShortcut.press', { accelerator: 'Alt+Control+T' })).toEqual({ delivered: true });
    expect(await app.call('globalShortcut.press', { accelerator: 'Ctrl+Alt+K' })).toEqual({ delivered: false });
    await app.waitFor(() => said(app).pressed === 'Ctrl+Alt+T', 'the callback');
    await app.kill();
  });
});
