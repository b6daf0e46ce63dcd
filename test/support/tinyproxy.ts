/**
 * A real HTTP/CONNECT proxy on loopback for the proxy tests: Debian's tinyproxy (package
 * `tinyproxy`, which CI installs), started in the foreground with its own config file on a free
 * port, stopped by the test. Its log says which CONNECT tunnels it opened.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedPort } from './net.ts';

export interface Tinyproxy {
  readonly port: number;
  /** host:port as Tunetray shows it. */
  readonly address: string;
  /** Everything tinyproxy logged so far. */
  log(): string;
  stop(): Promise<void>;
}

export interface TinyproxyOptions {
  /** Demand Basic credentials (tinyproxy answers 407 without them). */
  basicAuth?: { user: string; password: string };
  /** Allow CONNECT only to these ports (tinyproxy answers 403 to others). Default: any port. */
  connectPorts?: number[];
}

export function tinyproxyAvailable(): boolean {
  try {
    execFileSync('tinyproxy', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startTinyproxy(options: TinyproxyOptions = {}): Promise<Tinyproxy> {
  const dir = mkdtempSync(join(tmpdir(), 'tunetray-tinyproxy-'));
  const port = await closedPort();
  const config = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 30',
    'MaxClients 50',
    'Allow 127.0.0.1',
    'LogLevel Connect',
    // Running as root (CI containers) is allowed; tinyproxy only warns.
    ...(options.basicAuth ? [`BasicAuth ${options.basicAuth.user} ${options.basicAuth.password}`] : []),
    ...(options.connectPorts ?? []).map((p) => `ConnectPort ${p}`),
  ];
  const file = join(dir, 'tinyproxy.conf');
  writeFileSync(file, `${config.join('\n')}\n`);
  let output = '';
  const child: ChildProcess = spawn('tinyproxy', ['-d', '-c', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await accepting(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`tinyproxy did not start on port ${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    port,
    address: `127.0.0.1:${port}`,
    log: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
