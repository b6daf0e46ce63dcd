/** A raw TCP client for the loopback fuzz: bytes exactly as generated, and half-sent requests. */
import { connect, type Socket } from 'node:net';

export interface RawExchange {
  socket: Socket;
  /** Everything the server sent so far. */
  received: () => Buffer;
  /** The status code of the first response, once its status line has arrived. */
  status: () => number | null;
  closed: Promise<void>;
  isClosed: () => boolean;
}

export async function openRaw(port: number, host = '127.0.0.1'): Promise<RawExchange> {
  const socket = connect({ port, host });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const chunks: Buffer[] = [];
  let closed = false;
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => {});
  const closedPromise = new Promise<void>((resolve) =>
    socket.once('close', () => {
      closed = true;
      resolve();
    }),
  );
  return {
    socket,
    received: () => Buffer.concat(chunks),
    status: () => {
      const head = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      return match ? Number(match[1]) : null;
    },
    closed: closedPromise,
    isClosed: () => closed,
  };
}

/** Writes `bytes` (latin1, so every byte value can be sent) in up to two chunks. */
export async function writeRaw(exchange: RawExchange, bytes: string, splitAt?: number): Promise<void> {
  const data = Buffer.from(bytes, 'latin1');
  const parts = splitAt === undefined ? [data] : [data.subarray(0, splitAt), data.subarray(splitAt)];
  for (const part of parts) {
    if (part.length === 0 || exchange.isClosed()) continue;
    await new Promise<void>((resolve) => exchange.socket.write(part, () => resolve()));
  }
}

/** Resolves when a response status line arrived or the socket closed, or after `ms`. */
export function answered(exchange: RawExchange, ms: number): Promise<void> {
  if (exchange.status() !== null || exchange.isClosed()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      exchange.socket.off('data', onData);
      resolve();
    };
    const onData = () => {
      if (exchange.status() !== null) done();
    };
    const timer = setTimeout(done, ms);
    exchange.socket.on('data', onData);
    void exchange.closed.then(done);
  });
}
