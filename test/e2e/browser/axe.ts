/**
 * axe-core in the window: loaded from the harness's own origin (the page's CSP allows only 'self'
 * scripts) with Playwright's addScriptTag, run on the whole document. Experimental rules that
 * matter here are switched on: label-content-name-mismatch (a row's accessible name must contain
 * its visible text, which is what speech-input users say).
 */
import type { Page } from 'playwright-core';
import { AXE_PATH } from './harness.ts';

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** Each offending node: its selector and what axe says is wrong. */
  nodes: string[];
}

declare global {
  interface Window {
    axe?: {
      run: (
        context: Document,
        options: { rules?: Record<string, { enabled: boolean }>; resultTypes?: string[] },
      ) => Promise<{
        violations: Array<{
          id: string;
          impact?: string | null;
          help: string;
          nodes: Array<{ target: unknown[]; failureSummary?: string }>;
        }>;
      }>;
    };
  }
}

export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ url: AXE_PATH });
  // Colours are judged as they settle, not halfway through a fade.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        // A spinner turns for ever; only fades and transitions end.
        .filter((a) => a.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  return page.evaluate(async () => {
    const axe = window.axe;
    if (!axe) throw new Error('axe-core did not load');
    const result = await axe.run(document, {
      rules: { 'label-content-name-mismatch': { enabled: true } },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  });
}

/** A readable line per violation, for a failing assertion. */
export const describeViolations = (violations: AxeViolation[]): string =>
  violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
