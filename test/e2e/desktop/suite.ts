/**
 * The vitest side of the desk, for the journey files (desk.ts itself is also used by the bench,
 * outside vitest): whether the journeys can run here, and a desk that lives as long as a describe.
 */
import { afterAll, beforeAll } from 'vitest';
import { chromiumAvailable } from '../browser/chromium.ts';
import { type Desk, type DeskOptions, startDesk } from './desk.ts';

/** Whether the journeys can run here; when not, the reason is printed once per file. */
export const desktopAvailable = chromiumAvailable();
if (!desktopAvailable) console.log('skipped: no Chromium at /usr/bin/chromium (apt-get install -y chromium)');

/**
 * Inside a describe: a desk started before the suite's tests (before its other beforeAll hooks) and
 * closed after them. The object reads through to it, so tests use it as the Desk it is.
 */
export function useDesk(options: DeskOptions = {}): Desk {
  let desk: Desk | null = null;
  const started = (): Desk => {
    if (!desk) throw new Error('the desk is used before its beforeAll hook started it');
    return desk;
  };
  beforeAll(async () => {
    desk = await startDesk(options);
  });
  afterAll(async () => {
    await desk?.close();
  });
  return {
    get emulator() {
      return started().emulator;
    },
    get wsEndpoint() {
      return started().wsEndpoint;
    },
    get systemBrowser() {
      return started().systemBrowser;
    },
    profile: () => started().profile(),
    launch: (launchOptions) => started().launch(launchOptions),
    close: () => started().close(),
  };
}
