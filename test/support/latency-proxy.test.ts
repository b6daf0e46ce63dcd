/**
 * The bench's latency proxy: a new connection costs one round trip before its first bytes
 * arrive, every exchange one more, and it counts what passed. Lower bounds only: a loaded
 * machine can make things slower, never faster.
 */
import { type AddressInfo, createConnection, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LatencyProxy, startLatencyProxy } from './latency-proxy.ts';

let echo: Server;
let proxy: LatencyProxy;
const RTT = 60;

beforeAll(async () => {
  echo = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  proxy = await startLatencyProxy({ targetPort: (echo.address() as AddressInfo).port, rttMs: RTT });
});
afterAll(async () => {
  await proxy.close();
  await new Promise((resolve) => echo.close(resolve));
});

function exchange(socket: ReturnType<typeof createConnection>, text: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) => {
    socket.once('data', () => resolve(performance.now() - started));
    socket.write(text);
  });
}

describe('latency proxy', () => {
  it('charges a new connection its handshake, then one round trip per exchange, and counts bytes', async () => {
    proxy.resetStats();
    const socket = createConnection({ host: '127.0.0.1', port: proxy.port });
    await new Promise((resolve) => socket.once('connect', resolve));
    const first = await exchange(socket, 'hello');
    const second = await exchange(socket, 'again');
    socket.destroy();
    expect(first).toBeGreaterThanOrEqual(2 * RTT - 5);
    expect(second).toBeGreaterThanOrEqual(RTT - 5);
    expect(second).toBeLessThan(first);
    expect(proxy.stats()).toEqual({ connections: 1, bytesIn: 10, bytesOut: 10 });
  });

  it('drops open connections on request, so the next exchange starts cold', async () => {
    const socket = createConnection({ host: '127.0.0.1', port: proxy.port });
    await new Promise((resolve) => socket.once('connect', resolve));
    await exchange(socket, 'x');
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await proxy.dropConnections();
    await closed;
    expect(socket.destroyed).toBe(true);
  });
});
