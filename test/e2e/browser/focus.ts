/**
 * What has the keyboard focus in the window, as a person would describe it (role and name from
 * Playwright's accessibility snapshot), and whether they can see it: the focused element matches
 * :focus-visible and draws an outline (or a box shadow) at least 2 px wide whose colour stands out
 * 3:1 from what is behind it (WCAG 1.4.11, non-text contrast).
 */
import type { Page } from 'playwright-core';

export interface FocusRing {
  visible: boolean;
  /** Why not, in words. */
  problem: string | null;
  contrast: number;
}

/** The focused element as "role \"name\"" (the first line of its aria snapshot), or "body". */
export async function focusedLabel(page: Page): Promise<string> {
  const isBody = await page.evaluate(() => document.activeElement === document.body || !document.activeElement);
  if (isBody) return 'body';
  const snapshot = await page.locator('*:focus').ariaSnapshot();
  return (snapshot.split('\n')[0] ?? '').replace(/^- /, '').replace(/:$/, '');
}

export async function focusRing(page: Page): Promise<FocusRing> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { visible: false, problem: 'nothing has the focus', contrast: 0 };
    const parse = (color: string): [number, number, number, number] | null => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(color);
      return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : null;
    };
    const background = (start: Element | null): [number, number, number] => {
      for (let node = start; node; node = node.parentElement) {
        const c = parse(getComputedStyle(node).backgroundColor);
        if (c && c[3] > 0.5) return [c[0], c[1], c[2]];
      }
      return matchMedia('(prefers-color-scheme: dark)').matches ? [0, 0, 0] : [255, 255, 255];
    };
    const luminance = ([r, g, b]: [number, number, number]) => {
      const lin = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const ratio = (a: [number, number, number], b: [number, number, number]) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const style = getComputedStyle(el);
    if (!el.matches(':focus-visible')) return { visible: false, problem: 'not :focus-visible', contrast: 0 };
    const width = Number.parseFloat(style.outlineWidth);
    const outline = style.outlineStyle !== 'none' && width >= 2;
    const shadow = style.boxShadow !== 'none';
    if (!outline && !shadow) return { visible: false, problem: 'no outline and no box shadow', contrast: 0 };
    const ring = parse(outline ? style.outlineColor : style.boxShadow);
    if (!ring) return { visible: false, problem: `unreadable ring colour ${style.outlineColor}`, contrast: 0 };
    // An outline drawn inside the element sits on its own background; outside, on its parent's.
    const inside = Number.parseFloat(style.outlineOffset) < 0;
    const contrast = ratio([ring[0], ring[1], ring[2]], background(inside ? el : el.parentElement));
    return {
      visible: contrast >= 3,
      problem: contrast >= 3 ? null : `the ring stands out only ${contrast.toFixed(2)}:1`,
      contrast,
    };
  });
}
