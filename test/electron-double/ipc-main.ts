/**
 * `ipcMain`: handlers for ipcRenderer.invoke, with Electron's rules: one handler per channel (a second
 * one throws), errors reach the renderer as their message only, a channel without a handler is an
 * error for the caller. electron-store's ipcMain.on listeners are kept like any EventEmitter's.
 */
import { EventEmitter } from 'node:events';
import { report } from './control.ts';
import { onlyElectronMembers } from './event.ts';
import { now } from './messages.ts';

type InvokeHandler = (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown;

export class IpcMainDouble
  extends EventEmitter
  implements Pick<Electron.IpcMain, 'handle' | 'handleOnce' | 'removeHandler'>
{
  readonly #handlers = new Map<string, InvokeHandler>();

  constructor() {
    super();
    // Electron: "Do not throw exception when channel name is 'error'."
    this.on('error', () => {});
  }

  handle(channel: string, listener: InvokeHandler): void {
    if (this.#handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    if (typeof listener !== 'function') {
      throw new TypeError(`Expected handler to be a function, but found type '${typeof listener}'`);
    }
    this.#handlers.set(channel, listener);
  }

  handleOnce(channel: string, listener: InvokeHandler): void {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return listener(event, ...args);
    });
  }

  removeHandler(channel: string): void {
    this.#handlers.delete(channel);
  }

  /** What lib/browser/ipc-dispatch.ts does with '-ipc-invoke'. Internal to the double: see invokeHandler below. */
  static async dispatch(
    ipc: IpcMainDouble,
    event: Electron.IpcMainInvokeEvent,
    channel: string,
    args: unknown[],
  ): Promise<{ result: unknown } | { error: string }> {
    const handler = ipc.#handlers.get(channel);
    if (!handler) {
      const error = new Error(`No handler registered for '${channel}'`);
      console.error(`Error occurred in handler for '${channel}':`, error);
      report({ type: 'fault', kind: 'no-ipc-handler', message: error.message, at: now() });
      return { error: String(error) };
    }
    try {
      return { result: await handler(event, ...args) };
    } catch (error) {
      console.error(`Error occurred in handler for '${channel}':`, error);
      return { error: String(error) };
    }
  }
}
onlyElectronMembers<IpcMainDouble, Electron.IpcMain>('ok');

export const ipcMain = new IpcMainDouble();
