/**
 * What a bench section is: a title, and a run that returns its figures both as keys of
 * test-results/bench.json (the shape issue 13 fixes) and as rows of the printed table. run.ts is
 * the list of sections; adding one is a file that exports a BenchSection and one line there.
 */

export type Json = number | string | boolean | null | Json[] | { [key: string]: Json };

export interface SectionResult {
  /** Merged into bench.json at the top level. */
  json: Record<string, Json>;
  /** Printed as a table; the first row is the header. */
  table: string[][];
  /** Printed under the table (goals met or not, what limits a figure). */
  notes?: string[];
}

export interface BenchSection {
  title: string;
  run(): Promise<SectionResult>;
}

/** One printed figure of a section that has no bench.json keys. */
export interface NamedFigure {
  name: string;
  value: number;
  unit: string;
}

/** A section whose figures are only printed: adapts a function returning named figures. */
export function printedSection(title: string, run: () => Promise<NamedFigure[]>): BenchSection {
  return {
    title,
    async run() {
      const figures = await run();
      return {
        json: {},
        table: [['measure', 'value', 'unit'], ...figures.map((f) => [f.name, String(f.value), f.unit])],
      };
    },
  };
}

export const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export const round = (x: number, digits = 0): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export function formatTable(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '))
    .join('\n');
}
