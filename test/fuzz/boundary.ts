/**
 * One fuzzed trust boundary: how to set up what it needs, and the one property that must hold
 * for every generated input. fuzz.test.ts (fixed seed, few cases, inside `npm test`) and run.ts
 * (`npm run fuzz`: random seed, 10,000+ cases) run the same definitions.
 */
import type fc from 'fast-check';

export interface OpenBoundary<T> {
  property: fc.IAsyncProperty<[T]>;
  /** Cases run before the generated ones, every time: the near misses a fixed seed could skip. */
  examples?: T[];
  close(): Promise<void>;
}

/** fast-check's parameters for a run of `open`. */
export const runParameters = <T>(open: OpenBoundary<T>, seed: number, numRuns: number): fc.Parameters<[T]> => ({
  seed,
  numRuns,
  examples: (open.examples ?? []).map((example): [T] => [example]),
});

export interface FuzzBoundary<T = unknown> {
  /** The key in test-results/fuzz.json. */
  name: string;
  /** How many cases `npm test` runs (with its fixed seed). */
  testRuns: number;
  open(): Promise<OpenBoundary<T>>;
}

/** Keeps each boundary's input type while listing them together. */
export const defineBoundary = <T>(boundary: FuzzBoundary<T>): FuzzBoundary<unknown> =>
  boundary as unknown as FuzzBoundary<unknown>;
