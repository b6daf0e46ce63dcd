/**
 * A TCP proxy on loopback that makes a connection behave like one across the internet: every
 * byte is held for half the round-trip time in each direction, and a new connection's first
 * bytes wait one extra round trip for the TCP handshake the loopback skipped. So a TLS handshake
 * costs its real round trips, a new socket costs one more, and HTTP/2 multiplexing or a
 * sequential pager pays exactly what it would on the wire.
 *
 * It counts connections opened and bytes each way (TLS records and all: what the network
 * carries). Not modelled: bandwidth, packet loss, TCP slow start. Order within a direction is
 * kept; data is forwarded as it arrives, no buffering beyond the delay.
 */
import { type AddressInfo, createConnection, createServer, type Socket } from 'node:net';

export interface LatencyProxyStats {
  /** Client connections accepted (each one is a TCP handshake on a real network). */
  connections: number;
  /** Bytes from the server to the client ("received" by the client). */
  bytesIn: number;
  /** Bytes from the client to the server. */
  bytesOut: number;
}

export interface LatencyProxy {
  readonly port: number;
  /** Where the real server listens on 127.0.0.1; connections are refused while it is null. */
  targetPort: number | null;
  /** Round-trip time added to every exchange, in milliseconds. */
  rttMs: number;
  stats(): LatencyProxyStats;
  resetStats(): void;
  /** Closes every open connection, so the next request of any client starts cold. */
  dropConnections(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Delays one direction of a connection: each chunk leaves `delayMs` after it arrived, never
 * before `notBefore` (the first flight of a new connection), and never ahead of earlier chunks.
 */
function delayedPipe(
  from: Socket,
  to: Socket,
  delayMs: () => number,
  notBefore: number,
  count: (bytes: number) => void,
): void {
  const queue: Array<{ at: number; chunk: Buffer | null }> = [];
  let timer: NodeJS.Timeout | null = null;
  let lastAt = 0;
  const flush = () => {
    timer = null;
    const now = performance.now();
    while (queue.length > 0 && (queue[0]?.at ?? 0) <= now + 0.5) {
      const item = queue.shift();
      if (!item || to.destroyed) continue;
      if (item.chunk === null) to.end();
      else to.write(item.chunk);
    }
    schedule();
  };
  const schedule = () => {
    if (timer !== null || queue.length === 0) return;
    const next = queue[0]?.at ?? 0;
    timer = setTimeout(flush, Math.max(0, next - performance.now()));
  };
  const push = (chunk: Buffer | null) => {
    const at = Math.max(performance.now() + delayMs(), notBefore, lastAt);
    lastAt = at;
    queue.push({ at, chunk });
    schedule();
  };
  from.on('data', (chunk: Buffer) => {
    count(chunk.length);
    push(chunk);
  });
  from.on('end', () => push(null));
  from.on('close', () => {
    // A reset or an error on one side reaches the other side after the same delay.
    const at = Math.max(performance.now() + delayMs(), lastAt);
    setTimeout(
      () => {
        if (timer !== null) clearTimeout(timer);
        queue.length = 0;
        to.destroy();
      },
      Math.max(0, at - performance.now()) + 1,
    );
  });
}

export async function startLatencyProxy(options: {
  /** Where the real server listens (127.0.0.1). Settable later through `target`. */
  targetPort?: number;
  rttMs: number;
}): Promise<LatencyProxy> {
  const sockets = new Set<Socket>();
  let stats: LatencyProxyStats = { connections: 0, bytesIn: 0, bytesOut: 0 };
  const proxy = {
    port: 0,
    rttMs: options.rttMs,
    targetPort: options.targetPort ?? null,
  };
  const half = () => proxy.rttMs / 2;

  const server = createServer({ allowHalfOpen: true }, (client) => {
    if (proxy.targetPort === null) {
      client.destroy();
      return;
    }
    stats.connections++;
    const acceptedAt = performance.now();
    const upstream = createConnection({ host: '127.0.0.1', port: proxy.targetPort, allowHalfOpen: true });
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    // SYN, SYN-ACK: the client could only have sent its first bytes one round trip from now.
    delayedPipe(client, upstream, half, acceptedAt + proxy.rttMs + half(), (n) => {
      stats.bytesOut += n;
    });
    delayedPipe(upstream, client, half, 0, (n) => {
      stats.bytesIn += n;
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  proxy.port = (server.address() as AddressInfo).port;

  const waitClosed = async () => {
    // Give clients a moment to see the FIN and drop their pooled sockets.
    const deadline = performance.now() + 2_000;
    while (sockets.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
  };

  return Object.assign(proxy, {
    stats: () => ({ ...stats }),
    resetStats() {
      stats = { connections: 0, bytesIn: 0, bytesOut: 0 };
    },
    async dropConnections() {
      for (const s of sockets) s.destroy();
      await waitClosed();
    },
    close() {
      return new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  });
}
