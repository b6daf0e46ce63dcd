/**
 * Where the app is in Electron's life: before 'ready', ready, shutting down. Every module asks here
 * before doing something Electron only allows at one stage, and breaks the rule loudly: the error
 * names the rule and the doc page, and the test hears about it at once even if main/ swallows it.
 */
import { report } from './control.ts';
import { now } from './messages.ts';

const DOCS = 'https://www.electronjs.org/docs/latest/api';

let ready = false;
let shuttingDown = false;
const readyWaiters: Array<() => void> = [];
const terminators: Array<() => Promise<void> | void> = [];

export const isReady = (): boolean => ready;
export const isShuttingDown = (): boolean => shuttingDown;

export function onReady(callback: () => void): void {
  if (ready) callback();
  else readyWaiters.push(callback);
}

export function markReady(): void {
  ready = true;
  for (const callback of readyWaiters.splice(0)) callback();
}

/** An Error whose message is Electron's own where it has one, plus the rule and where it is written down. */
export function ruleBroken(message: string, rule: string, docPath: string): Error {
  const error = new Error(`${message} (Electron: ${rule}; see ${DOCS}/${docPath})`);
  report({ type: 'fault', kind: 'rule-broken', message: error.message, at: now() });
  return error;
}

export function requireReady(message: string, what: string, docPath: string): void {
  if (!ready) throw ruleBroken(message, `${what} can only be used after the app's 'ready' event`, docPath);
}

/** Something to undo before the process ends (close the browser connection, release the profile lock). */
export function onTerminate(callback: () => Promise<void> | void): void {
  terminators.push(callback);
}

/** Ends the process as Electron does after 'quit': on a later tick, once teardown is done (bounded). */
export function terminate(code: number): void {
  if (shuttingDown) return;
  shuttingDown = true;
  report({ type: 'exiting', code, at: now() });
  setImmediate(() => {
    const teardown = Promise.allSettled(terminators.map(async (callback) => callback()));
    const limit = new Promise((resolve) => setTimeout(resolve, 3000).unref());
    void Promise.race([teardown, limit]).finally(() => process.exit(code));
  });
}

/** The first ready-to-show of any window: a slow keyring answers only after it. */
let firstPaintSeen: () => void = () => {};
export const firstPaint = new Promise<void>((resolve) => {
  firstPaintSeen = resolve;
});
export const noteFirstPaint = (): void => firstPaintSeen();
