/**
 * The far side of the bench's network, in its own thread: the emulator over HTTPS (HTTP/2 with
 * HTTP/1.1 fallback, a certificate made at start) behind the TCP latency proxy, and one listener
 * with a seeded library. Running here, Spotify's work (building and encrypting pages) and the
 * proxy's do not queue behind the client's on one event loop, as they would not on the real
 * internet. Clients reach the emulator only through the proxy: its links carry the proxy's address.
 *
 * Answers the bench's questions over the worker port (world.ts is the other end).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startEmulator } from '../spotify-emulator/index.ts';
import type { Fault } from '../spotify-emulator/types.ts';
import { startLatencyProxy } from '../support/latency-proxy.ts';

export const SCOPES = ['user-read-private', 'playlist-read-private', 'playlist-read-collaborative'];
export const USER_ID = 'bench';

export interface WorldOptions {
  rttMs: number;
  playlists: number;
  /** The emulator's certificate, made once by the bench so every world shares one CA. */
  tls: { cert: string; key: string; ca: string };
}

export interface WorldInfo {
  rttMs: number;
  apiUrl: string;
  clientId: string;
  token: string;
  ca: string;
}

export interface WorldSnapshot {
  /** Requests the emulator answered since the last reset, by status. */
  statuses: Record<number, number>;
  requests: number;
  connections: number;
  bytesIn: number;
  tlsHandshakes: number;
  protocols: Record<string, number>;
}

export type WorldRequest =
  | { op: 'info' }
  | { op: 'snapshot' }
  | { op: 'reset' }
  | { op: 'drop-connections' }
  | { op: 'fault'; fault: Fault }
  | { op: 'clear-faults' }
  | { op: 'close' };

const options = workerData as WorldOptions;
const proxy = await startLatencyProxy({ rttMs: options.rttMs });
const emu = await startEmulator({ tls: options.tls, publicUrl: `https://127.0.0.1:${proxy.port}` });
proxy.targetPort = emu.port;
const { clientId } = emu.registerClient({ name: 'Tunetray bench', redirectUris: ['http://127.0.0.1/callback'] });
emu.registerUser({ id: USER_ID, displayName: 'Bench', product: 'premium', country: 'SE' });
emu.seedPlaylists(USER_ID, options.playlists, { privateEvery: 5, collaborativeEvery: 9, noImageEvery: 7 });
const token = emu.mintTokens({ clientId, userId: USER_ID, scopes: SCOPES }).access_token;

async function answer(request: WorldRequest): Promise<unknown> {
  switch (request.op) {
    case 'info':
      return { rttMs: options.rttMs, apiUrl: emu.apiUrl, clientId, token, ca: emu.ca ?? '' } satisfies WorldInfo;
    case 'snapshot': {
      const statuses: Record<number, number> = {};
      for (const r of emu.requests) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      const stats = emu.connectionStats();
      const proxied = proxy.stats();
      return {
        statuses,
        requests: emu.requests.length,
        connections: proxied.connections,
        bytesIn: proxied.bytesIn,
        tlsHandshakes: stats.tlsHandshakes,
        protocols: stats.protocols,
      } satisfies WorldSnapshot;
    }
    case 'reset':
      emu.clearRequests();
      proxy.resetStats();
      return null;
    case 'drop-connections':
      await proxy.dropConnections();
      return null;
    case 'fault':
      emu.fault(request.fault);
      return null;
    case 'clear-faults':
      emu.clearFaults();
      return null;
    case 'close':
      await proxy.close();
      await emu.close();
      return null;
  }
}

parentPort?.on('message', (message: { id: number; request: WorldRequest }) => {
  answer(message.request).then(
    (value) => parentPort?.postMessage({ id: message.id, value }),
    (error: unknown) => parentPort?.postMessage({ id: message.id, error: String(error) }),
  );
});
parentPort?.postMessage({ ready: true });
