/**
 * A window's webContents and its frames. ipcRenderer.invoke from the page arrives here with the
 * Playwright frame that called; main's handler gets `event.sender` (this webContents) and
 * `event.senderFrame` (the main frame's WebFrameMain, or an iframe's), with URLs in Electron's form,
 * so main's own sender check decides. `send` delivers structured-cloned data to the main frame.
 */
import { EventEmitter } from 'node:events';
import type { Frame } from 'playwright-core';
import { electronEvent, onlyElectronMembers } from './event.ts';
import { IpcMainDouble, ipcMain } from './ipc-main.ts';
import type { InvokeReply, PageHost, PagePermissionAsk } from './page-host.ts';
import { fromChromiumUrl } from './protocol.ts';
import { decidePermission, type Permission } from './session.ts';
import { toWire } from './wire.ts';

let nextRoutingId = 1;

export class WebFrameMainDouble implements Pick<Electron.WebFrameMain, 'url' | 'processId' | 'routingId'> {
  readonly processId: number = process.pid;
  readonly routingId = nextRoutingId++;
  readonly #url: () => string;
  constructor(url: () => string) {
    this.#url = url;
  }
  get url(): string {
    return this.#url();
  }
}
onlyElectronMembers<WebFrameMainDouble, Electron.WebFrameMain>('ok');

type WindowOpenHandler = Parameters<Electron.WebContents['setWindowOpenHandler']>[0];

export class WebContentsDouble
  extends EventEmitter
  implements Pick<Electron.WebContents, 'id' | 'send' | 'setWindowOpenHandler' | 'isDestroyed' | 'getURL'>
{
  readonly id: number;
  readonly mainFrame: WebFrameMainDouble;
  #host: PageHost | null = null;
  #destroyed = false;
  #openHandler: WindowOpenHandler | null = null;
  readonly #frames = new WeakMap<Frame, WebFrameMainDouble>();

  constructor(id: number) {
    super();
    this.id = id;
    this.mainFrame = new WebFrameMainDouble(() => this.#host?.url() ?? '');
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.#destroyed) throw new TypeError('Object has been destroyed');
    // Electron serialises with the structured clone algorithm: functions and the like throw here.
    this.#host?.send(channel, toWire(structuredClone(args)));
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.#openHandler = handler;
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  getURL(): string {
    return this.#host?.url() ?? '';
  }

  /** Wiring used by BrowserWindowDouble (static so it adds no instance member Electron lacks). */
  static attach(contents: WebContentsDouble, host: PageHost): void {
    contents.#host = host;
  }

  static destroyed(contents: WebContentsDouble): void {
    contents.#destroyed = true;
    contents.emit('destroyed');
  }

  static frameFor(contents: WebContentsDouble, frame: Frame): WebFrameMainDouble {
    if (contents.#host?.isMainFrame(frame)) return contents.mainFrame;
    let double = contents.#frames.get(frame);
    if (!double) {
      double = new WebFrameMainDouble(() => fromChromiumUrl(frame.url()));
      contents.#frames.set(frame, double);
    }
    return double;
  }

  static invoke(contents: WebContentsDouble, frame: Frame, channel: string, args: unknown[]): Promise<InvokeReply> {
    const senderFrame = WebContentsDouble.frameFor(contents, frame);
    const event = Object.assign(electronEvent(), {
      sender: contents,
      senderFrame,
      frameId: senderFrame.routingId,
      processId: senderFrame.processId,
      type: 'frame' as const,
    });
    return IpcMainDouble.dispatch(ipcMain, event as unknown as Electron.IpcMainInvokeEvent, channel, args).then(
      (reply): InvokeReply => ('error' in reply ? reply : { result: toWire(reply.result) }),
    );
  }

  /** 'will-navigate' for a navigation the page started; true when main prevented it. */
  static willNavigate(contents: WebContentsDouble, url: string, frame: Frame): boolean {
    const event = electronEvent({
      url,
      isSameDocument: false,
      isMainFrame: true,
      frame: WebContentsDouble.frameFor(contents, frame),
      initiator: null,
    });
    contents.emit('will-navigate', event, url, false, true, process.pid, 0);
    return event.defaultPrevented;
  }

  /** A permission the page asked for, decided by main's session handlers with this frame's facts. */
  static askPermission(contents: WebContentsDouble, frame: Frame, ask: PagePermissionAsk): Promise<boolean> {
    return decidePermission({
      webContents: contents as unknown as Electron.WebContents,
      permission: ask.permission as Permission,
      requestingUrl: fromChromiumUrl(frame.url()),
      isMainFrame: contents.#host?.isMainFrame(frame) ?? false,
      ...(ask.mediaTypes ? { mediaTypes: ask.mediaTypes } : {}),
      ...(ask.check ? { checkOnly: true } : {}),
    });
  }

  /** window.open: asks the handler; no handler means Electron would open a window, which is not modelled. */
  static windowOpen(contents: WebContentsDouble, url: string): boolean {
    const details = {
      url,
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: '', policy: 'default' },
    };
    const answer = contents.#openHandler?.(details as Parameters<WindowOpenHandler>[0]);
    return answer?.action === 'allow' || !contents.#openHandler;
  }
}
onlyElectronMembers<WebContentsDouble, Electron.WebContents>('ok');
