/**
 * `npm run fuzz`: every boundary's property with a random seed (or `--seed N` to replay one),
 * at least 10,000 cases each (`--runs N` for more), printing counts per boundary and writing
 * test-results/fuzz.json as { "<boundary>": { "cases": N, "failures": 0, "seed": S } }.
 * `--only ipc,loopback` runs some boundaries. Exits 1 when any property fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { boundaries } from './boundaries.ts';
import { runParameters } from './boundary.ts';

const MIN_RUNS = 10_000;

const { values } = parseArgs({
  options: { seed: { type: 'string' }, runs: { type: 'string' }, only: { type: 'string' } },
});
const seed = values.seed === undefined ? (Math.random() * 2 ** 31) | 0 : Number(values.seed);
const runs = Math.max(MIN_RUNS, Number(values.runs ?? MIN_RUNS));
const only = values.only?.split(',');
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);

console.log(`fuzz: seed ${seed} (replay with: npm run fuzz -- --seed ${seed}), ${runs} cases per boundary`);
const report: Record<string, { cases: number; failures: number; seed: number }> = {};
let failed = false;
for (const boundary of boundaries) {
  if (only && !only.includes(boundary.name)) continue;
  const started = performance.now();
  const open = await boundary.open();
  let details: fc.RunDetails<[unknown]>;
  try {
    details = await fc.check(open.property, runParameters(open, seed, runs));
  } finally {
    await open.close();
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  report[boundary.name] = { cases: details.numRuns, failures: details.failed ? 1 : 0, seed };
  console.log(
    `${boundary.name.padEnd(16)} ${String(details.numRuns).padStart(7)} cases  ${details.failed ? 'FAILED' : 'ok'}  ${seconds} s`,
  );
  if (details.failed) {
    failed = true;
    console.log(fc.defaultReportMessage(details));
    if (details.errorInstance) console.log(String(details.errorInstance));
  }
}
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/fuzz.json', `${JSON.stringify(report, null, 2)}\n`);
console.log('wrote test-results/fuzz.json');
process.exit(failed ? 1 : 0);
