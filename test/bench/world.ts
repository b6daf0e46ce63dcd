/**
 * The bench's network as the client sees it (the far side runs in world-worker.ts): where the
 * API is, a token, the CA to trust, and measure(): one timed fetch with the figures issue 13
 * asks for: wall time, round trips (wall / RTT), requests the emulator answered, connections the
 * proxy opened, TLS handshakes the emulator completed, bytes the client received (TLS records
 * included, as the network carries them).
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { Fault } from '../spotify-emulator/types.ts';
import { loopbackCertificate } from '../support/certificates.ts';
import { round } from './section.ts';
import type { WorldInfo, WorldOptions, WorldRequest, WorldSnapshot } from './world-worker.ts';

export interface Figures {
  wallMs: number;
  roundTrips: number;
  requests: number;
  connections: number;
  handshakes: number;
  bytesIn: number;
  [key: string]: number;
}

export interface Measured {
  figures: Figures;
  /** New connections per ALPN protocol during the run ('h2', 'http/1.1'). */
  protocols: Record<string, number>;
  /** Requests per status during the run. */
  statuses: Record<number, number>;
  /**
   * How long each side's thread was busy during the run (event-loop utilisation): the client's
   * TLS, HTTP/2, JSON and validation work, and the emulator's and proxy's. What the wall time
   * holds beyond its round trips is mostly this.
   */
  busyMs: { client: number; server: number };
}

export interface BenchWorld extends WorldInfo {
  /** Closes every open connection at the proxy, so the next request of any client starts cold. */
  dropConnections(): Promise<void>;
  fault(fault: Fault): Promise<void>;
  clearFaults(): Promise<void>;
  measure(cold: boolean, run: () => Promise<void>): Promise<Measured>;
  close(): Promise<void>;
}

export async function startBenchWorld(options: Omit<WorldOptions, 'tls'>): Promise<BenchWorld> {
  const workerData: WorldOptions = { ...options, tls: loopbackCertificate() };
  const worker = new Worker(new URL('./world-worker.ts', import.meta.url), { workerData });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message: { ready?: true; id?: number; value?: unknown; error?: string }) => {
      if (message.ready) return resolve();
      const waiting = pending.get(message.id ?? -1);
      pending.delete(message.id ?? -1);
      if (message.error !== undefined) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.value);
    });
  });
  const ask = <T>(request: WorldRequest): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, request });
    });
  const info = await ask<WorldInfo>({ op: 'info' });
  return {
    ...info,
    dropConnections: () => ask({ op: 'drop-connections' }),
    fault: (fault) => ask({ op: 'fault', fault }),
    clearFaults: () => ask({ op: 'clear-faults' }),
    async measure(cold, run) {
      if (cold) await ask({ op: 'drop-connections' });
      await ask({ op: 'reset' });
      const before = await ask<WorldSnapshot>({ op: 'snapshot' });
      const clientBusy = performance.eventLoopUtilization();
      const serverBusy = worker.performance.eventLoopUtilization();
      const started = performance.now();
      await run();
      const wallMs = performance.now() - started;
      const busyMs = {
        client: round(performance.eventLoopUtilization(clientBusy).active, 1),
        server: round(worker.performance.eventLoopUtilization(serverBusy).active, 1),
      };
      const after = await ask<WorldSnapshot>({ op: 'snapshot' });
      const protocols: Record<string, number> = {};
      for (const [name, n] of Object.entries(after.protocols)) {
        const added = n - (before.protocols[name] ?? 0);
        if (added > 0) protocols[name] = added;
      }
      return {
        figures: {
          wallMs: round(wallMs, 1),
          roundTrips: round(wallMs / info.rttMs, 2),
          requests: after.requests,
          connections: after.connections,
          handshakes: after.tlsHandshakes - before.tlsHandshakes,
          bytesIn: after.bytesIn,
        },
        protocols,
        statuses: after.statuses,
        busyMs,
      };
    },
    async close() {
      await ask({ op: 'close' });
      await worker.terminate();
    },
  };
}

/** The run whose wall time is the median of `runs` (its other figures with it). */
export function medianRun(runs: readonly Measured[]): Measured {
  const sorted = [...runs].sort((a, b) => a.figures.wallMs - b.figures.wallMs);
  const picked = sorted[Math.floor(sorted.length / 2)];
  if (!picked) throw new Error('no runs');
  return picked;
}
