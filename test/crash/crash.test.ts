/**
 * The crash test's short version inside `npm test`: 20 SIGKILLs with a fixed seed (the full run,
 * 200+ kills with a random seed, is `npm run crash`). Fails with the list of what went wrong.
 */
import { expect, test } from 'vitest';
import { runCrashTest } from './scenario.ts';

test('20 kills mid-flight: no session lost but in the rotation window, no corrupt file, no token in plain text, every restart starts', {
  timeout: 120_000,
}, async () => {
  const report = await runCrashTest({ kills: 20, seed: 20_261_123 });
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({ kills: 20, lostSessions: 0, corruptFiles: 0, plaintextTokens: 0, failedStarts: 0 });
  // Every start removes what interrupted writes left; at most the last kill's are still there.
  expect(report.leftoverTempFiles).toBeLessThanOrEqual(3);
});
