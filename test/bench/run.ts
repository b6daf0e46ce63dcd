/**
 * `npm run bench`: Tunetray's figures, printed as tables and written to test-results/bench.json
 * (the shape of issue 13). Each section lives in its own file and returns its numbers; this is
 * only the list. Loopback only, bounded by a watchdog, and it exits by itself.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { desktopSection } from './desktop.ts';
import { benchEmulator } from './emulator.ts';
import { benchPlaylistItems } from './playlist-items.ts';
import { rateLimitSection } from './rate-limit.ts';
import { rendererSection } from './renderer.ts';
import { resyncSection } from './resync.ts';
import { type BenchSection, formatTable, type Json, printedSection } from './section.ts';
import { syncSection } from './sync.ts';

const PLAYLISTS = 2000;
const WATCHDOG_MS = 600_000;
const OUTPUT = 'test-results/bench.json';

const sections: BenchSection[] = [
  syncSection({ key: 'sync', rttMs: 40, playlists: PLAYLISTS, runs: 7, slowRuns: 3 }),
  resyncSection({ rttMs: 40, playlists: PLAYLISTS }),
  rateLimitSection({ rttMs: 40, playlists: PLAYLISTS, limit: { requests: 30, windowMs: 1000 } }),
  rendererSection,
  syncSection({ key: 'sync120', rttMs: 120, playlists: PLAYLISTS, runs: 5, slowRuns: 3 }),
  printedSection('Playlist items: opening a 10,000-item playlist', benchPlaylistItems),
  printedSection('Emulator', benchEmulator),
  desktopSection,
];

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${WATCHDOG_MS / 1000} s; giving up`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();
  const results: Record<string, Json> = {};
  for (const section of sections) {
    const { json, table, notes } = await section.run();
    console.log(`\n## ${section.title}\n\n${formatTable(table)}`);
    if (notes?.length) console.log(`\n${notes.join('\n')}`);
    Object.assign(results, json);
  }
  mkdirSync('test-results', { recursive: true });
  writeFileSync(OUTPUT, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${OUTPUT}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error('bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  });
}
