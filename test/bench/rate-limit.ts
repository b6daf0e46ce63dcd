/**
 * Bench section: what a 429 costs mid-sync. The emulator enforces a rolling window like
 * Spotify's (scaled down from 30 s so the bench stays short): the burst of pages after page 0
 * runs into it, the pages over the limit come back 429 with Retry-After, all of them wait that
 * one wait together (the Web API client's shared gate), and the sync resumes with one request in
 * flight, doubling per round trip. The cost is the requests beyond ceil(total/50) + 1.
 */
import { tunetray } from './contenders.ts';
import type { BenchSection, SectionResult } from './section.ts';
import { startBenchWorld } from './world.ts';

export function rateLimitSection(options: {
  rttMs: number;
  playlists: number;
  /** The window: this many requests accepted per windowMs. */
  limit: { requests: number; windowMs: number };
}): BenchSection {
  const { limit } = options;
  return {
    title: `A 429 mid-sync: ${options.playlists.toLocaleString('en')} playlists, ${options.rttMs} ms RTT, Spotify-like window of ${limit.requests} requests per ${limit.windowMs / 1000} s`,
    async run(): Promise<SectionResult> {
      const world = await startBenchWorld(options);
      const contender = tunetray(world, options.playlists);
      try {
        // Warm the connection first, so the window is the only thing in the way.
        await contender.fetchAll();
        await new Promise((resolve) => setTimeout(resolve, limit.windowMs));
        await world.fault({ kind: 'rate-limit', requests: limit.requests, windowMs: limit.windowMs, path: '/v1/' });
        const run = await world.measure(false, () => contender.fetchAll());
        const expected = Math.ceil(options.playlists / 50) + 1;
        const refused = run.statuses[429] ?? 0;
        const extraRequests = run.figures.requests - expected;
        const table = [
          ['requests', 'of which 429', 'needed', 'extra', 'wall'],
          [
            String(run.figures.requests),
            String(refused),
            String(expected),
            String(extraRequests),
            `${Math.round(run.figures.wallMs)} ms`,
          ],
        ];
        const notes = [
          extraRequests === refused
            ? `the ${refused} refused requests were in the burst already on the wire when the first 429 came back; each cost one extra request, and nothing else was sent until Retry-After`
            : `${refused} requests were refused and the sync made ${extraRequests} extra requests in all`,
        ];
        return { json: { rateLimit: { extraRequests } }, table, notes };
      } finally {
        await contender.close();
        await world.clearFaults();
        await world.close();
      }
    },
  };
}
