/**
 * The real Electron app, end to end, where the Electron binary exists (a developer laptop
 * after `npm install`). On machines without it the suite is reported as skipped, with the
 * reason printed, and never counted as passed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CLIENT_ID, type Emulator, startEmulator } from '../../spotify-emulator/index.ts';
import { portIsClosed } from '../../support/net.ts';
import { electronExecutable } from './electron-binary.ts';

const executable = electronExecutable();
if (!executable) console.log('skipped: Electron binary not available (node_modules/electron has no dist; see README)');

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
