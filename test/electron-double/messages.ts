/**
 * The control channel between a test and the double in the app's process (Node IPC with advanced
 * serialization, so RegExps and plain data cross as they are). Requests carry an id; the child
 * answers each one. Events flow from the child on their own. Times are epoch milliseconds with a
 * fraction (performance.timeOrigin + performance.now()), comparable with the test's own clock.
 */
import type { Page } from 'playwright-core';
import type { Rect } from './config.ts';

/** A native menu, as data: what a user could see and click. */
export interface MenuItemData {
  type: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio' | 'header' | 'palette';
  label: string;
  enabled: boolean;
  visible: boolean;
  submenu: MenuItemData[] | null;
}

export interface TrayState {
  /** The menu given to setContextMenu (on Linux the only way a tray shows a menu); null before the first call. */
  menu: MenuItemData[] | null;
  /** Every setContextMenu call: when, and the top-level labels it showed. */
  menuChanges: Array<{ at: number; labels: string[] }>;
  tooltip: string;
  /** template: marked with setTemplateImage(true) (macOS draws it in the menu bar's colour). */
  icon: { path: string | null; empty: boolean; width: number; height: number; template: boolean };
  destroyed: boolean;
  createdAt: number;
}

export interface WindowState {
  id: number;
  title: string;
  visible: boolean;
  focused: boolean;
  /** The last time focus() reached the window while it was visible. */
  focusedAt: number | null;
  destroyed: boolean;
  bounds: Rect;
  /** The main frame's URL as Electron reports it (app://... for the UI origin). */
  url: string;
  /** When ready-to-show was emitted, and how many listeners heard it (0: nobody was listening yet). */
  readyToShow: { at: number; listeners: number } | null;
  firstShownAt: number | null;
  /** A failed main-frame load, in Electron's words ("ERR_FAILED (-2) loading '...'"). */
  loadError: string | null;
  /** Navigations the page itself started (links, location.href): main heard them as 'will-navigate'. */
  navigations: Array<{ url: string; prevented: boolean; at: number }>;
  /** The webPreferences main asked for (the preload path left out), as data. */
  webPreferences: Record<string, unknown>;
}

/** Finds an element the way a person would: by its accessible role and name. */
export interface Target {
  role: Parameters<Page['getByRole']>[0];
  name: string | RegExp;
  exact?: boolean;
}

/** Which frame an evaluation runs in: the main frame, or the first frame whose URL contains the text. */
export type FrameSelector = 'main' | { urlIncludes: string } | { index: number };

export type PageAction =
  | { kind: 'click'; target: Target }
  | { kind: 'fill'; target: Target; value: string }
  | { kind: 'isVisible'; target: Target }
  /** Resolves (with the child's timestamp) when the target is visible; rejects after timeoutMs. */
  | { kind: 'waitFor'; target: Target; timeoutMs: number }
  | { kind: 'text' }
  /** Every frame's URL, main frame first, in Electron's form. */
  | { kind: 'frames' }
  /** `source` is a function expression evaluated in the page with `arg`. */
  | { kind: 'evaluate'; source: string; arg: unknown; frame: FrameSelector }
  /** ipcRenderer.invoke sent from this frame, as a compromised renderer (or a preload in a subframe) could. */
  | { kind: 'invoke'; frame: FrameSelector; channel: string; args: unknown[] }
  /** The user presses keys in the focused window (Playwright's keyboard.press names: "Control+Alt+KeyT"). */
  | { kind: 'press'; key: string };

export type PowerEvent = 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen' | 'shutdown';

/** Operation name -> [argument, result]. */
export interface ControlOps {
  'tray.list': [undefined, TrayState[]];
  /** Clicks the enabled item at this label path in the current context menu of the (single live) tray. */
  'tray.clickItem': [{ path: string[] }, null];
  /** The user activates the tray icon; only delivered where the tray reports clicks. */
  'tray.click': [undefined, null];
  'window.list': [undefined, WindowState[]];
  /** The user closes the window (title-bar button): emits 'close', which main may cancel. */
  'window.userClose': [{ id: number }, { closed: boolean }];
  'window.page': [{ id: number; action: PageAction }, unknown];
  'power.emit': [{ event: PowerEvent }, null];
  'keyring.setLocked': [{ locked: boolean }, null];
  /** As if the user chose Quit from the dock / a session manager asked: app.quit(). */
  'app.quit': [undefined, null];
  /** The Dock icon (macOS), or null where there is no Dock. */
  'app.dock': [undefined, { visible: boolean } | null];
  'app.metrics': [undefined, { heapUsed: number; rss: number; readyAt: number | null }];
  /** The combinations main registered with globalShortcut, as main spelled them. */
  'globalShortcut.list': [undefined, string[]];
  /** The user presses a combination anywhere on the desktop; delivered when main registered it. */
  'globalShortcut.press': [{ accelerator: string }, { delivered: boolean }];
}
export type ControlOp = keyof ControlOps;

export interface ControlRequest<K extends ControlOp = ControlOp> {
  id: number;
  op: K;
  arg: ControlOps[K][0];
}

export type ControlReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export type DoubleEvent =
  | { type: 'ready'; at: number }
  | { type: 'tray-created'; at: number }
  | { type: 'window-shown'; id: number; at: number }
  | { type: 'open-external'; url: string; at: number }
  /** app.quit()'s cancellable steps, and whether a listener cancelled them (preventDefault). */
  | { type: 'quit-step'; step: 'before-quit' | 'will-quit'; prevented: boolean; at: number }
  | { type: 'tray-destroyed'; at: number }
  /** What main passed to app.setLoginItemSettings (Electron acts on it on macOS and Windows only). */
  | { type: 'login-item-settings'; settings: Record<string, unknown>; at: number }
  /**
   * Something is certainly wrong, so a waiting test should fail now: a rule of Electron's broken, an
   * uncaught exception or unhandled rejection in main, an invoke for a channel main never handled, or an
   * uncaught error in the page.
   */
  | { type: 'fault'; kind: FaultKind; message: string; at: number }
  | { type: 'exiting'; code: number; at: number };

export type FaultKind =
  | 'rule-broken'
  | 'not-modelled'
  | 'uncaught-exception'
  | 'unhandled-rejection'
  | 'no-ipc-handler'
  | 'renderer-error';

export type ChildMessage = { reply: ControlReply } | { event: DoubleEvent };

export const now = (): number => performance.timeOrigin + performance.now();
