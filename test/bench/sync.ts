/**
 * Bench section: "all 2,000 playlists" (and the profile) for each contender, cold (every
 * connection closed first, as at app start) and warm (connections open), at one RTT through the
 * latency proxy. Figures are the median run by wall time. The goals of issue 13 are checked and
 * printed with what limits any that is missed.
 */
import { type Contender, officialSdk, sequential, tunetray } from './contenders.ts';
import type { BenchSection, Json, SectionResult } from './section.ts';
import { type Measured, medianRun, startBenchWorld } from './world.ts';

export interface SyncOptions {
  key: string;
  rttMs: number;
  playlists: number;
  /** Runs per contender and mode; the slow contenders get `slowRuns`. */
  runs: number;
  slowRuns: number;
}

type Modes = { cold: Measured; warm: Measured };

/**
 * Unmeasured runs per contender before the measured ones, the same for every contender: V8 optimises
 * the client's code (JSON, zod, undici, TLS) over the first few runs, and the emulator's page cache
 * fills. The figures are those of a warm process; the first sync after an app start is JIT-cold, and
 * Tunetray's first run is printed in the notes for that.
 */
const WARMUP_RUNS = 3;

export function syncSection(options: SyncOptions): BenchSection {
  const { rttMs, playlists } = options;
  return {
    title: `Library sync: ${playlists.toLocaleString('en')} playlists and the profile, ${rttMs} ms RTT, TLS through a latency proxy`,
    async run(): Promise<SectionResult> {
      const world = await startBenchWorld({ rttMs, playlists });
      const contenders: Contender[] = [
        tunetray(world, playlists),
        officialSdk(world, playlists),
        sequential(world, playlists),
      ];
      const results = new Map<Contender['key'], Modes>();
      const firstRunMs = new Map<Contender['key'], number>();
      try {
        for (const contender of contenders) {
          const started = performance.now();
          await contender.fetchAll();
          firstRunMs.set(contender.key, performance.now() - started);
          for (let i = 1; i < WARMUP_RUNS; i++) await contender.fetchAll();
          const cold: Measured[] = [];
          const warm: Measured[] = [];
          const runs = contender.key === 'tunetray' ? options.runs : options.slowRuns;
          for (let i = 0; i < runs; i++) {
            await contender.reset();
            cold.push(await world.measure(true, () => contender.fetchAll()));
            warm.push(await world.measure(false, () => contender.fetchAll()));
          }
          results.set(contender.key, { cold: medianRun(cold), warm: medianRun(warm) });
          await contender.close();
        }
      } finally {
        await world.close();
      }
      return report(options, contenders, results, firstRunMs);
    },
  };
}

function report(
  options: SyncOptions,
  contenders: Contender[],
  results: Map<Contender['key'], Modes>,
  firstRunMs: Map<Contender['key'], number>,
): SectionResult {
  const json: Record<string, Json> = { playlists: options.playlists, rttMs: options.rttMs };
  const table = [
    [
      'contender',
      'mode',
      'wall',
      'round trips',
      'requests',
      'connections',
      'TLS handshakes',
      'KiB in',
      'client busy',
      'server busy',
    ],
  ];
  for (const c of contenders) {
    const r = results.get(c.key);
    if (!r) continue;
    json[c.key] = { cold: r.cold.figures, warm: r.warm.figures };
    for (const mode of ['cold', 'warm'] as const) {
      const f = r[mode].figures;
      const protocols = Object.keys(r[mode].protocols).join('+');
      table.push([
        mode === 'cold' ? c.label : '',
        mode,
        `${Math.round(f.wallMs)} ms`,
        f.roundTrips.toFixed(2),
        String(f.requests),
        `${f.connections}${protocols ? ` (${protocols})` : ''}`,
        String(f.handshakes),
        (f.bytesIn / 1024).toFixed(0),
        `${Math.round(r[mode].busyMs.client)} ms`,
        `${Math.round(r[mode].busyMs.server)} ms`,
      ]);
    }
  }
  const t = results.get('tunetray');
  const sdk = results.get('officialSdk');
  const notes: string[] = [];
  if (t && sdk) {
    const expected = Math.ceil(options.playlists / 50) + 1;
    // Round trips the network itself needs: TCP, TLS, page 0 with the profile, every other page.
    for (const [mode, floor] of [
      ['cold', 4],
      ['warm', 2],
    ] as const) {
      const run = t[mode];
      notes.push(
        `Tunetray ${mode}: ${Math.round(run.figures.wallMs)} ms = ${floor} network round trips (${floor * options.rttMs} ms) + ${Math.round(run.figures.wallMs - floor * options.rttMs)} ms; the client thread was busy ${Math.round(run.busyMs.client)} ms, the emulator and proxy thread ${Math.round(run.busyMs.server)} ms`,
      );
    }
    notes.push(
      `Measured in a warm process (after ${WARMUP_RUNS} unmeasured runs each). Tunetray's very first run in this process ` +
        `(JIT-cold, new connection, as an app's first sync after start): ${Math.round(firstRunMs.get('tunetray') ?? Number.NaN)} ms.`,
    );
    const speedup = sdk.cold.figures.wallMs / t.cold.figures.wallMs;
    const goal = (ok: boolean, text: string) => notes.push(`${ok ? 'met    ' : 'MISSED '} ${text}`);
    goal(t.cold.figures.roundTrips <= 4.5, `Tunetray cold <= 4.5 round trips: ${t.cold.figures.roundTrips.toFixed(2)}`);
    goal(t.warm.figures.roundTrips <= 2.5, `Tunetray warm <= 2.5 round trips: ${t.warm.figures.roundTrips.toFixed(2)}`);
    goal(
      t.cold.figures.connections === 1 && t.cold.protocols.h2 === 1,
      `one connection with HTTP/2: ${t.cold.figures.connections} connection(s), ${JSON.stringify(t.cold.protocols)}`,
    );
    goal(speedup >= 9, `>= 9x faster than the official SDK cold: ${speedup.toFixed(1)}x`);
    goal(
      t.cold.figures.requests === expected && t.warm.figures.requests === expected,
      `exactly ceil(total/50) + 1 = ${expected} requests: ${t.cold.figures.requests} cold, ${t.warm.figures.requests} warm`,
    );
  }
  return { json: { [options.key]: json }, table, notes };
}
