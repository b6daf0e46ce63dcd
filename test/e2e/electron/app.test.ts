/**
 * The real Electron app, end to end. Electron is provisioned first with its own install-electron
 * (build/electron-binary.ts; instant when the binary is there), so on a laptop with a network
 * `npm install && npm test` really runs this suite. Where the binary cannot be had (offline,
 * these build machines) the suite is reported as skipped, with the reason printed, and never
 * counted as passed; main/ still runs in every test run through the Electron host double.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureElectron } from '../../../build/electron-binary.ts';
import { DEMO_CLIENT_ID, type Emulator, startEmulator } from '../../spotify-emulator/index.ts';
import { portIsClosed } from '../../support/net.ts';

// A real download takes a minute or two on a slow line; a closed network fails in well under a second.
const electron = await ensureElectron({ timeoutMs: 5 * 60_000 });
const executable = electron.ok ? electron.path : null;
if (!electron.ok) console.log(`skipped: Electron end-to-end suite. ${electron.message}`);

/** Stands in for the system browser: the next URL main hands to shell.openExternal, not launched. */
const nextOpenedUrl = (electronApp: ElectronApplication) =>
  electronApp.evaluate(
    ({ shell }) =>
      new Promise<string>((resolve) => {
        shell.openExternal = async (url: string) => resolve(url);
      }),
  );

describe.skipIf(!executable)('Electron app against the emulator', () => {
  let emulator: Emulator;
  let electronApp: ElectronApplication;

  beforeAll(async () => {
    emulator = await startEmulator({ demo: true });
    electronApp = await _electron.launch({
      executablePath: executable as string,
      args: [
        join(import.meta.dirname, '../../../out/main/index.js'),
        `--user-data-dir=${mkdtempSync(join(tmpdir(), 'tunetray-electron-'))}`,
      ],
      env: {
        ...process.env,
        TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl,
        TUNETRAY_API_URL: emulator.apiUrl,
        TUNETRAY_CLIENT_ID: DEMO_CLIENT_ID,
        TUNETRAY_USER_DATA_DIR: mkdtempSync(join(tmpdir(), 'tunetray-electron-')),
      },
    });
  });
  afterAll(async () => {
    await electronApp?.close().catch(() => {});
    await emulator?.close();
  });

  test('the window opens hardened and the tray exists', async () => {
    const window = await electronApp.firstWindow();
    await expect.poll(() => window.getByRole('button', { name: 'Connect Spotify' }).isVisible()).toBe(true);
    // Isolated and without Node: the page sees the named bridge functions and nothing else.
    const page = await window.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((globalThis as unknown as { tunetray: object }).tunetray).sort(),
    }));
    expect(page.require).toBe('undefined');
    expect(page.process).toBe('undefined');
    expect(page.bridge).toContain('connect');
    expect(page.bridge).not.toContain('invoke');
    const menu = await electronApp.evaluate(() =>
      (globalThis as { tunetrayDiagnostics?: { trayMenu(): unknown } }).tunetrayDiagnostics?.trayMenu(),
    );
    expect(JSON.stringify(menu)).toContain('Connect Spotify');
  });

  test('Connect through the browser shows playlists in the window and the tray menu', async () => {
    const window = await electronApp.firstWindow();
    const opened = nextOpenedUrl(electronApp);
    await window.getByRole('button', { name: 'Connect Spotify' }).click();
    const authorizeUrl = await opened;
    // The emulator's consent page, clicked the way a browser would, then the redirect to our loopback port.
    const consent = await emulator.playBrowser(authorizeUrl, { decision: 'agree' });
    expect(consent.location).toContain('/callback?code=');
    await fetch(consent.location as string);
    await expect
      .poll(() => window.getByRole('listbox', { name: 'Playlists' }).isVisible(), { timeout: 30_000 })
      .toBe(true);
    const menu = await electronApp.evaluate(() =>
      JSON.stringify((globalThis as { tunetrayDiagnostics?: { trayMenu(): unknown } }).tunetrayDiagnostics?.trayMenu()),
    );
    expect(menu).toContain('Playlists');
    expect(menu).toContain('Disconnect');
  });

  test('quitting during a sign-in leaves no port listening', async () => {
    const window = await electronApp.firstWindow();
    await window.getByRole('button', { name: 'Disconnect' }).click();
    await window.getByRole('button', { name: 'Disconnect' }).last().click();
    const opened = nextOpenedUrl(electronApp);
    await window.getByRole('button', { name: 'Connect Spotify' }).click();
    const authorizeUrl = await opened;
    const port = Number(new URL(new URL(authorizeUrl).searchParams.get('redirect_uri') ?? '').port);
    expect(await portIsClosed(port)).toBe(false);
    await electronApp.close();
    expect(await portIsClosed(port)).toBe(true);
  });
});
