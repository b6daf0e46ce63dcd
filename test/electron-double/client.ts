/**
 * The test's side: starts the built app (out/main/index.js) in a child Node process with `electron`
 * resolved to the double, and talks to the double over Node IPC. Every wait races the child's
 * exit and its faults (a broken Electron rule, an uncaught exception, an unhandled rejection), so an
 * obvious failure is reported at once, with the child's stderr, instead of as a timeout.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildConfig, CONFIG_ENV, type Knobs } from './config.ts';
import type {
  ChildMessage,
  ControlOp,
  ControlOps,
  DoubleEvent,
  FrameSelector,
  PowerEvent,
  Target,
  TrayState,
  WindowState,
} from './messages.ts';
import { now } from './messages.ts';

export const REPO_ROOT = join(import.meta.dirname, '../..');
export const BUILT_MAIN = join(REPO_ROOT, 'out/main/index.js');
const REGISTER = pathToFileURL(join(import.meta.dirname, 'register.ts')).href;

export interface LaunchOptions {
  /** The "machine" (home, XDG config, keyring). userData is `<profileDir>/config/<app name>`. */
  profileDir: string;
  /** Added to this process's environment (TUNETRAY_ACCOUNTS_URL...). */
  env?: Record<string, string>;
  /** Command-line arguments after the script, e.g. ['--hidden']. */
  args?: string[];
  knobs?: Knobs;
  /** A Playwright browser server (chromium.launchServer); without one the child launches Chromium itself. */
  browserWsEndpoint?: string;
  executablePath?: string;
  main?: string;
  /** Node options for the app's process, e.g. ['--expose-gc'] so app.metrics measures a collected heap. */
  nodeArgs?: string[];
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface DesktopApp {
  readonly pid: number;
  /** Epoch ms (with fraction) just before the process was spawned. */
  readonly spawnedAt: number;
  readonly exited: Promise<Exit>;
  readonly events: readonly DoubleEvent[];
  stderr(): string;
  stdout(): string;
  call<K extends ControlOp>(op: K, arg: ControlOps[K][0]): Promise<ControlOps[K][1]>;
  /** Polls `check` until true; fails at once if the app exits or faults, else after timeoutMs. */
  waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs?: number): Promise<void>;
  /** Resolves when the process ends; fails at once if the app reports a fault first, else after timeoutMs. */
  waitForExit(timeoutMs?: number): Promise<Exit>;
  /** Every URL main passed to shell.openExternal, in order. */
  openedUrls(): string[];
  /** The next URL opened after the ones already taken with this method. */
  nextOpenedUrl(): Promise<string>;
  trays(): Promise<TrayState[]>;
  /** The one live tray (fails if there is none or several). */
  tray(): Promise<TrayState>;
  clickTrayItem(...path: string[]): Promise<void>;
  windows(): Promise<WindowState[]>;
  window(): Promise<WindowState>;
  page: {
    click(target: Target): Promise<void>;
    fill(target: Target, value: string): Promise<void>;
    isVisible(target: Target): Promise<boolean>;
    waitFor(target: Target, timeoutMs?: number): Promise<number>;
    text(): Promise<string>;
    /** Keys pressed in the window, by Playwright's names ("Escape", "Control+Alt+KeyT"). */
    press(key: string): Promise<void>;
    frames(): Promise<string[]>;
    evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A, frame?: FrameSelector): Promise<R>;
    /** What main answers when `frame` sends ipcRenderer.invoke(channel, ...args): { result } or { error }. */
    invokeFrom(
      frame: FrameSelector,
      channel: string,
      ...args: unknown[]
    ): Promise<{ result: unknown } | { error: string }>;
  };
  userCloseWindow(): Promise<{ closed: boolean }>;
  power(event: PowerEvent): Promise<void>;
  setKeyringLocked(locked: boolean): Promise<void>;
  /** The Dock icon (macOS), or null where there is none (Linux). */
  dock(): Promise<{ visible: boolean } | null>;
  quit(): Promise<void>;
  /** Resolves when the process has ended; kills it (SIGKILL) first if it is still running. */
  kill(): Promise<Exit>;
}

export function userDataDir(profileDir: string, appName = 'Tunetray'): string {
  return join(profileDir, 'config', appName);
}

const POLL_MS = 25;

/** Proxy variables the app reads (app/network/environment-proxy.ts), in either case. */
const PROXY_VARIABLES = new Set(['http_proxy', 'https_proxy', 'no_proxy', 'all_proxy']);

/**
 * This process's environment without the app's own settings (a developer's TUNETRAY_CLIENT_ID must
 * not leak in) and without proxy variables: the host's proxy is the `systemProxy` knob, and a test
 * that wants HTTPS_PROXY passes it in `env`.
 */
function hostEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !name.startsWith('TUNETRAY_') && name !== 'ELECTRON_RENDERER_URL' && !PROXY_VARIABLES.has(name.toLowerCase()),
    ),
  );
}

/**
 * HOME and XDG_CONFIG_HOME inside the profile, as app.getPath('home') and 'appData' report them, so
 * what main writes beside Electron's paths (an XDG autostart entry) stays in the profile too.
 */
function profileEnvironment(profileDir: string): Record<string, string> {
  const home = join(profileDir, 'home');
  mkdirSync(home, { recursive: true });
  return { HOME: home, XDG_CONFIG_HOME: join(profileDir, 'config') };
}

export function launchApp(options: LaunchOptions): DesktopApp {
  const config = buildConfig({
    profileDir: options.profileDir,
    appPath: REPO_ROOT,
    browserWsEndpoint: options.browserWsEndpoint ?? null,
    executablePath: options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    ...(options.knobs ? { knobs: options.knobs } : {}),
  });
  const spawnedAt = now();
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', REGISTER, options.main ?? BUILT_MAIN, ...(options.args ?? [])],
    {
      cwd: REPO_ROOT,
      env: {
        ...hostEnvironment(),
        ...profileEnvironment(options.profileDir),
        ...options.env,
        [CONFIG_ENV]: JSON.stringify(config),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    },
  );
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });

  const events: DoubleEvent[] = [];
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; op: string }>();
  let nextId = 1;
  let exit: Exit | null = null;
  let taken = 0;

  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      for (const { reject, op } of pending.values()) reject(new Error(`${op}: ${describeExit()}`));
      pending.clear();
      resolve(exit);
    });
  });
  const tail = () => (stderr.trim() ? `\n--- app stderr ---\n${stderr.trim().split('\n').slice(-30).join('\n')}` : '');
  const describeExit = () => `the app exited (code ${exit?.code}, signal ${exit?.signal})${tail()}`;
  const fault = () => events.find((e) => e.type === 'fault');

  child.on('message', (message: ChildMessage) => {
    if ('event' in message) {
      events.push(message.event);
      return;
    }
    const waiter = pending.get(message.reply.id);
    if (!waiter) return;
    pending.delete(message.reply.id);
    if (message.reply.ok) waiter.resolve(message.reply.value);
    else waiter.reject(new Error(`${waiter.op}: ${message.reply.error}`));
  });

  const call = <K extends ControlOp>(op: K, arg: ControlOps[K][0]): Promise<ControlOps[K][1]> => {
    if (exit || !child.connected) return Promise.reject(new Error(`${op}: ${describeExit()}`));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, op });
      child.send({ id, op, arg });
    });
  };

  const waitFor = async (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const broken = fault();
      if (broken)
        throw new Error(`while waiting for ${what}: the app reported a ${broken.kind}: ${broken.message}${tail()}`);
      if (await Promise.resolve(check()).catch((error: Error) => (exit ? false : Promise.reject(error)))) return;
      if (exit) throw new Error(`while waiting for ${what}: ${describeExit()}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${tail()}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  const opened = () => events.flatMap((e) => (e.type === 'open-external' ? [e.url] : []));
  const page = (action: ControlOps['window.page'][0]['action']) =>
    app.window().then((w) => call('window.page', { id: w.id, action }));

  const app: DesktopApp = {
    pid: child.pid ?? -1,
    spawnedAt,
    exited,
    events,
    stderr: () => stderr,
    stdout: () => stdout,
    call,
    waitFor,
    async waitForExit(timeoutMs = 15_000) {
      await waitFor(() => exit !== null, 'the app to exit', timeoutMs).catch((error: Error) => {
        if (!exit) throw error;
      });
      return exited;
    },
    openedUrls: opened,
    async nextOpenedUrl() {
      await waitFor(() => opened().length > taken, 'a URL handed to shell.openExternal');
      return opened()[taken++] as string;
    },
    trays: () => call('tray.list', undefined),
    async tray() {
      const live = (await call('tray.list', undefined)).filter((t) => !t.destroyed);
      if (live.length !== 1) throw new Error(`expected one tray icon, found ${live.length}`);
      return live[0] as TrayState;
    },
    clickTrayItem: async (...path) => void (await call('tray.clickItem', { path })),
    windows: () => call('window.list', undefined),
    async window() {
      const open = (await call('window.list', undefined)).filter((w) => !w.destroyed);
      if (open.length !== 1) throw new Error(`expected one open window, found ${open.length}`);
      return open[0] as WindowState;
    },
    page: {
      click: async (target) => void (await page({ kind: 'click', target })),
      fill: async (target, value) => void (await page({ kind: 'fill', target, value })),
      isVisible: async (target) => (await page({ kind: 'isVisible', target })) as boolean,
      waitFor: async (target, timeoutMs = 15_000) => (await page({ kind: 'waitFor', target, timeoutMs })) as number,
      text: async () => (await page({ kind: 'text' })) as string,
      press: async (key) => void (await page({ kind: 'press', key })),
      frames: async () => (await page({ kind: 'frames' })) as string[],
      evaluate: async (fn, arg, frame = 'main') =>
        (await page({ kind: 'evaluate', source: fn.toString(), arg, frame })) as never,
      invokeFrom: async (frame, channel, ...args) =>
        (await page({ kind: 'invoke', frame, channel, args })) as { result: unknown } | { error: string },
    },
    userCloseWindow: async () => call('window.userClose', { id: (await app.window()).id }),
    power: async (event) => void (await call('power.emit', { event })),
    setKeyringLocked: async (locked) => void (await call('keyring.setLocked', { locked })),
    dock: () => call('app.dock', undefined),
    quit: async () => void (await call('app.quit', undefined)),
    async kill() {
      if (!exit) child.kill('SIGKILL');
      return exited;
    },
  };
  return app;
}
