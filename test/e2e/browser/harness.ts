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
import type { SettingsEnvironment } from '../../../app/settings.ts';
import { contentSecurityPolicy } from '../../../main/csp.ts';
import { assertAllowedExternalUrl } from '../../../main/external-url-policy.ts';
import type { createManualPowerEvents, createMemoryLogger } from '../../support/ports.ts';
import { createTestCore } from '../../support/test-core.ts';
import { serveStatic } from './static-server.ts';

export const RENDERER_DIR = join(import.meta.dirname, '../../../out/renderer');

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
    // Same allow-list as main/open-external.ts; the test plays the system browser.
    beforeOpen: (url, c) => assertAllowedExternalUrl(url, c.settings.get().accountsUrl),
    onOpen: (url) => {
      const waiter = waiters.shift();
      if (waiter) {
        taken += 1;
        waiter(url);
      }
    },
  });
  const { opened, logger, power } = core;

  const server = await serveStatic(RENDERER_DIR, () => contentSecurityPolicy(core.settings.get().apiUrl));
  const context = await options.browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: 380, height: 600 },
  });
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

  await core.session.start();
  await page.goto(`${server.url}/index.html`);

  return {
    page,
    context,
    core,
    dataDir: core.dir,
    opened,
    logger,
    power,
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
}
