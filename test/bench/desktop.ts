/**
 * Desktop bench, through the Electron host double: the built app (out/main) in its own Node process,
 * its window rendered in Debian's Chromium, against the emulator with 10,000 playlists.
 *
 * - process start to app 'ready' (what Node and the double cost before main's start() runs), and to the
 *   tray icon created (Tray constructed), median of RUNS restarts signed in with 10,000 cached playlists;
 * - process start to the window showing the 10,000 cached playlists (window shown and the first
 *   rows of the list painted, whichever is later), same restarts, signed in from disk;
 * - main-process heap after connecting and syncing 10,000 playlists (garbage collected first), and
 *   the double's own heap with a main that does nothing, to subtract.
 * Node is not Electron: absolute numbers are a floor for main's own work, not an Electron start time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumAvailable } from '../e2e/browser/chromium.ts';
import { connectFromTray, type Desk, quitFromTray, startDesk, waitForVisibleWindow } from '../e2e/desktop/desk.ts';
import type { DesktopApp } from '../electron-double/client.ts';
import { DEMO_CLIENT_ID } from '../spotify-emulator/index.ts';
import type { BenchResult } from './emulator.ts';
import type { BenchSection } from './section.ts';

const PLAYLISTS = 10_000;
const RUNS = 3;
const MiB = 1024 * 1024;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const round = (x: number, digits = 0) => Number(x.toFixed(digits));

/**
 * The page's own clock (epoch ms) at the first frame whose list shows rows of all `count` playlists,
 * and when that page's navigation started.
 */
async function rowsPaintedAt(app: DesktopApp, count: number): Promise<{ rowsAt: number; navigationAt: number }> {
  await app.waitFor(async () => (await app.windows())[0]?.url.startsWith('app://') === true, 'the UI to load');
  return app.page.evaluate(
    (expected) =>
      new Promise<{ rowsAt: number; navigationAt: number }>((resolve) => {
        const check = () => {
          const row = document.querySelector('[role="listbox"][aria-label="Playlists"] [role="option"]');
          if (row?.getAttribute('aria-setsize') === String(expected))
            resolve({ rowsAt: performance.timeOrigin + performance.now(), navigationAt: performance.timeOrigin });
          else requestAnimationFrame(check);
        };
        check();
      }),
    count,
  );
}

async function heapOfIdleDouble(desk: Desk): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'tunetray-bench-idle-'));
  try {
    const main = join(dir, 'main.mjs');
    writeFileSync(main, "import { app } from 'electron';\nawait app.whenReady();\n");
    const idle = desk.launch({ profileDir: dir, main, nodeArgs: ['--expose-gc'] });
    await idle.waitFor(async () => (await idle.call('app.metrics', undefined)).readyAt !== null, 'ready');
    // Let the browser connection settle: it is part of the double's cost.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { heapUsed } = await idle.call('app.metrics', undefined);
    await idle.kill();
    return heapUsed;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchDesktop(): Promise<BenchResult[]> {
  if (!chromiumAvailable()) {
    console.log('desktop: not measured (no Chromium at /usr/bin/chromium)');
    return [];
  }
  const desk = await startDesk({ playlists: PLAYLISTS });
  try {
    const profileDir = desk.profile();
    const env = { TUNETRAY_CLIENT_ID: DEMO_CLIENT_ID };
    const first = desk.launch({ profileDir, env, nodeArgs: ['--expose-gc'] });
    await connectFromTray(desk, first);
    await rowsPaintedAt(first, PLAYLISTS);
    const connectedHeap = (await first.call('app.metrics', undefined)).heapUsed;
    await quitFromTray(first);

    const toReady: number[] = [];
    const toTray: number[] = [];
    const toRows: number[] = [];
    const pageToRows: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const app = desk.launch({ profileDir, env });
      const { rowsAt, navigationAt } = await rowsPaintedAt(app, PLAYLISTS);
      await waitForVisibleWindow(app);
      const readyAt = app.events.find((e) => e.type === 'ready')?.at ?? Number.NaN;
      const trayAt = app.events.find((e) => e.type === 'tray-created')?.at ?? Number.NaN;
      const shownAt = (await app.window()).firstShownAt ?? Number.NaN;
      toReady.push(readyAt - app.spawnedAt);
      toTray.push(trayAt - app.spawnedAt);
      toRows.push(Math.max(rowsAt, shownAt) - app.spawnedAt);
      pageToRows.push(rowsAt - navigationAt);
      await quitFromTray(app);
    }
    const idleHeap = await heapOfIdleDouble(desk);
    return [
      {
        name: `process start to app 'ready' (Node and the double loading main)`,
        value: round(median(toReady)),
        unit: 'ms',
      },
      { name: `process start to tray created (median of ${RUNS})`, value: round(median(toTray)), unit: 'ms' },
      {
        name: `process start to window showing ${PLAYLISTS} cached playlists (median of ${RUNS})`,
        value: round(median(toRows)),
        unit: 'ms',
      },
      {
        name: `of which the window's page: navigation start to rows painted (median of ${RUNS})`,
        value: round(median(pageToRows)),
        unit: 'ms',
      },
      {
        name: `main heap after connecting (${PLAYLISTS} playlists)`,
        value: round(connectedHeap / MiB, 1),
        unit: 'MiB',
      },
      { name: 'of which the double itself (a main that does nothing)', value: round(idleHeap / MiB, 1), unit: 'MiB' },
    ];
  } finally {
    await desk.close();
  }
}

/** The bench.json keys of this section (`desktop`); null when Chromium is missing. */
export const desktopSection: BenchSection = {
  title: `Desktop, through the Electron host double (${PLAYLISTS.toLocaleString('en')} cached playlists)`,
  async run() {
    const results = await benchDesktop();
    const value = (prefix: string) => results.find((r) => r.name.startsWith(prefix))?.value ?? null;
    return {
      json: {
        desktop: {
          startToReadyMs: value("process start to app 'ready'"),
          startToTrayMs: value('process start to tray created'),
          startToWindowRowsMs: value('process start to window showing'),
          pageToRowsMs: value("of which the window's page"),
          mainHeapMiB: value('main heap after connecting'),
          doubleHeapMiB: value('of which the double itself'),
        },
      },
      table: [['measure', 'value', 'unit'], ...results.map((r) => [r.name, String(r.value), r.unit])],
      notes: [
        'Node with the Electron double, not Electron: the double adds its own start-up (TypeScript stripping,',
        "Playwright's client in main's process) and serves the page through Playwright's routing and bindings.",
      ],
    };
  },
};
