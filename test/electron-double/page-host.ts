/**
 * One BrowserWindow's renderer: a Playwright browser context and page in the shared Chromium. The
 * page's requests for the UI origin go to main's protocol handler (status, headers and body reach
 * Chromium unchanged); the preload runs before the page's scripts; ipcRenderer.invoke arrives here
 * with the Playwright frame that called; the first contentful paint becomes ready-to-show; a
 * navigation the page starts asks main's 'will-navigate' first.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext, Frame, Page, Request as PlaywrightRequest, Route } from 'playwright-core';
import { browser } from './browser-connection.ts';
import { report } from './control.ts';
import type { FrameSelector, PageAction } from './messages.ts';
import { now } from './messages.ts';
import { permissionShimScript } from './permission-shim.ts';
import { answerMappedRequest, fromChromiumUrl, isMappedUrl, toChromiumUrl } from './protocol.ts';
import { rendererInitScript } from './renderer-runtime.ts';
import type { Wire } from './wire.ts';

const INVOKE_BINDING = '__electronDoubleInvoke';
const PAINT_BINDING = '__electronDoublePainted';
const DELIVER = '__electronDoubleDeliver';
const PERMISSION_BINDING = '__electronDoublePermission';

/** What the page asked for, in Electron's permission names (permission-shim.ts). */
export interface PagePermissionAsk {
  permission: string;
  mediaTypes?: Array<'video' | 'audio'>;
  /** navigator.permissions.query: main's check handler only. */
  check?: boolean;
}

/** Electron's permission -> what Playwright grants in Chromium so the real API can go on. */
function chromiumPermissions(ask: PagePermissionAsk): string[] {
  switch (ask.permission) {
    case 'notifications':
    case 'geolocation':
    case 'clipboard-read':
      return [ask.permission];
    case 'clipboard-sanitized-write':
      return ['clipboard-write'];
    case 'media':
      return (ask.mediaTypes ?? []).map((type) => (type === 'video' ? 'camera' : 'microphone'));
    default:
      return [];
  }
}

export type InvokeReply = { result: Wire } | { error: string };

export interface PageHostEvents {
  invoke(frame: Frame, channel: string, args: unknown[]): Promise<InvokeReply>;
  firstPaint(): void;
  /** A navigation the page started; return true to cancel it (main called preventDefault on will-navigate). */
  willNavigate(url: string, frame: Frame): boolean;
  /** window.open: return true to allow (not modelled: the popup is closed either way). */
  windowOpen(url: string): boolean;
  /** A permission the page asked for (or checked): main's session handlers decide. */
  permission(frame: Frame, ask: PagePermissionAsk): Promise<boolean>;
}

// Lets the first contentful paint of the top document through to the main side, once.
const PAINT_SCRIPT = `(() => {
  if (window !== window.top) return;
  const painted = window.${PAINT_BINDING};
  new PerformanceObserver((list) => {
    if (list.getEntries().some((e) => e.name === 'first-contentful-paint')) painted();
  }).observe({ type: 'paint', buffered: true });
})();`;

export class PageHost {
  readonly #events: PageHostEvents;
  readonly #ready: Promise<Page>;
  #context: BrowserContext | null = null;
  #page: Page | null = null;
  #expectedNavigation: string | null = null;
  #loadError: { error: string; code: number } | null = null;
  #sending: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** The load main asked for last: page actions wait for it, so they never run in a document being replaced. */
  #loading: Promise<void> = Promise.resolve();

  constructor(options: { width: number; height: number; preload: string | null }, events: PageHostEvents) {
    this.#events = events;
    const preloadSource = options.preload ? readFileSync(options.preload, 'utf8') : null;
    this.#ready = this.#open(options.width, options.height, preloadSource);
    this.#ready.catch(() => {});
  }

  async #open(width: number, height: number, preloadSource: string | null): Promise<Page> {
    // A granted geolocation request gets an answer (a fixed position) instead of waiting for a provider.
    const context = await (await browser()).newContext({
      viewport: { width, height },
      geolocation: { latitude: 0, longitude: 0 },
    });
    this.#context = context;
    await context.exposeBinding(INVOKE_BINDING, ({ frame }, channel: string, args: unknown[]) =>
      this.#events.invoke(frame, channel, args),
    );
    await context.exposeBinding(PAINT_BINDING, () => this.#events.firstPaint());
    await context.exposeBinding(
      PERMISSION_BINDING,
      ({ frame }, permission: string, extra: Omit<PagePermissionAsk, 'permission'>) =>
        this.#permission(context, frame, { ...extra, permission }),
    );
    await context.addInitScript({
      content: rendererInitScript({ invokeBinding: INVOKE_BINDING, deliverName: DELIVER }, preloadSource),
    });
    await context.addInitScript({ content: PAINT_SCRIPT });
    await context.addInitScript({ content: permissionShimScript({ binding: PERMISSION_BINDING }) });
    await context.route(
      () => true,
      // A request still being answered when the window closes (the app quitting) has nowhere to go.
      (route, request) =>
        this.#route(route, request).catch((error: unknown) => {
          if (!this.#closed) throw error;
        }),
    );
    const page = await context.newPage();
    this.#page = page;
    // Electron only logs a renderer's uncaught errors; the test hears of them, as they are always a bug here.
    page.on('pageerror', (error) => {
      report({ type: 'fault', kind: 'renderer-error', message: error.stack ?? error.message, at: now() });
    });
    page.on('popup', (popup) => {
      this.#events.windowOpen(fromChromiumUrl(popup.url()));
      void popup.close();
    });
    if (this.#closed) await context.close();
    return page;
  }

  async #permission(context: BrowserContext, frame: Frame, ask: PagePermissionAsk): Promise<boolean> {
    const granted = await this.#events.permission(frame, ask);
    const grants = chromiumPermissions(ask);
    if (granted && !ask.check && grants.length > 0) {
      await context.grantPermissions(grants, { origin: new URL(frame.url()).origin });
    }
    return granted;
  }

  async #route(route: Route, request: PlaywrightRequest): Promise<void> {
    const url = request.url();
    const isTopNavigation = request.isNavigationRequest() && request.frame() === this.#page?.mainFrame();
    if (isTopNavigation && url !== this.#expectedNavigation) {
      if (this.#events.willNavigate(fromChromiumUrl(url), request.frame())) return route.abort('aborted');
    }
    if (isTopNavigation) this.#expectedNavigation = null;
    if (!isMappedUrl(url)) return route.fallback();
    const method = request.method();
    const posted = method === 'GET' || method === 'HEAD' ? null : request.postDataBuffer();
    const body = posted ? new Uint8Array(posted) : null;
    const answer = await answerMappedRequest(
      new Request(fromChromiumUrl(url), { method, headers: await request.allHeaders(), body }),
    );
    if (!answer.ok) {
      if (isTopNavigation) this.#loadError = answer;
      return route.abort('failed');
    }
    return route.fulfill({ status: answer.status, headers: answer.headers, body: answer.body });
  }

  /**
   * webContents.loadURL: resolves when the page has loaded, rejects in Electron's words when it cannot
   * (ERR_FAILED when the window goes away first). Like Electron's, the promise has a no-op rejection
   * handler attached, so a caller that ignores it (`void win.loadURL(...)`) is no unhandled rejection.
   */
  load(url: string): Promise<void> {
    const done = this.#load(url);
    // Set at once: an action the test asks for from now on waits for this load, whatever its outcome.
    this.#loading = done.then(
      () => {},
      () => {},
    );
    return done;
  }

  async #load(url: string): Promise<void> {
    const target = toChromiumUrl(url);
    const failed = (cause: unknown) => {
      const failure = this.#loadError ?? { error: 'ERR_FAILED', code: -2 };
      return Object.assign(new Error(`${failure.error} (${failure.code}) loading '${url}'`), {
        errno: failure.code,
        code: failure.error,
        cause,
      });
    };
    const page = await this.#ready.catch((error: unknown) => Promise.reject(failed(error)));
    this.#expectedNavigation = target;
    this.#loadError = null;
    try {
      await page.goto(target, { waitUntil: 'load' });
    } catch (error) {
      throw failed(error);
    }
  }

  get loadError(): string | null {
    return this.#loadError ? `${this.#loadError.error} (${this.#loadError.code})` : null;
  }

  /** The page's current main frame URL, in Electron's form; '' before anything loaded. */
  url(): string {
    const url = this.#page?.mainFrame().url() ?? 'about:blank';
    return url === 'about:blank' ? '' : fromChromiumUrl(url);
  }

  isMainFrame(frame: Frame): boolean {
    return frame === this.#page?.mainFrame();
  }

  /** webContents.send: delivered in order to the main frame's ipcRenderer listeners. */
  send(channel: string, args: Wire): void {
    this.#sending = this.#sending
      .then(async () => {
        const page = await this.#ready;
        await page
          .mainFrame()
          .evaluate(
            ([name, c, a]) => (window as unknown as Record<string, (c: string, a: Wire) => void>)[name]?.(c, a),
            [DELIVER, channel, args] as const,
          );
      })
      .catch(() => {});
  }

  async act(action: PageAction): Promise<unknown> {
    const page = await this.#ready;
    await this.#loading;
    const locate = (t: { role: Parameters<Page['getByRole']>[0]; name: string | RegExp; exact?: boolean }) =>
      page.getByRole(t.role, { name: t.name, exact: t.exact ?? false });
    switch (action.kind) {
      case 'click':
        return void (await locate(action.target).click({ timeout: 5000 }));
      case 'fill':
        return void (await locate(action.target).fill(action.value, { timeout: 5000 }));
      case 'isVisible':
        return locate(action.target).first().isVisible();
      case 'waitFor':
        await locate(action.target).first().waitFor({ state: 'visible', timeout: action.timeoutMs });
        return now();
      case 'frames':
        return page.frames().map((frame) => fromChromiumUrl(frame.url()));
      case 'text':
        return page.evaluate(() => document.body?.textContent ?? '');
      case 'press':
        return void (await page.keyboard.press(action.key));
      case 'invoke':
        return this.#frame(page, action.frame).evaluate(
          async ([name, channel, args]) => {
            const send = (window as unknown as Record<string, (c: string, a: unknown[]) => Promise<InvokeReply>>)[name];
            const reply = await send?.(channel, args);
            if (!reply || 'error' in reply) return reply;
            return { result: 'json' in reply.result ? JSON.parse(reply.result.json) : reply.result.value };
          },
          [INVOKE_BINDING, action.channel, action.args] as const,
        );
      case 'evaluate': {
        const fn = new Function(`return (${action.source});`)() as (arg: unknown) => unknown;
        return this.#frame(page, action.frame).evaluate(fn, action.arg);
      }
    }
  }

  #frame(page: Page, selector: FrameSelector): Frame {
    if (selector === 'main') return page.mainFrame();
    const frames = page.frames();
    const found =
      'index' in selector
        ? frames[selector.index]
        : frames.find((f) => fromChromiumUrl(f.url()).includes(selector.urlIncludes));
    if (!found) throw new Error(`no frame matches ${JSON.stringify(selector)} (frames: ${frames.map((f) => f.url())})`);
    return found;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#context?.close().catch(() => {});
  }
}
