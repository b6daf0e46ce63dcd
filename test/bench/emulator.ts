/**
 * Bench section for the Spotify emulator: how fast it starts (demo seed included) and how many
 * `/v1/me/playlists?limit=50` requests per second it serves. The server runs in a child process
 * (the CLI) so it has its own core and the load generator does not steal its time.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { DEMO_CLIENT_ID, DEMO_USER_ID, startEmulator } from '../spotify-emulator/index.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

const RUN_MS = 3000;
const CONNECTIONS = 8;
const IN_FLIGHT = 32;

async function measureStartMs(): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const emu = await startEmulator({ demo: true });
    samples.push(performance.now() - t0);
    await emu.close();
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

/** Starts the CLI on a free port and resolves with its base URL once it has printed it. */
function startChild(): Promise<{ url: string; stop: () => void }> {
  const cli = fileURLToPath(new URL('../spotify-emulator/cli.ts', import.meta.url));
  const child = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('emulator CLI did not start within 10 s'));
    }, 10_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const url = /Accounts:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, stop: () => child.kill('SIGTERM') });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator CLI exited early (${code})`));
    });
  });
}

async function measureThroughput(url: string): Promise<number> {
  const mint = await fetch(`${url}/__emulator/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientId: DEMO_CLIENT_ID,
      userId: DEMO_USER_ID,
      scopes: ['user-read-private', 'playlist-read-private', 'playlist-read-collaborative'],
    }),
  });
  const { access_token: token } = (await mint.json()) as { access_token: string };
  const pool = new Pool(url, { connections: CONNECTIONS, pipelining: 1 });
  const headers = { authorization: `Bearer ${token}` };
  let done = 0;
  let failed = 0;
  let measuring = false;
  let stopAt = 0;
  const worker = async () => {
    while (performance.now() < stopAt) {
      const res = await pool.request({ path: '/v1/me/playlists?limit=50', method: 'GET', headers });
      await res.body.dump();
      if (!measuring) continue;
      if (res.statusCode === 200) done++;
      else failed++;
    }
  };
  try {
    // A short warm-up so connection set-up and JIT are not counted.
    stopAt = performance.now() + 300;
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    measuring = true;
    const t0 = performance.now();
    stopAt = t0 + RUN_MS;
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const seconds = (performance.now() - t0) / 1000;
    if (failed > 0) throw new Error(`${failed} requests failed during the emulator bench`);
    return done / seconds;
  } finally {
    await pool.close();
  }
}

export async function benchEmulator(): Promise<BenchResult[]> {
  const startMs = await measureStartMs();
  const child = await startChild();
  try {
    const rps = await measureThroughput(child.url);
    return [
      { name: 'emulator start (demo seed, 300 playlists)', value: Math.round(startMs * 10) / 10, unit: 'ms' },
      { name: 'emulator GET /v1/me/playlists?limit=50', value: Math.round(rps), unit: 'req/s' },
    ];
  } finally {
    child.stop();
  }
}

// Run directly: `node test/bench/emulator.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchEmulator()) console.log(`${r.name}: ${r.value} ${r.unit}`);
}
