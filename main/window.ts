/**
 * The companion window, hardened: isolated, sandboxed, no Node, strict CSP, no navigation,
 * no new windows, no permissions. The UI is served from the app:// scheme out of the
 * packaged files, never from a remote origin.
 */
import { join, normalize, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, net, protocol, screen, session } from 'electron';
import { type Rect, windowPosition } from './window-position.ts';

export const UI_SCHEME = 'app';
export const UI_ORIGIN = `${UI_SCHEME}://tunetray`;
const WINDOW_SIZE = { width: 380, height: 600 };

/** Must run before app 'ready'. */
export function registerUiScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: UI_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } },
  ]);
}

/** Serves out/renderer under app://tunetray/ with the CSP header. Call after 'ready'. */
export function serveUi(rendererDir: string, csp: () => string): void {
  protocol.handle(UI_SCHEME, async (request) => {
    const url = new URL(request.url);
    const path = normalize(join(rendererDir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
    const rel = relative(rendererDir, path);
    if (url.host !== 'tunetray' || rel.startsWith('..') || rel.includes(`..${sep}`)) {
      return new Response('Not found', { status: 404 });
    }
    const file = await net.fetch(pathToFileURL(path).toString());
    const headers = new Headers(file.headers);
    headers.set('Content-Security-Policy', csp());
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(file.body, { status: file.status, headers });
  });
}

/** The one permission the UI uses: writing the redirect URI to the clipboard ("Copy"). */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/** Denies every other permission request and check (camera, notifications, geolocation...). */
export function restrictPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.has(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => ALLOWED_PERMISSIONS.has(permission));
}

export function createCompanionWindow(options: { preloadPath: string; url: string }): BrowserWindow {
  const window = new BrowserWindow({
    ...WINDOW_SIZE,
    minWidth: 320,
    minHeight: 420,
    show: false,
    title: 'Tunetray',
    skipTaskbar: process.platform !== 'linux',
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  });
  const contents = window.webContents;
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  void window.loadURL(options.url);
  return window;
}

export function showNear(window: BrowserWindow, trayBounds: Rect | null): void {
  const display = trayBounds ? screen.getDisplayMatching(trayBounds) : screen.getPrimaryDisplay();
  const [width = WINDOW_SIZE.width, height = WINDOW_SIZE.height] = window.getSize();
  const { x, y } = windowPosition({ width, height }, display.workArea, trayBounds);
  window.setPosition(x, y, false);
  window.show();
  window.focus();
}
