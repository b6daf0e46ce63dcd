/**
 * What every desktop journey needs: the Spotify emulator, one Chromium (a Playwright browser server
 * the app processes connect to, and the test's own connection to it for the "system browser"),
 * temp profile folders, and the started apps, all torn down in close().
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserServer, chromium } from 'playwright-core';
import type { Bridge } from '../../../app/contract.ts';
import type { SessionState } from '../../../app/model.ts';
import type { TokenSet } from '../../../app/tokens/token-set.ts';
import { type DesktopApp, type LaunchOptions, launchApp, userDataDir } from '../../electron-double/client.ts';
import { decryptWith } from '../../electron-double/keyring.ts';
import { type MenuItemData, now } from '../../electron-double/messages.ts';
import { DEMO_CLIENT_ID, type Emulator, startEmulator } from '../../spotify-emulator/index.ts';
import { waitUntil } from '../../support/wait.ts';
import { CHROMIUM_PATH } from '../browser/chromium.ts';

/** The demo's Client ID in the environment: the app starts ready to connect. */
export const withClientId = { TUNETRAY_CLIENT_ID: DEMO_CLIENT_ID };

export interface Desk {
  readonly emulator: Emulator;
  readonly wsEndpoint: string;
  /** The test's own connection: it plays the user's system browser in separate contexts. */
  readonly systemBrowser: Browser;
  /** A fresh profile folder (removed in close()). */
  profile(): string;
  /**
   * Starts the built app against the emulator (TUNETRAY_ACCOUNTS_URL / TUNETRAY_API_URL, and over TLS
   * the emulator's CA in NODE_EXTRA_CA_CERTS, the way Node and Electron take extra roots); `env` adds more.
   */
  launch(options: Omit<LaunchOptions, 'browserWsEndpoint' | 'env'> & { env?: Record<string, string> }): DesktopApp;
  close(): Promise<void>;
}

/** `playlists`: how many the demo user has (default the emulator's 300); `tls`: the emulator serves https. */
export interface DeskOptions {
  playlists?: number;
  tls?: boolean;
}

export async function startDesk(options: DeskOptions = {}): Promise<Desk> {
  const emulator = await startEmulator({
    demo: true,
    ...(options.playlists ? { demoPlaylists: options.playlists } : {}),
    ...(options.tls ? { tls: true } : {}),
  });
  const server: BrowserServer = await chromium.launchServer({
    executablePath: CHROMIUM_PATH,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
  const systemBrowser = await chromium.connect(server.wsEndpoint());
  const profiles: string[] = [];
  const apps: DesktopApp[] = [];
  const trust: Record<string, string> = {};
  if (emulator.ca) {
    const dir = mkdtempSync(join(tmpdir(), 'tunetray-desk-ca-'));
    profiles.push(dir);
    trust.NODE_EXTRA_CA_CERTS = join(dir, 'emulator-ca.pem');
    writeFileSync(trust.NODE_EXTRA_CA_CERTS, emulator.ca);
  }
  return {
    emulator,
    wsEndpoint: server.wsEndpoint(),
    systemBrowser,
    profile() {
      const dir = mkdtempSync(join(tmpdir(), 'tunetray-desk-'));
      profiles.push(dir);
      return dir;
    },
    launch(options) {
      const app = launchApp({
        ...options,
        browserWsEndpoint: server.wsEndpoint(),
        env: {
          TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl,
          TUNETRAY_API_URL: emulator.apiUrl,
          ...trust,
          ...options.env,
        },
      });
      apps.push(app);
      return app;
    },
    async close() {
      await Promise.all(apps.map((app) => app.kill()));
      await systemBrowser.close().catch(() => {});
      await server.close();
      await emulator.close();
      for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Plays the system browser: the authorize page in a fresh context, the user's decision, the loopback page. */
export async function approveInSystemBrowser(
  browser: Browser,
  authorizeUrl: string,
  decision: 'Agree' | 'Cancel' = 'Agree',
): Promise<void> {
  // The user's browser trusts Spotify's certificate; the TLS emulator's stands in for it.
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  try {
    const page = await context.newPage();
    await page.goto(authorizeUrl);
    await page.getByRole('button', { name: decision }).click();
    await waitUntil(async () => /Tunetray/.test((await page.textContent('body')) ?? ''), 'the loopback page');
  } finally {
    await context.close();
  }
}

export const labels = (menu: MenuItemData[] | null): string[] => (menu ?? []).map((item) => item.label);

/**
 * Waits until the tray's context menu has an item whose label starts with `prefix`. `failOn`: label
 * prefixes that mean it never will (the app went another way): seeing one fails at once.
 */
export async function waitForTrayItem(
  app: DesktopApp,
  prefix: string,
  options: { timeoutMs?: number; failOn?: string[] } = {},
): Promise<MenuItemData[]> {
  let menu: MenuItemData[] = [];
  await app.waitFor(
    async () => {
      const trays = (await app.trays()).filter((t) => !t.destroyed);
      const tray = trays[0];
      // main sets the menu as it creates the tray; a tray still without one is not going to get one.
      if (tray && tray.menu === null && now() - tray.createdAt > 2000) {
        throw new Error('the tray icon has no context menu (setContextMenu was never called)');
      }
      menu = tray?.menu ?? [];
      const wrong = labels(menu).find((label) => options.failOn?.some((other) => label.startsWith(other)));
      if (wrong) throw new Error(`the tray menu shows '${wrong}' instead`);
      return labels(menu).some((label) => label.startsWith(prefix));
    },
    `a tray menu item starting with '${prefix}'`,
    options.timeoutMs,
  );
  return menu;
}

export async function waitForVisibleWindow(app: DesktopApp): Promise<void> {
  await app.waitFor(async () => {
    const window = await app.window().catch(() => null);
    // ready-to-show heard by nobody can never show the window: say so now rather than time out.
    if (window && !window.visible && window.readyToShow?.listeners === 0 && window.firstShownAt === null) {
      throw new Error('ready-to-show was emitted while main had no listener for it, and the window was never shown');
    }
    return window?.visible === true;
  }, 'the window to be shown');
}

/** Waits until the window's page shows `text` (the page renders on its own time, after main's state). */
export async function waitForWindowText(app: DesktopApp, text: string, timeoutMs?: number): Promise<void> {
  await app.waitFor(async () => (await app.page.text()).includes(text), `the window to show '${text}'`, timeoutMs);
}

/** Connect from the tray menu and approve in the system browser; resolves once the tray shows the account. */
export async function connectFromTray(desk: Desk, app: DesktopApp): Promise<void> {
  await waitForTrayItem(app, 'Connect Spotify');
  await app.clickTrayItem('Connect Spotify…');
  await approveInSystemBrowser(desk.systemBrowser, await app.nextOpenedUrl());
  await waitForTrayItem(app, 'Signed in as');
}

/** A fresh profile and the app started in it with the demo Client ID, connected from the tray. */
export async function startConnected(
  desk: Desk,
  options: Omit<Parameters<Desk['launch']>[0], 'profileDir'> = {},
): Promise<{ app: DesktopApp; profileDir: string }> {
  const profileDir = desk.profile();
  const app = desk.launch({ ...options, profileDir, env: { ...withClientId, ...options.env } });
  await connectFromTray(desk, app);
  return { app, profileDir };
}

/** Quits through the tray menu, as a user would, and waits for the process to end. */
export async function quitFromTray(app: DesktopApp): Promise<number | null> {
  await app.clickTrayItem('Quit Tunetray');
  return (await app.exited).code;
}

/** Each before-quit the app heard, in order: true where a listener held it (preventDefault). */
export const beforeQuitHeld = (app: DesktopApp): boolean[] =>
  app.events.flatMap((e) => (e.type === 'quit-step' && e.step === 'before-quit' ? [e.prevented] : []));

/**
 * The log lines main printed to stdout (every level but debug, as it wrote them) that are missing
 * from main.log: after the process ended, none should be (the file was flushed before exit).
 */
export function linesNotInMainLog(app: DesktopApp, profileDir: string): string[] {
  const file = new Set(mainLog(profileDir).split('\n'));
  return app
    .stdout()
    .split('\n')
    .filter((line) => /^\d{4}-\d\d-\d\dT\S+ (INFO|WARN|ERROR) /.test(line) && !file.has(line));
}

export const authFile = (profileDir: string): string => join(userDataDir(profileDir), 'auth.json');

/** The sign-in main saved, decrypted with the profile's keyring (as the next start of the app would). */
export function storedTokens(profileDir: string): TokenSet {
  const record = JSON.parse(readFileSync(authFile(profileDir), 'utf8')) as { tokens: { ciphertext: string } };
  const plain = decryptWith(profileDir, 'gnome_libsecret', Buffer.from(record.tokens.ciphertext, 'base64'));
  return JSON.parse(plain.result) as TokenSet;
}

/** What the window's bridge reads from main now (window.tunetray.getSessionState()). */
export async function sessionState(app: DesktopApp): Promise<SessionState> {
  const reply = await app.page.evaluate(
    () => (window as unknown as { tunetray: Bridge }).tunetray.getSessionState(),
    null,
  );
  if (!reply.ok) throw new Error(`getSessionState was refused: ${reply.error.message}`);
  return reply.value;
}

/** main.log where main writes it: app.getPath('logs') is userData/logs under the double. */
export const mainLogFile = (profileDir: string): string => join(userDataDir(profileDir), 'logs', 'main.log');

/** main.log as it is on disk now ('' before the first line lands). */
export function mainLog(profileDir: string): string {
  try {
    return readFileSync(mainLogFile(profileDir), 'utf8');
  } catch {
    return '';
  }
}
