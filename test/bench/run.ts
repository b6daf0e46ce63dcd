/**
 * `npm run bench`: how Tunetray's library sync performs against the emulator with 40 ms of
 * latency on every request (a realistic round trip to api.spotify.com), for 2,000 playlists:
 *
 * 1. fetchAllPlaylists (first page, then the rest in parallel) vs a plain sequential pager that
 *    follows `next` (the obvious implementation): requests, wall time, ratio.
 * 2. An unchanged re-sync: requests, 304s, bytes received.
 * 3. The emulator's own numbers (test/bench/emulator.ts).
 * 4. The renderer with 10,000 playlists in Chromium (test/bench/renderer.ts).
 * 5. Opening a 10,000-item playlist, and re-opening it unchanged (test/bench/playlist-items.ts).
 * 6. The built app through the Electron host double: start to tray, start to 10,000 rows, heap (test/bench/desktop.ts).
 *
 * Loopback only, bounded (a watchdog ends it), and it exits by itself.
 */
import { fileURLToPath } from 'node:url';
import { Agent, type Dispatcher, request } from 'undici';
import { DEFAULT_CONCURRENCY, fetchAllPlaylists } from '../../app/spotify/fetch-all-playlists.ts';
import { createWebApi } from '../../app/spotify/web-api.ts';
import { startEmulator } from '../spotify-emulator/index.ts';
import { createMemoryLogger } from '../support/ports.ts';
import { benchDesktop } from './desktop.ts';
import { type BenchResult, benchEmulator } from './emulator.ts';
import { benchPlaylistItems } from './playlist-items.ts';
import { benchRenderer } from './renderer.ts';

const LATENCY_MS = 40;
const PLAYLISTS = 2000;
const RUNS = 3;
const WATCHDOG_MS = 180_000;
const SCOPES = ['user-read-private', 'playlist-read-private', 'playlist-read-collaborative'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const ms = (x: number) => `${Math.round(x)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const t0 = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - t0 };
}

/**
 * The baseline: what a straightforward client does. One request at a time, following `next`
 * until it is null, with a keep-alive connection (so the comparison is about round trips, not
 * handshakes). `limit` undefined means Spotify's default page size (20).
 */
async function sequentialPager(
  apiUrl: string,
  token: string,
  dispatcher: Dispatcher,
  limit: number | undefined,
): Promise<{ requests: number; playlists: number; bytes: number }> {
  let url: string | null = `${apiUrl}/me/playlists${limit ? `?limit=${limit}` : ''}`;
  let requests = 0;
  let playlists = 0;
  let bytes = 0;
  while (url) {
    const res = await request(url, { dispatcher, headers: { authorization: `Bearer ${token}` } });
    const body = Buffer.from(await res.body.arrayBuffer());
    requests++;
    bytes += body.length;
    if (res.statusCode !== 200) throw new Error(`sequential pager: HTTP ${res.statusCode}`);
    const page = JSON.parse(body.toString('utf8')) as { items: unknown[]; next: string | null };
    playlists += page.items.length;
    url = page.next;
  }
  return { requests, playlists, bytes };
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '))
    .join('\n');
}

async function benchSync(): Promise<void> {
  const emu = await startEmulator();
  const agent = new Agent({ connections: 1 });
  let token = '';
  const api = createWebApi({
    apiUrl: emu.apiUrl,
    tokens: { current: async () => token, renewAfterRejection: async () => token },
    logger: createMemoryLogger(),
  });
  try {
    const { clientId } = emu.registerClient({ redirectUris: ['http://127.0.0.1/callback'] });
    emu.registerUser({ id: 'bench', displayName: 'Bench', product: 'premium', country: 'SE' });
    emu.seedPlaylists('bench', PLAYLISTS, { privateEvery: 5, collaborativeEvery: 9, noImageEvery: 7 });
    token = emu.mintTokens({ clientId, userId: 'bench', scopes: SCOPES }).access_token;
    emu.fault({ kind: 'latency', ms: LATENCY_MS });

    const parallel: number[] = [];
    const seq50: number[] = [];
    let last = await fetchAllPlaylists(api);
    if (last.playlists.length !== PLAYLISTS) throw new Error(`expected ${PLAYLISTS}, got ${last.playlists.length}`);
    const fullBytes = last.bytes;
    const fullRequests = last.requests;
    for (let i = 0; i < RUNS; i++) {
      const p = await timed(() => fetchAllPlaylists(api));
      parallel.push(p.ms);
      last = p.result;
      const s = await timed(() => sequentialPager(emu.apiUrl, token, agent, 50));
      if (s.result.playlists !== PLAYLISTS) throw new Error('sequential pager lost playlists');
      seq50.push(s.ms);
    }
    const seq50Requests = (await sequentialPager(emu.apiUrl, token, agent, 50)).requests;
    const seq20 = await timed(() => sequentialPager(emu.apiUrl, token, agent, undefined));

    const resync = await timed(() => fetchAllPlaylists(api, { previous: last }));

    const p = median(parallel);
    const rows = [
      ['strategy', 'requests', 'wall (median)', 'time vs default'],
      [`fetchAllPlaylists, ${DEFAULT_CONCURRENCY} pages in flight`, String(fullRequests), ms(p), '1.0x'],
      [
        'sequential pager following next, limit=50',
        String(seq50Requests),
        ms(median(seq50)),
        `${(median(seq50) / p).toFixed(1)}x`,
      ],
      [
        'sequential pager following next, default limit (20)',
        String(seq20.result.requests),
        ms(seq20.ms),
        `${(seq20.ms / p).toFixed(1)}x`,
      ],
    ];
    console.log(`\n## Library sync: ${PLAYLISTS} playlists, ${LATENCY_MS} ms latency per request, ${RUNS} runs\n`);
    console.log(table(rows));
    console.log(
      `\nspeed-up of fetchAllPlaylists over the sequential pager: ` +
        `${(median(seq50) / p).toFixed(1)}x at the same page size (limit=50), ` +
        `${(seq20.ms / p).toFixed(1)}x over the default-limit pager (target >= 8x)`,
    );
    console.log('\n## Unchanged re-sync (If-None-Match per page)\n');
    console.log(
      table([
        ['', 'requests', '304s', 'body bytes', 'wall'],
        ['first sync', String(fullRequests), '0', kb(fullBytes), ms(p)],
        [
          'unchanged re-sync',
          String(resync.result.requests),
          String(resync.result.notModified),
          kb(resync.result.bytes),
          ms(resync.ms),
        ],
      ]),
    );
    if (resync.result.notModified !== resync.result.requests) console.log('WARNING: the re-sync was not all 304s');
  } finally {
    emu.clearFaults();
    await api.close();
    await agent.close();
    await emu.close();
  }
}

function printResults(title: string, results: BenchResult[]): void {
  console.log(`\n## ${title}\n`);
  console.log(table(results.map((r) => [r.name, String(r.value), r.unit])));
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${WATCHDOG_MS / 1000} s; giving up`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();
  await benchSync();
  printResults('Emulator', await benchEmulator());
  printResults('Renderer', await benchRenderer());
  printResults('Playlist items', await benchPlaylistItems());
  printResults('Desktop, through the Electron host double', await benchDesktop());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error('bench failed:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
