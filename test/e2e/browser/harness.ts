/**
 * The browser harness: the real renderer (out/renderer) in Debian's Chromium, with
 * window.tunetray wired through Playwright's exposeBinding to the SAME handler table and
 * dispatch() that main/ipc.ts registers, over the real app/ core running in this Node
 * process. Only the host ports differ: a cipher that really encrypts, JSON files in a
 * temp dir, and an OpenExternal that hands URLs to the test (which plays the browser).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { channelKeys } from '../../../app/contract.ts';
import type { Core } from '../../../app/core.ts';
import { dispatch } from '../../../app/handlers.ts';
import type { SessionState } from '../../../app/model.ts';
import type { Cipher, CipherProtection } from '../../../app/ports.ts';
import { AppError } from '../../../app/result.ts';
import type { SettingsEnvironment } from '../../../app/settings.ts';
import type { NetworkOptions } from '../../../app/spotify/http.ts';
import { contentSecurityPolicy } from '../../../main/csp.ts';
import { assertAllowedExternalUrl } from '../../../main/external-url-policy.ts';
import type { TestHost } from '../../support/host-ports.ts';
import type { createManualPowerEvents, createMemoryLogger } from '../../support/ports.ts';
import { createTestCore } from '../../support/test-core.ts';
import { serveStatic } from './static-server.ts';

export const RENDERER_DIR = join(import.meta.dirname, '../../../out/renderer');
/** Where the page can load axe-core from (same origin: the CSP allows only 'self' scripts). */
export const AXE_PATH = '/__test__/axe.min.js';
const AXE_FILE = join(import.meta.dirname, '../../../node_modules/axe-core/axe.min.js');

export interface Harness {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly core: Core;
  readonly dataDir: string;
  /** Every URL the app asked the system to open, in order. */
  readonly opened: string[];
  /** Resolves with the next URL the app opens (or one already opened and not yet taken). */
  nextOpened(): Promise<string>;
  readonly logger: ReturnType<typeof createMemoryLogger>;
  readonly power: ReturnType<typeof createManualPowerEvents>;
  /** The window as the host sees it (hidden by Escape, toggled by the global shortcut) and the shortcut table. */
  readonly host: TestHost;
  /** While true, this "computer" has no app for spotify: links and no web browser: opening anything fails. */
  openFails: boolean;
  close(): Promise<void>;
}

export interface HarnessOptions {
  browser: Browser;
  env?: SettingsEnvironment;
  /** Reuse a data dir to model an app restart. */
  dataDir?: string;
  /** Key for the test cipher; pass the same key to model the same OS keyring after a restart. */
  cipherKey?: Buffer;
  colorScheme?: 'light' | 'dark';
  signInTimeoutMs?: number;
  /** What the "OS keyring" offers (default real encryption), or a cipher of the test's own. */
  cipherProtection?: CipherProtection;
  cipher?: Cipher;
  /** Window size (default the companion window's 380 x 600). */
  viewport?: { width: number; height: number };
  /** Pixels per CSS pixel (a HiDPI screen), for sharp pictures. */
  deviceScaleFactor?: number;
  /** The system's proxy, proxy environment and extra roots. */
  network?: NetworkOptions;
}

declare global {
  interface Window {
    __tunetrayInvoke?: (key: string, input: unknown) => Promise<string>;
    __tunetrayEmit?: (state: SessionState) => void;
  }
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` first (npm test does).');
  }
  let taken = 0;
  const waiters: Array<(url: string) => void> = [];
  const core = createTestCore({
    ...(options.dataDir ? { dir: options.dataDir } : {}),
    ...(options.cipherKey ? { cipherKey: options.cipherKey } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.signInTimeoutMs ? { signInTimeoutMs: options.signInTimeoutMs } : {}),
    ...(options.cipherProtection ? { cipherProtection: options.cipherProtection } : {}),
    ...(options.cipher ? { cipher: options.cipher } : {}),
    // The window runs in this Chromium; there is no Electron.
    versions: { app: 'browser harness', chrome: options.browser.version() },
    ...(options.network ? { network: options.network } : {}),
    // Same allow-list as main/open-external.ts; the test plays the system browser.
    beforeOpen: (url, c) => {
      assertAllowedExternalUrl(url, c.settings.get().accountsUrl);
      if (harness.openFails)
        throw new AppError('browser-unavailable', 'Nothing on this computer could open that link.');
    },
    onOpen: (url) => {
      const waiter = waiters.shift();
      if (waiter) {
        taken += 1;
        waiter(url);
      }
    },
  });
  const { opened, logger, power, host } = core;

  const server = await serveStatic(RENDERER_DIR, () => contentSecurityPolicy(core.settings.get().apiUrl), {
    [AXE_PATH]: AXE_FILE,
  });
  const context = await options.browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 380, height: 600 },
    ...(options.deviceScaleFactor ? { deviceScaleFactor: options.deviceScaleFactor } : {}),
  });
  // Electron lets the window write to the clipboard (main/window.ts); so does this page, and the test reads it.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  // Results cross as JSON text: Playwright's own value serializer takes seconds for a
  // 10,000-item playlist, which would measure the test bridge instead of the window. Results are
  // plain data (what Electron's structured clone would carry), so nothing is lost.
  await page.exposeBinding('__tunetrayInvoke', async (_source, key: string, input: unknown) =>
    JSON.stringify(await dispatch(core.handlers, key, input, logger)),
  );
  // Mirrors main/preload.ts: named functions only, built from the contract's channel list.
  await page.addInitScript((keys: string[]) => {
    const listeners = new Set<(state: SessionState) => void>();
    window.__tunetrayEmit = (state) => {
      for (const listener of [...listeners]) listener(state);
    };
    const invoke = window.__tunetrayInvoke;
    const bridge: Record<string, unknown> = {};
    for (const key of keys) {
      bridge[key] = async (input?: unknown) => {
        const text = await invoke?.(key, input);
        const result: unknown = text === undefined ? undefined : JSON.parse(text);
        // Lets the renderer bench measure from "data arrived" to "rows visible".
        performance.mark(`tunetray:${key}`);
        return result;
      };
    }
    bridge.onSessionChanged = (listener: (state: SessionState) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    };
    Object.defineProperty(window, 'tunetray', { value: Object.freeze(bridge) });
  }, channelKeys as string[]);
  const unsubscribe = core.session.subscribe((state) => {
    page.evaluate((s) => window.__tunetrayEmit?.(s), state).catch(() => {});
  });

  // The window is shown, as main shows it at start; Escape hides it and the shortcut toggles it.
  host.window.onVisibility((visible) => core.session.windowVisibilityChanged(visible));
  core.shortcut.start();
  await core.session.start();
  core.session.windowVisibilityChanged(true);
  await page.goto(`${server.url}/index.html`);

  const harness: Harness = {
    page,
    context,
    core,
    dataDir: core.dir,
    opened,
    logger,
    power,
    host,
    openFails: false,
    nextOpened() {
      if (taken < opened.length) return Promise.resolve(opened[taken++] as string);
      return new Promise((resolve) => waiters.push(resolve));
    },
    async close() {
      unsubscribe();
      await core.session.dispose();
      await context.close();
      await server.close();
    },
  };
  return harness;
}
