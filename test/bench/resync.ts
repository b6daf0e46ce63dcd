/**
 * Bench section: an unchanged re-sync, as Tunetray does it when the tray or window asks for fresh
 * data: the same library sync over the same (warm) transport, each page a conditional GET with
 * the ETag it had, so every page answers 304 without a body. Only the profile (no validator in
 * the library sync) comes back with one.
 */
import { createLibraryCache } from '../../app/library/library-cache.ts';
import { createLibrarySync } from '../../app/library-sync.ts';
import { systemClock } from '../../app/ports.ts';
import { createSpotifyTransport } from '../../app/spotify/http.ts';
import { createWebApi } from '../../app/spotify/web-api.ts';
import { createMemoryLogger } from '../support/ports.ts';
import { countBodyBytes } from './body-bytes.ts';
import { memoryStore } from './contenders.ts';
import type { BenchSection, SectionResult } from './section.ts';
import { startBenchWorld } from './world.ts';

export function resyncSection(options: { rttMs: number; playlists: number }): BenchSection {
  return {
    title: `Unchanged re-sync: ${options.playlists.toLocaleString('en')} playlists, ${options.rttMs} ms RTT (If-None-Match per page)`,
    async run(): Promise<SectionResult> {
      const world = await startBenchWorld(options);
      const transport = createSpotifyTransport({ network: { extraCaCertificates: [world.ca] } });
      const counter = { bytes: 0 };
      const api = createWebApi({
        apiUrl: world.apiUrl,
        tokens: { current: async () => world.token, renewAfterRejection: async () => world.token },
        logger: createMemoryLogger(),
        dispatcher: transport.dispatcher.compose(countBodyBytes(counter)),
      });
      const library = createLibrarySync({
        cache: createLibraryCache(memoryStore()),
        clock: systemClock,
        logger: createMemoryLogger(),
        onChange: () => {},
      });
      try {
        const first = await world.measure(true, () => library.sync(api));
        const firstBytes = counter.bytes;
        counter.bytes = 0;
        const again = await world.measure(false, () => library.sync(api));
        if (library.playlists().length !== options.playlists) throw new Error('the re-sync lost playlists');
        const notModified = again.statuses[304] ?? 0;
        const json = { requests: again.figures.requests, notModified, bodyBytes: counter.bytes };
        const table = [
          ['', 'requests', '304s', 'body bytes', 'wall'],
          [
            'first sync',
            String(first.figures.requests),
            String(first.statuses[304] ?? 0),
            String(firstBytes),
            `${Math.round(first.figures.wallMs)} ms`,
          ],
          [
            'unchanged re-sync',
            String(json.requests),
            String(notModified),
            String(json.bodyBytes),
            `${Math.round(again.figures.wallMs)} ms`,
          ],
        ];
        const notes = [
          notModified === json.requests - 1
            ? 'every page answered 304; the one body is the profile'
            : `WARNING: ${json.requests - notModified} of ${json.requests} requests were not 304`,
        ];
        return { json: { resync: json }, table, notes };
      } finally {
        await api.close();
        await transport.close();
        await world.close();
      }
    },
  };
}
