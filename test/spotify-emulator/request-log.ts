/**
 * The request log tests read to count calls and assert what a client sent. Only headers that
 * matter to behaviour are kept, and Authorization is reduced to its scheme (the bearer token is
 * kept separately as `accessToken` so tests can tell old and new tokens apart).
 */
import type { EmulatorRequest } from './http.ts';
import type { RequestLogEntry } from './types.ts';

const MAX_ENTRIES = 50_000;
const KEPT_HEADERS = ['if-none-match', 'content-type', 'user-agent', 'accept'] as const;

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  push(entry: RequestLogEntry): void {
    this.entries.push(entry);
    // Drop the oldest half at once: amortised O(1) and still bounded in long demo runs.
    if (this.entries.length > MAX_ENTRIES) this.entries = this.entries.slice(MAX_ENTRIES / 2);
  }

  /** A snapshot: later requests do not change an array a test already holds. */
  snapshot(): RequestLogEntry[] {
    return this.entries.slice();
  }

  clear(): void {
    this.entries = [];
  }
}

export function startEntry(
  req: EmulatorRequest,
  at: number,
  pathname: string,
  query: Record<string, string>,
): RequestLogEntry {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const entry: RequestLogEntry = {
    at,
    method: req.method ?? 'GET',
    path: pathname,
    query,
    status: 0,
    tokenKind: 'none',
    headers,
    bytes: 0,
  };
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const [scheme = '', ...rest] = auth.trim().split(/\s+/);
    headers.authorization = scheme;
    const lower = scheme.toLowerCase();
    if (lower === 'bearer') {
      entry.tokenKind = 'bearer';
      entry.accessToken = rest.join(' ');
    } else if (lower === 'basic') {
      entry.tokenKind = 'basic';
    }
  }
  return entry;
}
