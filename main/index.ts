/**
 * Composition root and lifecycle: single instance, tray-resident, hardened window, the
 * app/ core wired to Electron's adapters, clean quit (no sign-in port left listening).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { app, type BrowserWindow, globalShortcut, powerMonitor, safeStorage } from 'electron';
import { type Core, createCore } from '../app/core.ts';
import { createLogger, createRedactor } from '../app/log.ts';
import { DEFAULT_SETTINGS } from '../app/model.ts';
import { type HostPorts, systemClock } from '../app/ports.ts';
import { contentSecurityPolicy } from './csp.ts';
import { createGlobalShortcutHost } from './global-shortcut.ts';
import { hostVersions } from './host-versions.ts';
import { registerIpc, sendSessionState } from './ipc.ts';
import { createLogFile, type LogFile } from './log-file.ts';
import { createLogRing } from './log-ring.ts';
import { setStartAtLogin } from './login-item.ts';
import { startsInTray } from './login-launch.ts';
import { createOpenExternal } from './open-external.ts';
import { createElectronPowerEvents } from './power.ts';
import { resolveSystemProxy } from './proxy-resolver.ts';
import { mayHoldQuit } from './quit-policy.ts';
import { rendererDevUrl } from './renderer-dev-url.ts';
import { createSafeStorageCipher } from './safe-storage.ts';
import { createElectronStore } from './store.ts';
import { createTray, type TunetrayTray } from './tray.ts';
import { trayIconPath } from './tray-icon.ts';
import { type TrayAction, trayMenu } from './tray-menu.ts';
import {
  createCompanionWindow,
  registerUiScheme,
  restrictPermissions,
  serveUi,
  showNear,
  UI_ORIGIN,
} from './window.ts';

const here = import.meta.dirname;
/** The start-up sync waits for the window's first paint, but not for ever (a page that never paints). */
const UI_READY_WAIT_MS = 5_000;

let window: BrowserWindow | null = null;
let tray: TunetrayTray | null = null;
let core: Core | null = null;
let quitting = false;
/** Logout, restart or shutdown under way (main/quit-policy.ts). */
let systemEnding = false;
let disposed = false;
let cleaning: Promise<void> | null = null;
let logFile: LogFile | null = null;
/** The last log lines, for "Copy diagnostics". */
const logRing = createLogRing();

/** Removes the tray icon (later state changes no longer reach it). */
function removeTray(): void {
  tray?.destroy();
  tray = null;
}

/** Once: let the core finish (bounded), flush the log, remove the tray icon. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    core?.shortcut.stop();
    await core?.session.dispose();
    await logFile?.flush();
    disposed = true;
    removeTray();
  })();
  return cleaning;
}

registerUiScheme();
// A separate profile folder (the demo, the Electron tests), so real settings stay untouched.
if (process.env.TUNETRAY_USER_DATA_DIR) app.setPath('userData', process.env.TUNETRAY_USER_DATA_DIR);

/**
 * The one logger: every line through app/log.ts's redactor, then to main.log (asynchronous, capped
 * at 1 MB plus one previous file: main/log-file.ts) and, except debug lines, to stdout. Debug lines
 * reach the file only in development.
 */
function makeLogger() {
  const redactor = createRedactor();
  const dir = app.getPath('logs');
  mkdirSync(dir, { recursive: true });
  const file = createLogFile({ path: join(dir, 'main.log') });
  logFile = file;
  const logger = createLogger((level, line) => {
    const entry = `${new Date().toISOString()} ${level.toUpperCase()} ${line}`;
    if (level !== 'debug') process.stdout.write(`${entry}\n`);
    if (level !== 'debug' || !app.isPackaged) {
      file.write(entry);
      logRing.push(entry);
    }
  }, redactor);
  return { logger, redactor };
}

function showWindow() {
  if (!window) return;
  if (process.platform === 'darwin') void app.dock?.show();
  showNear(window, tray?.bounds() ?? null);
}

function toggleWindow() {
  if (window?.isVisible()) window.hide();
  else showWindow();
}

function onTrayAction(action: TrayAction) {
  if (!core) return;
  const { session, handlers } = core;
  switch (action.kind) {
    case 'open-window':
      return showWindow();
    case 'connect':
      showWindow();
      return void session.connect().catch(() => {}); // failures are shown through the session state
    case 'cancel-connect':
      return session.cancelConnect();
    case 'disconnect':
      return void session.disconnect();
    case 'refresh':
      return void session.refreshLibrary().catch(() => {});
    case 'open-playlist':
      return void handlers.openPlaylist({ playlistId: action.playlistId });
    case 'quit':
      return app.quit();
  }
}

async function start() {
  const { logger, redactor } = makeLogger();
  restrictPermissions();
  const power = createElectronPowerEvents();
  // A logout, restart or shutdown was asked for: the quit that follows must not be held. Nothing is
  // torn down yet, since on macOS another app may still cancel the logout; before-quit cleans up.
  powerMonitor.on('shutdown', () => {
    systemEnding = true;
  });
  const host: HostPorts = {
    info: { versions: () => hostVersions(app), recentLog: (limit) => logRing.recent(limit) },
    window: { hide: () => window?.hide(), toggle: toggleWindow },
    shortcuts: createGlobalShortcutHost(globalShortcut),
  };
  // Resolved by the window's first paint (below): the start-up sync waits for it, so that main's
  // thread serves the UI's files and the cached library first.
  let uiPainted = () => {};
  const uiReady = new Promise<void>((resolve) => {
    uiPainted = resolve;
  });
  setTimeout(() => uiPainted(), UI_READY_WAIT_MS).unref();
  const stores = {
    auth: createElectronStore('auth', logger),
    settings: createElectronStore('settings', logger),
    library: createElectronStore('library', logger),
    items: createElectronStore('items', logger),
  };
  core = createCore({
    // safeStorage is only usable after 'ready', which is where we are.
    cipher: createSafeStorageCipher(safeStorage, process.platform),
    stores,
    // Read when a URL is opened, so a changed accounts server is honoured.
    openExternal: createOpenExternal(() => core?.settings.get().accountsUrl ?? DEFAULT_SETTINGS.accountsUrl),
    clock: systemClock,
    power,
    logger,
    redactor,
    host,
    env: process.env,
    // Installed builds ignore endpoint overrides (app/endpoint-policy.ts); app/ never asks Electron itself.
    packaged: app.isPackaged,
    onPreferencesChanged: (settings) => setStartAtLogin(settings.startAtLogin),
    // HTTPS_PROXY / NO_PROXY when set, else the system's proxy; roots: Node's plus the OS store.
    network: { proxyResolver: resolveSystemProxy, env: process.env },
    uiReady,
  });
  const { session, settings, handlers, library } = core;

  const renderer = rendererDevUrl(process.env.ELECTRON_RENDERER_URL, app.isPackaged);
  if (renderer.url === null && renderer.ignored) logger.warn(`Ignoring ELECTRON_RENDERER_URL: ${renderer.ignored}`);
  const devServerUrl = renderer.url;
  serveUi(join(here, '../renderer'), () => contentSecurityPolicy(settings.get().apiUrl));
  window = createCompanionWindow({
    preloadPath: join(here, '../preload/preload.cjs'),
    url: devServerUrl ?? `${UI_ORIGIN}/index.html`,
  });
  registerIpc({
    handlers,
    window: () => window,
    uiOrigin: devServerUrl ? new URL(devServerUrl).origin : UI_ORIGIN,
    logger,
  });
  // Windows: the session ends for certain ("no way to prevent the session from ending").
  window.on('session-end', () => {
    systemEnding = true;
    quitting = true;
    void cleanUp();
  });
  window.on('close', (event) => {
    // Closing the window hides it: Tunetray lives in the tray until Quit.
    if (quitting) return;
    event.preventDefault();
    window?.hide();
  });
  window.on('show', () => session.windowVisibilityChanged(true));
  window.on('hide', () => {
    session.windowVisibilityChanged(false);
    if (process.platform === 'darwin') app.dock?.hide();
  });

  tray = createTray({
    iconPath: trayIconPath({
      platform: process.platform,
      packaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      appPath: app.getAppPath(),
    }),
    onAction: onTrayAction,
    onClick: toggleWindow,
  });
  session.subscribe((state) => {
    sendSessionState(window, state);
    tray?.update(state, library.playlists());
  });
  tray.update(session.state(), library.playlists());
  // A read-only handle for support and the Electron end-to-end suite: what the tray shows now.
  (globalThis as { tunetrayDiagnostics?: unknown }).tunetrayDiagnostics = {
    trayMenu: () => trayMenu(session.state(), library.playlists()),
  };

  // A login launch stays in the tray (main/login-launch.ts says how each platform tells).
  const startHidden = startsInTray({
    platform: process.platform,
    argv: process.argv,
    wasOpenedAtLogin: process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
  });
  // Listen before anything awaits: the page can paint (and ready-to-show fire, once) while a slow
  // keyring is still answering session.start().
  window.once('ready-to-show', () => {
    uiPainted();
    if (!startHidden) showWindow();
  });
  if (startHidden && process.platform === 'darwin') app.dock?.hide();
  // The shortcut toggles the window, which exists by now.
  core.shortcut.start();
  await session.start();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showWindow);
  // Tray-resident: closing the last window does not quit.
  app.on('window-all-closed', () => {});
  app.on('before-quit', (event) => {
    quitting = true;
    // Hold the quit until the core has let a refresh finish saving and closed any sign-in port,
    // except while the system ends the session (main/quit-policy.ts: macOS cancels a held logout).
    if (!mayHoldQuit({ started: core !== null, cleanedUp: disposed, systemEnding })) {
      // Let the quit go; still clean up as far as the time left allows, the tray icon first (the
      // process may end before the core has finished, and on Windows an icon nobody removed stays
      // in the notification area until the pointer passes over it).
      if (systemEnding) {
        removeTray();
        void cleanUp();
      }
      return;
    }
    event.preventDefault();
    void cleanUp().finally(() => app.quit());
  });
  // Anything start() throws ends the app with words, not a windowless process left running.
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      process.stderr.write(`Tunetray failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
      app.exit(1);
    });
}
