/**
 * The double's own rules, each checked with a tiny main script in a child process (no browser):
 * Electron's lifecycle rules fail loudly, quitting runs in Electron's order, safeStorage really
 * encrypts and can be locked, and the single-instance lock works across processes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type DesktopApp, type LaunchOptions, launchApp } from './client.ts';
import { toWire } from './wire.ts';

const dirs: string[] = [];
const apps: DesktopApp[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'electron-double-'));
  dirs.push(dir);
  return dir;
};

afterAll(async () => {
  await Promise.all(apps.map((app) => app.kill()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs `source` as the app's main script; it reports with `say(value)` (one JSON line each). */
function run(source: string, options: Partial<LaunchOptions> = {}): DesktopApp {
  const main = join(temp(), 'main.mjs');
  writeFileSync(
    main,
    `import electron from 'electron';\nconst say = (v) => process.stdout.write(JSON.stringify(v) + '\\n');\n${source}`,
  );
  const app = launchApp({ profileDir: options.profileDir ?? temp(), main, ...options });
  apps.push(app);
  return app;
}
const said = (app: DesktopApp): unknown[] =>
  app
    .stdout()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as unknown);
const attempt = `const attempt = async (name, fn) => { try { await fn(); say([name, 'ok']); } catch (e) { say([name, e.message]); } };`;

describe('electron double: Electron rules', () => {
  test("APIs used on the wrong side of 'ready' fail with Electron's message, naming the rule", async () => {
    const app = run(`${attempt}
      const { app, BrowserWindow, Tray, protocol, screen, powerMonitor, session, safeStorage, net } = electron;
      say(['ready at top level', app.isReady()]);
      await attempt('BrowserWindow', () => new BrowserWindow());
      await attempt('Tray', () => new Tray('/nowhere.png'));
      await attempt('protocol.handle', () => protocol.handle('app', () => new Response('')));
      await attempt('screen', () => screen.getPrimaryDisplay());
      await attempt('powerMonitor', () => powerMonitor.on('resume', () => {}));
      await attempt('session', () => session.defaultSession);
      await attempt('net.fetch', () => net.fetch('file:///etc/hostname'));
      await attempt('encryptStringAsync', () => safeStorage.encryptStringAsync('x'));
      say(['backend before ready', safeStorage.getSelectedStorageBackend()]);
      say(['available before ready', await safeStorage.isAsyncEncryptionAvailable()]);
      await app.whenReady();
      await attempt('registerSchemesAsPrivileged', () => protocol.registerSchemesAsPrivileged([{ scheme: 'app' }]));
      await attempt('Tray after ready', () => new Tray('/nowhere.png'));
      say(['backend after ready', safeStorage.getSelectedStorageBackend()]);
      app.exit(0);`);
    expect((await app.exited).code).toBe(0);
    const results = Object.fromEntries(said(app) as Array<[string, unknown]>);
    expect(results['ready at top level']).toBe(false);
    expect(results.BrowserWindow).toMatch(/^Cannot create BrowserWindow before app is ready .*ready/);
    expect(results.Tray).toMatch(/^Cannot create Tray before app is ready/);
    expect(results['protocol.handle']).toMatch(/before app is ready/);
    expect(results.screen).toMatch(/^The 'screen' module can't be used before the app 'ready' event/);
    expect(results.powerMonitor).toMatch(/^The 'powerMonitor' module can't be used before the app 'ready' event/);
    expect(results.session).toMatch(/^Session can only be received when app is ready/);
    expect(results['net.fetch']).toMatch(/^net module can only be used after app is ready/);
    expect(results.encryptStringAsync).toMatch(/^safeStorage cannot be used before app is ready/);
    expect(results['backend before ready']).toBe('unknown');
    expect(results['available before ready']).toBe(false);
    expect(results.registerSchemesAsPrivileged).toMatch(
      /^protocol.registerSchemesAsPrivileged should be called before app is ready/,
    );
    expect(results['Tray after ready']).toBe('ok');
    expect(results['backend after ready']).toBe('gnome_libsecret');
    // Every broken rule also reached the test on its own, even though the script caught them.
    expect(app.events.filter((e) => e.type === 'fault' && e.kind === 'rule-broken').length).toBeGreaterThanOrEqual(8);
  });

  test('registerSchemesAsPrivileged works once, before ready; a second ipcMain.handle for a channel throws', async () => {
    const app = run(`${attempt}
      const { app, protocol, ipcMain } = electron;
      await attempt('first', () => protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true } }]));
      await attempt('second', () => protocol.registerSchemesAsPrivileged([{ scheme: 'other' }]));
      ipcMain.handle('ping', () => 'pong');
      await attempt('handle twice', () => ipcMain.handle('ping', () => 'again'));
      ipcMain.removeHandler('ping');
      await attempt('after removeHandler', () => ipcMain.handle('ping', () => 'again'));
      await attempt('unmodelled', () => app.setBadgeCount(3));
      app.exit(0);`);
    await app.exited;
    const results = Object.fromEntries(said(app) as Array<[string, unknown]>);
    expect(results.first).toBe('ok');
    expect(results.second).toMatch(/can be called only once/);
    expect(results['handle twice']).toBe("Attempted to register a second handler for 'ping'");
    expect(results['after removeHandler']).toBe('ok');
    expect(results.unmodelled).toMatch(/^electron double: app.setBadgeCount is not modelled/);
  });

  test('app.quit(): before-quit can cancel; then will-quit, quit, and the process exits 0; app.exit skips the asking', async () => {
    const app = run(`
      const { app } = electron;
      let asked = 0;
      for (const name of ['before-quit', 'will-quit', 'quit']) {
        app.on(name, (event) => {
          say(name);
          if (name === 'before-quit' && asked++ === 0) event.preventDefault();
        });
      }
      await app.whenReady();
      app.quit();
      say('still running');
      app.quit();`);
    expect((await app.exited).code).toBe(0);
    expect(said(app)).toEqual(['before-quit', 'still running', 'before-quit', 'will-quit', 'quit']);

    const exiting = run(`
      const { app } = electron;
      app.on('before-quit', () => say('before-quit'));
      await app.whenReady();
      app.exit(3);`);
    expect((await exiting.exited).code).toBe(3);
    expect(said(exiting)).toEqual([]);
  });

  test('on Linux the tray shows the menu as it was at setContextMenu and reports no clicks or bounds', async () => {
    const app = run(`
      const { app, Tray, Menu } = electron;
      await app.whenReady();
      const tray = new Tray('/nowhere.png');
      const menu = Menu.buildFromTemplate([{ label: 'Rock && Roll', click: () => say('clicked') }, { label: 'Later', enabled: false }]);
      tray.setContextMenu(menu);
      menu.items[0].label = 'Changed without setContextMenu';
      say(tray.getBounds());`);
    await app.waitFor(() => app.stdout().length > 0, 'the script');
    const [tray] = await app.trays();
    expect(tray?.menu?.map((item) => [item.label, item.enabled])).toEqual([
      ['Rock & Roll', true],
      ['Later', false],
    ]);
    expect(tray?.icon.empty).toBe(true);
    await app.clickTrayItem('Rock & Roll');
    await expect(app.clickTrayItem('Later')).rejects.toThrow(/disabled/);
    await expect(app.call('tray.click', undefined)).rejects.toThrow(/does not report clicks/);
    await app.waitFor(() => said(app).includes('clicked'), 'the click handler');
    expect(said(app)[0]).toEqual({ x: 0, y: 0, width: 0, height: 0 });
  });
});

describe('electron double: host services', () => {
  const roundTrip = `
    const { app, safeStorage } = electron;
    await app.whenReady();
    const stored = process.env.RECORD;
    if (stored) {
      try { say(['decrypted', (await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'))).result]); }
      catch (e) { say(['failed', e.message]); }
    } else {
      say(['record', (await safeStorage.encryptStringAsync('secret')).toString('base64')]);
    }`;

  test('safeStorage encrypts for real; the same profile decrypts after a restart; a locked keyring is temporarily unavailable', async () => {
    const profileDir = temp();
    const first = run(`${roundTrip}\napp.exit(0);`, { profileDir });
    await first.exited;
    const record = (said(first)[0] as [string, string])[1];
    expect(Buffer.from(record ?? '', 'base64').toString('latin1')).not.toContain('secret');

    const again = run(`${roundTrip}\napp.exit(0);`, { profileDir, env: { RECORD: record ?? '' } });
    await again.exited;
    expect(said(again)).toEqual([['decrypted', 'secret']]);

    const otherMachine = run(`${roundTrip}\napp.exit(0);`, { env: { RECORD: record ?? '' } });
    await otherMachine.exited;
    expect(said(otherMachine)).toEqual([
      ['failed', 'Error while decrypting the ciphertext provided to safeStorage.decryptStringAsync.'],
    ]);

    const locked = run(
      `const { app, safeStorage } = electron;
      await app.whenReady();
      const record = Buffer.from(process.env.RECORD, 'base64');
      const retry = async () => {
        try { say(['decrypted', (await safeStorage.decryptStringAsync(record)).result]); }
        catch (e) { say(['failed', e.message]); setTimeout(retry, 20); }
      };
      retry();`,
      { profileDir, env: { RECORD: record ?? '' }, knobs: { safeStorage: { locked: true } } },
    );
    await locked.waitFor(() => said(locked).length > 0, 'the first decryption');
    expect(said(locked)[0]).toEqual([
      'failed',
      'safeStorage.decryptStringAsync is temporarily unavailable. Please try again.',
    ]);
    await locked.setKeyringLocked(false);
    await locked.waitFor(
      () => JSON.stringify(said(locked).at(-1)) === '["decrypted","secret"]',
      'the unlocked keyring',
    );
  });

  test('requestSingleInstanceLock: the second process for a profile gets false and the first hears its argv', async () => {
    const profileDir = temp();
    const script = `
      const { app } = electron;
      if (!app.requestSingleInstanceLock({ from: process.pid })) { say('second'); app.quit(); }
      else {
        app.on('second-instance', (_e, argv, cwd, data) => say({ argv: argv.slice(2), data }));
        await app.whenReady();
        say('first');
      }`;
    const first = run(script, { profileDir });
    await first.waitFor(() => said(first).includes('first'), 'the first instance');
    const second = run(script, { profileDir, args: ['--from-the-second'] });
    expect((await second.exited).code).toBe(0);
    expect(said(second)).toEqual(['second']);
    await first.waitFor(() => said(first).length > 1, 'second-instance');
    expect(said(first)[1]).toEqual({ argv: ['--from-the-second'], data: { from: second.pid } });
  });
});

describe('electron double: platform and session knobs', () => {
  test('Linux: the system proxy answers resolveProxy; login items do nothing; no Dock; unmodelled session members are faults', async () => {
    const app = run(
      `${attempt}
      const { app, session, safeStorage } = electron;
      await app.whenReady();
      say(['platform', process.platform]);
      say(['proxy', await session.defaultSession.resolveProxy('https://api.spotify.com/')]);
      app.setLoginItemSettings({ openAtLogin: true });
      say(['login item', app.getLoginItemSettings().openAtLogin]);
      say(['dock', app.dock === undefined]);
      say(['backend', safeStorage.getSelectedStorageBackend()]);
      await attempt('unmodelled', () => session.defaultSession.clearCache());
      app.exit(0);`,
      { knobs: { systemProxy: 'PROXY 127.0.0.1:3128; DIRECT' } },
    );
    await app.exited;
    const results = Object.fromEntries(said(app) as Array<[string, unknown]>);
    expect(results).toMatchObject({
      platform: 'linux',
      proxy: 'PROXY 127.0.0.1:3128; DIRECT',
      'login item': false,
      dock: true,
      backend: 'gnome_libsecret',
    });
    expect(results.unmodelled).toMatch(/^electron double: session.defaultSession.clearCache is not modelled/);
    expect(app.events.filter((e) => e.type === 'fault').map((e) => e.type === 'fault' && e.kind)).toEqual([
      'not-modelled',
    ]);
  });

  test('macOS: process.platform before main runs, login items and wasOpenedAtLogin, a Dock, no Linux-only safeStorage', async () => {
    const app = run(
      `${attempt}
      const { app, safeStorage } = electron;
      say(['platform at the top', process.platform]);
      await app.whenReady();
      say(['opened at login', app.getLoginItemSettings().wasOpenedAtLogin]);
      app.setLoginItemSettings({ openAtLogin: true });
      say(['login item', app.getLoginItemSettings().openAtLogin]);
      app.dock.hide();
      say(['dock', app.dock.isVisible()]);
      await attempt('backend', () => safeStorage.getSelectedStorageBackend());
      app.exit(0);`,
      { knobs: { platform: 'darwin', login: { wasOpenedAtLogin: true } } },
    );
    await app.exited;
    const results = Object.fromEntries(said(app) as Array<[string, unknown]>);
    expect(results).toMatchObject({
      'platform at the top': 'darwin',
      'opened at login': true,
      'login item': true,
      dock: false,
    });
    expect(results.backend).toMatch(/getSelectedStorageBackend exists on Linux only/);
    expect(app.events.flatMap((e) => (e.type === 'login-item-settings' ? [e.settings] : []))).toEqual([
      { openAtLogin: true },
    ]);
  });
});

describe('electron double: IPC payloads', () => {
  test('only values JSON carries exactly take the JSON path; the rest keep structured cloning', () => {
    const exact = { ok: true, value: { playlists: [{ id: 'a', name: 'x', tracks: 3, image: null }] } };
    const wire = toWire(exact);
    expect('json' in wire && JSON.parse(wire.json)).toEqual(exact);
    for (const inexact of [
      { a: undefined },
      [undefined],
      new Date(0),
      -0,
      Number.NaN,
      new Map(),
      1n,
      { d: new Date(0) },
    ]) {
      expect(toWire(inexact)).toEqual({ value: inexact });
    }
  });
});
