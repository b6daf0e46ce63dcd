/**
 * What the every-screen suite does at each screen and state: axe-core on the whole page, a
 * screenshot under test-results/screenshots/<screen>-<scheme>.png, and a check that nothing the
 * window shows (its HTML, the values of its fields) contains a secret the test knows of.
 */
import type { Page } from 'playwright-core';
import type { Emulator } from '../../spotify-emulator/index.ts';
import { type AxeViolation, axeViolations, describeViolations } from './axe.ts';
import { shot } from './screenshots.ts';

export interface ScreenResult {
  screen: string;
  scheme: 'light' | 'dark';
  violations: AxeViolation[];
  /** Secrets found on the page (none expected). */
  leaked: string[];
}

/** Every token, code, verifier and state the emulator saw or issued so far, plus extra known ones. */
export function knownSecrets(emulator: Emulator, extra: readonly string[] = []): string[] {
  // Every code, access token and refresh token it issued (minted ones included), and what clients sent.
  const found = new Set([...extra, ...emulator.issuedSecrets()]);
  for (const request of emulator.requests) {
    if (request.accessToken) found.add(request.accessToken);
    for (const field of ['code', 'code_verifier', 'refresh_token', 'state'] as const) {
      const value = request.form?.[field] ?? (request.path === '/authorize' ? request.query[field] : undefined);
      if (value) found.add(value);
    }
  }
  return [...found].filter((secret) => secret.length >= 8);
}

/** The window's HTML and the values of its fields: everything a screenshot can show. */
export async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const values = [...document.querySelectorAll('input, textarea')].map(
      (field) => (field as HTMLInputElement | HTMLTextAreaElement).value,
    );
    return `${document.documentElement.outerHTML}\n${values.join('\n')}`;
  });
}

/** Waits until covers have loaded (or given up) and fades are over, so a screenshot shows the real thing. */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('[data-cover-state="loading"]').length === 0, undefined, {
    timeout: 10_000,
  });
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        // A spinner turns for ever; only fades and transitions end.
        .filter((a) => a.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

export function createScreenChecker(secrets: () => string[]) {
  const results: ScreenResult[] = [];
  return {
    results,
    /** axe, a screenshot and the secrets check for the page as it is now, in the light and then the dark theme. */
    async check(page: Page, screen: string): Promise<void> {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await settle(page).catch(() => {});
        const violations = await axeViolations(page);
        await shot(page, `${screen}-${scheme}`);
        const text = await visibleText(page);
        const leaked = secrets().filter((secret) => text.includes(secret));
        results.push({ screen, scheme, violations, leaked });
      }
      await page.emulateMedia({ colorScheme: 'light' });
    },
    /** The problems found since `from` (an index into results), in words. */
    problems(from = 0): string[] {
      return results
        .slice(from)
        .flatMap((r) => [
          ...(r.violations.length ? [`${r.screen} (${r.scheme}):\n${describeViolations(r.violations)}`] : []),
          ...(r.leaked.length ? [`${r.screen} (${r.scheme}) shows ${r.leaked.length} secret(s)`] : []),
        ]);
    },
    /** One line per screen: light and dark violation counts. */
    table(): string {
      const screens = [...new Set(results.map((r) => r.screen))];
      const count = (screen: string, scheme: string) => {
        const r = results.find((x) => x.screen === screen && x.scheme === scheme);
        return r ? String(r.violations.length) : '-';
      };
      const width = Math.max(...screens.map((s) => s.length));
      return [
        `${'screen'.padEnd(width)}  light  dark`,
        ...screens.map((s) => `${s.padEnd(width)}  ${count(s, 'light').padStart(5)}  ${count(s, 'dark').padStart(4)}`),
      ].join('\n');
    },
  };
}
