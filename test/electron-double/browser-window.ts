/**
 * BrowserWindow: state a window manager would keep (visible, focused, bounds), a real page in
 * Chromium (page-host.ts), and Electron's events: 'ready-to-show' once after the first contentful
 * paint, 'show'/'hide'/'focus' on changes, 'close' (cancellable) then 'closed'. A destroyed window
 * throws "Object has been destroyed", as Electron's do.
 */
import { EventEmitter } from 'node:events';
import { isAbsolute } from 'node:path';
import type { Rect } from './config.ts';
import { provide, report } from './control.ts';
import { electronEvent, onlyElectronMembers } from './event.ts';
import { noteFirstPaint, requireReady, ruleBroken } from './lifecycle.ts';
import { now, type WindowState } from './messages.ts';
import { PageHost } from './page-host.ts';
import { primaryWorkArea } from './screen.ts';
import { WebContentsDouble } from './web-contents.ts';
import { windowCloseCancelled, windowClosed, windowOpened } from './window-list.ts';

let nextId = 1;
const all: BrowserWindowDouble[] = [];

type WindowMembers =
  | 'id'
  | 'loadURL'
  | 'show'
  | 'hide'
  | 'focus'
  | 'isVisible'
  | 'isFocused'
  | 'isDestroyed'
  | 'close'
  | 'destroy'
  | 'getSize'
  | 'getBounds'
  | 'getPosition'
  | 'setPosition'
  | 'getTitle';

export class BrowserWindowDouble extends EventEmitter implements Pick<Electron.BrowserWindow, WindowMembers> {
  readonly id: number;
  readonly webContents: WebContentsDouble;
  readonly #host: PageHost;
  readonly #title: string;
  readonly #webPreferences: Electron.WebPreferences;
  #bounds: Rect;
  #visible = false;
  #focused = false;
  #focusedAt: number | null = null;
  #destroyed = false;
  #readyToShow: { at: number; listeners: number } | null = null;
  #firstShownAt: number | null = null;
  readonly #navigations: WindowState['navigations'] = [];

  constructor(options: Electron.BrowserWindowConstructorOptions = {}) {
    requireReady('Cannot create BrowserWindow before app is ready', 'BrowserWindow', 'browser-window');
    super();
    const preload = options.webPreferences?.preload ?? null;
    if (preload !== null && !isAbsolute(preload)) {
      throw ruleBroken(
        `webPreferences.preload is not an absolute path: ${preload}`,
        'the preload script must be given as an absolute path',
        'structures/web-preferences',
      );
    }
    this.id = nextId++;
    this.#title = options.title ?? 'Electron';
    this.#webPreferences = { ...options.webPreferences };
    const width = options.width ?? 800;
    const height = options.height ?? 600;
    // "Default is to center the window."
    const area = primaryWorkArea();
    this.#bounds = {
      x: options.x ?? Math.round(area.x + (area.width - width) / 2),
      y: options.y ?? Math.round(area.y + (area.height - height) / 2),
      width,
      height,
    };
    this.webContents = new WebContentsDouble(this.id);
    const contents = this.webContents;
    this.#host = new PageHost(
      { width, height, preload: this.#webPreferences.nodeIntegrationInSubFrames ? null : preload },
      {
        invoke: (frame, channel, args) => WebContentsDouble.invoke(contents, frame, channel, args),
        firstPaint: () => this.#painted(),
        willNavigate: (url, frame) => {
          const prevented = WebContentsDouble.willNavigate(contents, url, frame);
          this.#navigations.push({ url, prevented, at: now() });
          return prevented;
        },
        windowOpen: (url) => WebContentsDouble.windowOpen(contents, url),
        permission: (frame, ask) => WebContentsDouble.askPermission(contents, frame, ask),
      },
    );
    WebContentsDouble.attach(contents, this.#host);
    all.push(this);
    windowOpened(this);
    if (options.show !== false) this.show();
  }

  #alive(): void {
    if (this.#destroyed) throw new TypeError('Object has been destroyed');
  }

  loadURL(url: string): Promise<void> {
    this.#alive();
    return this.#host.load(url);
  }

  show(): void {
    this.#alive();
    const wasVisible = this.#visible;
    this.#visible = true;
    if (!wasVisible) {
      this.#firstShownAt ??= now();
      report({ type: 'window-shown', id: this.id, at: now() });
      this.emit('show');
    }
    this.focus();
  }

  hide(): void {
    this.#alive();
    if (!this.#visible) return;
    this.#visible = false;
    if (this.#focused) {
      this.#focused = false;
      this.emit('blur');
    }
    this.emit('hide');
  }

  focus(): void {
    this.#alive();
    // A hidden window cannot take the focus (on Linux the window manager decides; we model the common case).
    if (!this.#visible) return;
    this.#focusedAt = now();
    if (this.#focused) return;
    this.#focused = true;
    this.emit('focus');
  }

  isVisible(): boolean {
    this.#alive();
    return this.#visible;
  }
  isFocused(): boolean {
    this.#alive();
    return this.#focused;
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  getTitle(): string {
    this.#alive();
    return this.#title;
  }
  getSize(): number[] {
    this.#alive();
    return [this.#bounds.width, this.#bounds.height];
  }
  getBounds(): Electron.Rectangle {
    this.#alive();
    return { ...this.#bounds };
  }
  getPosition(): number[] {
    this.#alive();
    return [this.#bounds.x, this.#bounds.y];
  }
  setPosition(x: number, y: number, _animate?: boolean): void {
    this.#alive();
    this.#bounds = { ...this.#bounds, x: Math.round(x), y: Math.round(y) };
  }

  /** "Try to close the window. This has the same effect as a user manually clicking the close button." */
  close(): void {
    this.#alive();
    const event = electronEvent();
    this.emit('close', event);
    if (event.defaultPrevented) {
      windowCloseCancelled();
      return;
    }
    this.#teardown();
  }

  /** Force closing: no 'close' event, but 'closed' is guaranteed. */
  destroy(): void {
    if (!this.#destroyed) this.#teardown();
  }

  #teardown(): void {
    this.#destroyed = true;
    this.#visible = false;
    this.#focused = false;
    void this.#host.close();
    WebContentsDouble.destroyed(this.webContents);
    process.nextTick(() => {
      this.emit('closed');
      windowClosed(this);
    });
  }

  #painted(): void {
    if (this.#readyToShow || this.#destroyed) return;
    // lib/browser/api/web-contents.ts forwards it to the window on the next tick.
    this.#readyToShow = { at: now(), listeners: 0 };
    process.nextTick(() => {
      if (this.#destroyed || !this.#readyToShow) return;
      this.#readyToShow = { at: now(), listeners: this.listenerCount('ready-to-show') };
      this.emit('ready-to-show');
      setImmediate(noteFirstPaint);
    });
  }

  #state(): WindowState {
    const { preload: _preload, ...webPreferences } = this.#webPreferences;
    return {
      id: this.id,
      title: this.#title,
      visible: this.#visible,
      focused: this.#focused,
      focusedAt: this.#focusedAt,
      destroyed: this.#destroyed,
      bounds: { ...this.#bounds },
      url: this.#destroyed ? '' : this.#host.url(),
      readyToShow: this.#readyToShow,
      firstShownAt: this.#firstShownAt,
      loadError: this.#host.loadError,
      navigations: this.#navigations.slice(),
      webPreferences: JSON.parse(JSON.stringify(webPreferences)) as Record<string, unknown>,
    };
  }

  static {
    const find = (id: number) => {
      const window = all.find((w) => w.id === id);
      if (!window) throw new Error(`no window with id ${id} (windows: ${all.map((w) => w.id).join(', ') || 'none'})`);
      return window;
    };
    provide({
      'window.list': () => all.map((w) => w.#state()),
      'window.userClose': ({ id }) => {
        const window = find(id);
        window.close();
        return { closed: window.#destroyed };
      },
      'window.page': ({ id, action }) => {
        const window = find(id);
        window.#alive();
        return window.#host.act(action);
      },
    });
  }
}
onlyElectronMembers<BrowserWindowDouble, Electron.BrowserWindow>('ok');
