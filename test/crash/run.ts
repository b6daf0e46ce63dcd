/**
 * `npm run crash`: 200 SIGKILLs (or `--kills N`, at least 200) of the core in a child process,
 * with a random seed (or `--seed N` to replay); prints the counts and writes
 * test-results/crash.json. Exits 1 when a count that must be 0 is not.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runCrashTest } from './scenario.ts';

const { values } = parseArgs({ options: { kills: { type: 'string' }, seed: { type: 'string' } } });
const kills = Math.max(200, Number(values.kills ?? 200));
const seed = values.seed === undefined ? (Math.random() * 2 ** 31) | 0 : Number(values.seed);
console.log(`crash: ${kills} kills, seed ${seed} (replay with: npm run crash -- --seed ${seed})`);
const started = performance.now();
const report = await runCrashTest({
  kills,
  seed,
  onKill: (done, counts) => {
    if (done % 20 === 0) {
      console.log(
        `  ${done} kills: lost ${counts.lostSessions}, unavoidable ${counts.unavoidable}, corrupt ${counts.corruptFiles}, plaintext ${counts.plaintextTokens}, failed starts ${counts.failedStarts}`,
      );
    }
  },
});
const { problems, ...figures } = report;
const counts = {
  kills: report.kills,
  lostSessions: report.lostSessions,
  unavoidable: report.unavoidable,
  corruptFiles: report.corruptFiles,
  plaintextTokens: report.plaintextTokens,
  failedStarts: report.failedStarts,
};
console.log(JSON.stringify(figures, null, 2));
for (const problem of problems) console.log(`problem: ${problem}`);
console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/crash.json', `${JSON.stringify({ ...counts, ...figures }, null, 2)}\n`);
console.log('wrote test-results/crash.json');
const bad = report.lostSessions + report.corruptFiles + report.plaintextTokens + report.failedStarts;
process.exit(bad > 0 ? 1 : 0);
