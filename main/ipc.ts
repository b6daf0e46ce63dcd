/**
 * Registers every contract channel with ipcMain.handle. Each call is answered only for our
 * own window's main frame, and dispatch() parses the argument before a handler runs.
 */
import { type BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron';
import { channelKeys, contract, events, type Handlers } from '../app/contract.ts';
import { dispatch } from '../app/handlers.ts';
import type { SessionState } from '../app/model.ts';
import type { Logger } from '../app/ports.ts';
import { fail } from '../app/result.ts';
import { isTrustedSender } from './sender-check.ts';

export function registerIpc(options: {
  handlers: Handlers;
  window: () => BrowserWindow | null;
  uiOrigin: string;
  logger: Logger;
}): () => void {
  const { handlers, logger } = options;
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const win = options.window();
    return isTrustedSender(
      {
        isOurWindow: win !== null && !win.isDestroyed() && event.sender === win.webContents,
        isMainFrame: event.senderFrame !== null && event.senderFrame === event.sender.mainFrame,
        frameUrl: event.senderFrame?.url,
      },
      options.uiOrigin,
    );
  };
  for (const key of channelKeys) {
    ipcMain.handle(contract[key].name, (event, input: unknown) => {
      if (!trusted(event)) {
        logger.warn('Refused IPC from an untrusted sender', { channel: key });
        return fail('invalid-argument', 'Refused.');
      }
      return dispatch(handlers, key, input, logger);
    });
  }
  return () => {
    for (const key of channelKeys) ipcMain.removeHandler(contract[key].name);
  };
}

export function sendSessionState(window: BrowserWindow | null, state: SessionState): void {
  if (window && !window.isDestroyed()) window.webContents.send(events.sessionChanged, state);
}
