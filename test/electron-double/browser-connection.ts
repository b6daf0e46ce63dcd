/**
 * The Chromium that renders every BrowserWindow: the test's browser server (one per test file,
 * shared by every app process it starts) or, without one, a Chromium of our own. Connected when the
 * app becomes ready, so the connection overlaps main's start-up as Chromium's own start does in Electron.
 */
import type { Browser } from 'playwright-core';
import { report } from './control.ts';
import { config } from './host-config.ts';
import { onReady, onTerminate } from './lifecycle.ts';
import { now } from './messages.ts';

// Keeps Chromium off the (closed) network, as test/e2e/browser/chromium.ts does.
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let connection: Promise<Browser> | null = null;

export function browser(): Promise<Browser> {
  if (!connection) {
    const { wsEndpoint, executablePath } = config.browser;
    if (!wsEndpoint && config.platform !== 'linux') {
      // Playwright in this process sees the platform knob too, and would start Chromium as on a Mac.
      const message = `electron double: a window on ${config.platform} is modelled only with the test's browser server (browserWsEndpoint)`;
      report({ type: 'fault', kind: 'not-modelled', message, at: now() });
      throw new Error(message);
    }
    // Imported here, not at the top: Playwright takes longer to load than main takes to start.
    connection = import('playwright-core').then(({ chromium }) =>
      wsEndpoint ? chromium.connect(wsEndpoint) : chromium.launch({ executablePath, args: CHROMIUM_ARGS }),
    );
    // An unused failed connection must not become an unhandled rejection of the double's own.
    connection.catch(() => {});
  }
  return connection;
}

// Connecting to the test's server is cheap: start at once. Launching a Chromium of our own waits for a window.
onReady(() => {
  if (config.browser.wsEndpoint) void browser();
});

onTerminate(async () => {
  if (!connection) return;
  const connected = await connection.catch(() => null);
  // For a server connection this disconnects; the server closes every context we opened.
  await connected?.close();
});
