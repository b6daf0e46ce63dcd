/**
 * Writes a Reply to the socket, applying body faults: a truncated JSON body (malformed-json),
 * headers plus part of the body and then silence (stall-body), or a trickle (slow-body).
 * Timers are registered with the server's tracker so close() can cancel them.
 */
import { gzipSync } from 'node:zlib';
import type { FaultAction } from './faults.ts';
import type { Reply } from './http.ts';

/** What writing a reply needs from node:http's response or node:http2's compatibility response. */
export interface ReplySink {
  readonly req: { readonly method?: string | undefined; readonly httpVersionMajor: number };
  readonly destroyed: boolean;
  readonly writableEnded: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: Buffer): unknown;
  end(): unknown;
  end(chunk: Buffer): unknown;
}

export interface TimerTracker {
  setTimeout(fn: () => void, ms: number): void;
}

const NO_BODY_STATUSES = new Set([204, 304]);

/** Connection-specific headers are malformed in HTTP/2 (RFC 9113 §8.2.2): its framing does their job. */
const HTTP1_ONLY_HEADERS = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'];

function toBuffer(body: Buffer | string | null): Buffer | null {
  if (body === null) return null;
  return typeof body === 'string' ? Buffer.from(body) : body;
}

/** Smaller bodies are sent as they are: compressing them saves less than the header costs. */
const GZIP_MIN_BYTES = 1024;
/** Cached pages are the same Buffer every time: compress each once. */
const gzipped = new WeakMap<Buffer, Buffer>();

/** Whether an Accept-Encoding header admits gzip (RFC 9110 §12.5.3: gzip or `*`, and q=0 refuses). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const q = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q.set(coding === 'x-gzip' ? 'gzip' : coding, weight === undefined ? 1 : Number(weight.slice(2)) || 0);
  }
  return (q.get('gzip') ?? q.get('*') ?? 0) > 0;
}

/** The body as sent, gzip-compressed when the reply may be and is worth it. */
function encode(body: Buffer, headers: Record<string, string>, compress: boolean): Buffer {
  if (!compress || body.length < GZIP_MIN_BYTES || headers['content-encoding']) return body;
  let out = gzipped.get(body);
  if (!out) {
    out = gzipSync(body, { level: 6 });
    gzipped.set(body, out);
  }
  headers['content-encoding'] = 'gzip';
  headers.vary = 'Accept-Encoding';
  return out;
}

/** Returns the status actually sent (malformed-json turns anything into a 200) and the body bytes it carries. */
export function writeReply(
  res: ReplySink,
  reply: Reply,
  action: FaultAction | null,
  timers: TimerTracker,
  /** The route and the client allow gzip (server.ts decides; body faults always go out as they are). */
  compress = false,
): { status: number; bytes: number } {
  let status = reply.status;
  const headers: Record<string, string> = { ...reply.headers };
  let body = toBuffer(reply.body);

  if (action?.type === 'malformed-json') {
    status = 200;
    const whole = body !== null && body.length > 1 ? body : Buffer.from('{"error":{"status":200,"message":"OK"}}');
    body = whole.subarray(0, Math.max(1, Math.floor(whole.length / 2)));
    headers['content-type'] = 'application/json; charset=utf-8';
    delete headers.etag;
  }

  if (NO_BODY_STATUSES.has(status)) body = null;
  if (body !== null && action === null) body = encode(body, headers, compress);
  if (body !== null) headers['content-length'] = String(body.length);
  if (res.req.httpVersionMajor >= 2) for (const name of HTTP1_ONLY_HEADERS) delete headers[name];
  res.writeHead(status, headers);

  if (body === null || res.req.method === 'HEAD') {
    res.end();
    return { status, bytes: 0 };
  }
  if (action?.type === 'stall-body') {
    // Promise a full body, send a part, then go silent: the client must time out on its own.
    const part = body.subarray(0, Math.floor(body.length / 2));
    res.write(part);
    return { status, bytes: part.length };
  }
  if (action?.type === 'slow-body') {
    trickle(res, body, action.bytesPerSec, timers);
    return { status, bytes: body.length };
  }
  res.end(body);
  return { status, bytes: body.length };
}

function trickle(res: ReplySink, body: Buffer, bytesPerSec: number, timers: TimerTracker): void {
  // Up to twenty writes a second; each slice is sent after the time it "costs" at bytesPerSec,
  // so the whole body takes about length / bytesPerSec seconds.
  const chunk = Math.max(1, Math.floor(bytesPerSec / 20));
  let offset = 0;
  const step = () => {
    if (res.destroyed || res.writableEnded) return;
    const next = body.subarray(offset, offset + chunk);
    timers.setTimeout(
      () => {
        if (res.destroyed || res.writableEnded) return;
        offset += next.length;
        if (offset >= body.length) {
          res.end(next);
          return;
        }
        res.write(next);
        step();
      },
      (next.length / bytesPerSec) * 1000,
    );
  };
  step();
}
