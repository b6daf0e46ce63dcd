/// <reference lib="dom" />
/**
 * The bridge: window.tunetray with one named function per contract channel and a
 * session-change subscription. ipcRenderer itself is never exposed. Its type is the
 * contract's Bridge, so the renderer's view of it cannot drift from main's handlers.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import { type Bridge, channelKeys, contract, events } from '../app/contract.ts';
import type { SessionState } from '../app/model.ts';

const invokers = Object.fromEntries(
  channelKeys.map((key) => [key, (input?: unknown) => ipcRenderer.invoke(contract[key].name, input)]),
);

// The map above is built from the same channel list the Bridge type is derived from.
const bridge = {
  ...invokers,
  onSessionChanged(listener: (state: SessionState) => void) {
    const handler = (_event: IpcRendererEvent, state: SessionState) => listener(state);
    ipcRenderer.on(events.sessionChanged, handler);
    return () => {
      ipcRenderer.removeListener(events.sessionChanged, handler);
    };
  },
} as Bridge;

contextBridge.exposeInMainWorld('tunetray', bridge);

// The main process cannot observe connectivity; the page can.
window.addEventListener('online', () => {
  void bridge.reportNetworkOnline();
});
