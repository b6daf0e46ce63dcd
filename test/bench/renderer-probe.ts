/**
 * Timing a load of the window from inside the page: a script that runs before the page's own and
 * notes, on the page's clock (ms since navigation start),
 * - rowsPainted: the end of the first frame that draws an option row of the playlist list (checked
 *   in every animation frame; a message posted from that frame runs once it has been painted);
 * - firstData / allData: the first and the `slices`-th getPlaylists answer reaching the page (the
 *   harness's bridge marks each answer `tunetray:getPlaylists`).
 * Nothing polls from outside while a load is measured: reload() waits on a promise in the page.
 */
import type { Page } from 'playwright-core';

export interface PageLoad {
  rowsPainted: number;
  firstData: number;
  allData: number;
}

export interface RendererProbe {
  /** Loads the window afresh and resolves with that load's times. */
  reload(): Promise<PageLoad>;
}

declare global {
  interface Window {
    __rendererProbe?: Promise<PageLoad>;
  }
}

export async function probeRendererLoads(page: Page, options: { slices: number }): Promise<RendererProbe> {
  await page.addInitScript((slices: number) => {
    const times: Partial<PageLoad> = {};
    let settle: (load: PageLoad) => void = () => {};
    window.__rendererProbe = new Promise((resolve) => {
      settle = resolve;
    });
    const finish = () => {
      const { rowsPainted, firstData, allData } = times;
      if (rowsPainted !== undefined && firstData !== undefined && allData !== undefined) {
        settle({ rowsPainted, firstData, allData });
      }
    };
    const check = () => {
      if (document.querySelector('[role="listbox"] [role="option"]')) {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          times.rowsPainted = performance.now();
          finish();
        };
        channel.port2.postMessage(null);
      } else {
        requestAnimationFrame(check);
      }
    };
    requestAnimationFrame(check);
    let answers = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntriesByName('tunetray:getPlaylists')) {
        answers += 1;
        if (answers === 1) times.firstData = entry.startTime;
        if (answers === slices) times.allData = entry.startTime;
      }
      finish();
    }).observe({ type: 'mark' });
  }, options.slices);
  return {
    async reload() {
      await page.reload();
      return page.evaluate(() => {
        const load = window.__rendererProbe;
        if (!load) throw new Error('the renderer probe did not run in this page');
        return load;
      });
    },
  };
}
