/**
 * A tiny loopback HTTP server that records what reaches it: ordinary requests (method, URL,
 * headers, body) and CONNECT tunnels asked of it as a proxy (their target), which it refuses with
 * 403 so nothing goes further. It answers GET / with `page` when one is given (a stand-in for a dev
 * server), 404 otherwise. For checks that something never reaches a server, and for a proxy that
 * shows where an app tried to go without letting it leave the machine.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface CaptureServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** host:port, as a PAC answer names a proxy. */
  readonly address: string;
  readonly requests: readonly CapturedRequest[];
  /** host:port of every CONNECT asked of this server. */
  readonly connects: readonly string[];
  close(): Promise<void>;
}

export async function startCaptureServer(options: { page?: string } = {}): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const connects: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (options.page !== undefined && req.method === 'GET' && req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(options.page);
      } else {
        res.writeHead(404).end();
      }
    });
  });
  server.on('connect', (req, socket) => {
    connects.push(req.url ?? '');
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    address: `127.0.0.1:${port}`,
    requests,
    connects,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
