/**
 * The fuzz properties inside `npm test`: a fixed seed and a modest number of cases per boundary,
 * so a failure here is reproducible as it stands. `npm run fuzz` runs the same properties with
 * a random seed and 10,000+ cases each (test/fuzz/run.ts).
 */
import fc from 'fast-check';
import { describe, test } from 'vitest';
import { boundaries } from './boundaries.ts';
import { runParameters } from './boundary.ts';

const SEED = 20_261_123;

describe('fuzz', () => {
  for (const boundary of boundaries) {
    test(`${boundary.name}: the property holds for ${boundary.testRuns} cases (seed ${SEED})`, {
      timeout: 60_000,
    }, async () => {
      const open = await boundary.open();
      try {
        await fc.assert(open.property, runParameters(open, SEED, boundary.testRuns));
      } finally {
        await open.close();
      }
    });
  }
});
