/**
 * `app`: readiness ('ready' after the main script's first tick), paths inside the test's profile
 * folder, the cross-process single-instance lock, and quitting in Electron's order:
 * before-quit (cancellable) -> close every window (each 'close' cancellable) -> will-quit
 * (cancellable) -> quit -> the process exits. app.exit(code) skips the asking.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { provide, report } from './control.ts';
import { electronEvent, onlyElectronMembers } from './event.ts';
import { config } from './host-config.ts';
import { isShuttingDown, markReady, onTerminate, terminate } from './lifecycle.ts';
import { type DockDouble, dock, getLoginItemSettings, setLoginItemSettings } from './login-items.ts';
import { now } from './messages.ts';
import { createPaths, type PathName } from './paths.ts';
import { acquireLock, releaseLock, type SecondInstanceMessage, watchMailbox } from './single-instance.ts';
import { observeWindows, windows } from './window-list.ts';

function readPackage(appPath: string): { name: string; version: string } {
  try {
    const pkg = JSON.parse(readFileSync(join(appPath, 'package.json'), 'utf8')) as Record<string, unknown>;
    const name = typeof pkg.productName === 'string' ? pkg.productName : String(pkg.name ?? 'Electron');
    return { name, version: typeof pkg.version === 'string' ? pkg.version : '0.0.0' };
  } catch {
    return { name: 'Electron', version: '0.0.0' };
  }
}

type AppMembers =
  | 'getPath'
  | 'setPath'
  | 'setAppLogsPath'
  | 'getAppPath'
  | 'getName'
  | 'getVersion'
  | 'isReady'
  | 'whenReady'
  | 'quit'
  | 'exit'
  | 'requestSingleInstanceLock'
  | 'hasSingleInstanceLock'
  | 'isPackaged'
  | 'getLoginItemSettings'
  | 'setLoginItemSettings';

export class AppDouble extends EventEmitter implements Pick<Electron.App, AppMembers> {
  readonly isPackaged = config.isPackaged;
  /** macOS only (login-items.ts); typed as the double, as members holding Electron objects are. */
  readonly dock: DockDouble | undefined = dock;
  readonly #pkg = readPackage(config.appPath);
  readonly #paths = createPaths(config.profileDir, this.#pkg.name);
  readonly #ready: Promise<void>;
  #resolveReady: () => void = () => {};
  #readyDone = false;
  #quitting = false;
  #lockedUserData: string | null = null;
  #pendingSecondInstances: SecondInstanceMessage[] = [];

  constructor() {
    super();
    this.#ready = new Promise((resolve) => {
      this.#resolveReady = resolve;
    });
    // "The ready event is only fired after the main process has finished running the first tick of the event loop."
    setImmediate(() => this.#emitReady());
    observeWindows({
      allClosed: () => {
        if (this.#quitting) this.#notifyAndShutdown();
        else if (this.listenerCount('window-all-closed') > 0) this.emit('window-all-closed');
        else this.quit(); // Electron's default when nobody listens: quit.
      },
      closeCancelled: () => {
        // "Once a beforeunload handler has prevented the closing, we think the quit is cancelled too."
        this.#quitting = false;
      },
    });
  }

  getPath(name: PathName): string {
    return this.#paths.get(name);
  }
  setPath(name: string, path: string): void {
    this.#paths.set(name, path);
  }
  setAppLogsPath(path?: string): void {
    const logs = path ?? join(this.#paths.get('userData'), 'logs');
    mkdirSync(logs, { recursive: true });
    this.#paths.set('logs', logs);
  }
  getLoginItemSettings(options?: Electron.LoginItemSettingsOptions): Electron.LoginItemSettings {
    return getLoginItemSettings(options);
  }
  setLoginItemSettings(settings: Electron.Settings): void {
    setLoginItemSettings(settings);
  }
  getAppPath(): string {
    return config.appPath;
  }
  getName(): string {
    return this.#pkg.name;
  }
  getVersion(): string {
    return this.#pkg.version;
  }
  isReady(): boolean {
    return this.#readyDone;
  }
  whenReady(): Promise<void> {
    return this.#ready;
  }

  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
    const userData = this.#paths.get('userData');
    const message = {
      argv: process.argv.slice(),
      workingDirectory: process.cwd(),
      additionalData: additionalData ?? {},
    };
    if (!acquireLock(userData, message)) return false;
    if (this.#lockedUserData === null) {
      this.#lockedUserData = userData;
      const stop = watchMailbox(userData, (received) => this.#secondInstance(received));
      onTerminate(() => {
        stop();
        releaseLock(userData);
      });
      process.on('exit', () => releaseLock(userData));
    }
    return true;
  }
  hasSingleInstanceLock(): boolean {
    return this.#lockedUserData !== null;
  }

  quit(): void {
    if (this.#quitting || isShuttingDown()) return;
    const event = electronEvent();
    this.emit('before-quit', event);
    report({ type: 'quit-step', step: 'before-quit', prevented: event.defaultPrevented, at: now() });
    if (event.defaultPrevented) return;
    this.#quitting = true;
    const open = windows();
    if (open.length === 0) this.#notifyAndShutdown();
    else for (const window of [...open]) window.close();
  }

  exit(exitCode = 0): void {
    this.#quitting = true;
    for (const window of [...windows()]) window.destroy();
    this.#shutdown(exitCode);
  }

  #emitReady(): void {
    if (isShuttingDown()) return;
    // Electron creates the userData folder as it finishes launching (errors ignored).
    try {
      mkdirSync(this.#paths.get('userData'), { recursive: true });
    } catch {}
    this.emit('will-finish-launching');
    this.#readyDone = true;
    markReady();
    this.#resolveReady();
    this.emit('ready', electronEvent(), {});
    report({ type: 'ready', at: now() });
    for (const message of this.#pendingSecondInstances.splice(0)) this.#secondInstance(message);
  }

  #secondInstance(message: SecondInstanceMessage): void {
    // "This event is guaranteed to be emitted after the ready event of app gets emitted."
    if (!this.#readyDone) {
      this.#pendingSecondInstances.push(message);
      return;
    }
    this.emit('second-instance', electronEvent(), message.argv, message.workingDirectory, message.additionalData);
  }

  #notifyAndShutdown(): void {
    const event = electronEvent();
    this.emit('will-quit', event);
    report({ type: 'quit-step', step: 'will-quit', prevented: event.defaultPrevented, at: now() });
    if (event.defaultPrevented) {
      this.#quitting = false;
      return;
    }
    this.#shutdown(0);
  }

  #shutdown(exitCode: number): void {
    if (isShuttingDown()) return;
    this.emit('quit', electronEvent(), exitCode);
    terminate(exitCode);
  }
}

onlyElectronMembers<AppDouble, Electron.App>('ok');

export const app = new AppDouble();

let readyAt: number | null = null;
app.once('ready', () => {
  readyAt = now();
});

provide({
  'app.quit': () => {
    app.quit();
    return null;
  },
  'app.metrics': () => {
    // With --expose-gc, measure what is live rather than what has not been collected yet.
    (globalThis as { gc?: () => void }).gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    return { heapUsed, rss, readyAt };
  },
});
