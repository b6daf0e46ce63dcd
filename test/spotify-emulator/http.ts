/**
 * Small HTTP vocabulary shared by every route: handlers return a `Reply` value instead of writing
 * to the socket, so that the server can log it and faults can rewrite or mangle it in one place.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { OAUTH_HEADERS } from './accounts/oauth-reply.ts';

/** node:http's request and response, or node:http2's compatibility objects (HTTPS with HTTP/2 or HTTP/1.1). */
export type EmulatorRequest = IncomingMessage | Http2ServerRequest;
export type EmulatorResponse = ServerResponse | Http2ServerResponse;

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string | null;
}

export const MAX_BODY_BYTES = 64 * 1024;

export const API_CACHE_HEADERS = { 'cache-control': 'private, max-age=0' } as const;

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

/** Web API error shape: `{"error":{"status","message"[,"reason"]}}`. */
export function apiError(status: number, message: string, extra: Record<string, string> = {}, reason?: string): Reply {
  const error: { status: number; message: string; reason?: string } = { status, message };
  if (reason !== undefined) error.reason = reason;
  return json(status, { error }, extra);
}

/**
 * Accounts service error shape `{"error","error_description"}` with any status: only for injected
 * infrastructure faults (429, 5xx), which RFC 6749 §5.2 does not cover. The token endpoint's own
 * errors come from accounts/oauth-reply.ts.
 */
export function accountsError(status: number, error: string, description: string): Reply {
  return { status, headers: { ...OAUTH_HEADERS }, body: JSON.stringify({ error, error_description: description }) };
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): Reply {
  return { status, headers: { 'content-type': contentType }, body };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Pages shown in the browser: no scripts, no framing. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
} as const;

/** The page Spotify shows instead of redirecting (client and redirect problems): the bare message. */
export function errorPage(message: string, status = 400): Reply {
  const m = escapeHtml(message);
  return {
    status,
    headers: { ...PAGE_HEADERS },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head><body><main><h1>Oops! Something went wrong, please try again or check out our help area.</h1><p id="error">${m}</p></main></body></html>`,
  };
}

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' | 'aborted' };

/** Reads a request body up to `limit` bytes; past that it stops reading and reports too-large. */
export function readBody(req: EmulatorRequest, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false, reason: 'too-large' });
  // HTTP/2 frames a body without content-length or chunked encoding: only HTTP/1.1 can tell "none" from the headers.
  const http1 = req.httpVersionMajor < 2;
  if (http1 && req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
    return Promise.resolve({ ok: true, body: Buffer.alloc(0) });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (r: BodyResult) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(r);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        settle({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => settle({ ok: true, body: Buffer.concat(chunks) }));
    req.on('error', () => settle({ ok: false, reason: 'aborted' }));
    req.on('close', () => settle({ ok: false, reason: 'aborted' }));
  });
}

/** Media type without parameters, lower-cased; '' when absent. */
export function mediaType(req: EmulatorRequest): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Parses a form body. Invalid UTF-8 decodes to U+FFFD (never throws); a repeated parameter is
 * reported because OAuth forbids it and silently picking one would hide client bugs.
 */
export function parseForm(body: Buffer): { form: Record<string, string>; duplicate: string | null } {
  const params = new URLSearchParams(body.toString('utf8'));
  const form: Record<string, string> = Object.create(null);
  let duplicate: string | null = null;
  for (const [k, v] of params) {
    if (Object.hasOwn(form, k)) duplicate ??= k;
    else form[k] = v;
  }
  return { form, duplicate };
}

export function queryRecord(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (!Object.hasOwn(out, k)) out[k] = v;
  return out;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
