/**
 * Injected faults (spotify-api.md §7). A fault applies to the next N matching requests, or to
 * every matching request for a time window on the emulator's clock; latency without either
 * stays until clearFaults so a benchmark can slow everything down.
 */
import { z } from 'zod';
import { accountsError, apiError, type Reply } from './http.ts';
import type { Fault } from './types.ts';

export const PREMIUM_REQUIRED_TEXT =
  'Active premium subscription required for the owner of the app. Ask the owner of the app to renew their Spotify Premium subscription.';

const common = {
  path: z.string().startsWith('/').max(2048).optional(),
  times: z.number().int().positive().optional(),
  forMs: z.number().positive().finite().optional(),
};

export const faultSchema = z
  .union([
    z.object({ kind: z.literal('latency'), ms: z.number().min(0).max(600_000), ...common }),
    z.object({
      kind: z.literal('status'),
      status: z.literal(429),
      retryAfterSec: z.number().int().min(0),
      quotaExceeded: z.boolean().optional(),
      ...common,
    }),
    z.object({
      kind: z.literal('status'),
      status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
      ...common,
    }),
    z.object({ kind: z.literal('reset'), ...common }),
    z.object({ kind: z.literal('stall-body'), ...common }),
    z.object({ kind: z.literal('slow-body'), bytesPerSec: z.number().positive().finite(), ...common }),
    z.object({ kind: z.literal('malformed-json'), ...common }),
    z.object({ kind: z.literal('premium-403'), ...common }),
    z.object({
      kind: z.literal('rate-limit'),
      requests: z.number().int().positive(),
      windowMs: z.number().positive().max(3_600_000),
      ...common,
    }),
    z.object({
      kind: z.literal('api-error'),
      status: z.number().int().min(400).max(599),
      message: z.string().max(1000),
      reason: z.string().max(200).optional(),
      ...common,
    }),
  ])
  .refine((f) => f.times === undefined || f.forMs === undefined, { message: 'times and forMs are mutually exclusive' });

/** What the server must do instead of (or on top of) the normal response. */
export type FaultAction =
  | { type: 'reply'; reply: Reply }
  | { type: 'reset' }
  | { type: 'stall-body' }
  | { type: 'slow-body'; bytesPerSec: number }
  | { type: 'malformed-json' };

interface ActiveFault {
  fault: Fault;
  remaining: number;
  until: number | null;
  /** rate-limit: when the requests it accepted arrived, oldest first. */
  accepted: number[];
}

const STATUS_MESSAGES: Record<number, string> = {
  500: 'Server error.',
  502: 'Bad gateway.',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

/**
 * The accounts service's bodies for 429/5xx are undocumented: clients must decide by status there,
 * so the token endpoint gets OAuth-shaped bodies and everything else Web API-shaped ones.
 */
export function actionFor(fault: Fault, pathname: string): FaultAction | null {
  const accounts = pathname.startsWith('/api/');
  switch (fault.kind) {
    case 'latency':
    case 'rate-limit':
      // A limiter that refuses a request is handed over as the 429 it answers (FaultQueue.take).
      return null;
    case 'reset':
    case 'stall-body':
    case 'malformed-json':
      return { type: fault.kind };
    case 'slow-body':
      return { type: 'slow-body', bytesPerSec: fault.bytesPerSec };
    case 'premium-403':
      return {
        type: 'reply',
        reply: { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: PREMIUM_REQUIRED_TEXT },
      };
    case 'api-error':
      return { type: 'reply', reply: apiError(fault.status, fault.message, {}, fault.reason) };
    case 'status': {
      if (fault.status === 429) {
        const headers = { 'retry-after': String(fault.retryAfterSec) };
        const reply = accounts
          ? accountsError(429, 'rate_limit_exceeded', 'Too many requests')
          : fault.quotaExceeded
            ? apiError(429, 'Too many requests', headers, 'QUOTA_EXCEEDED')
            : apiError(429, 'API rate limit exceeded', headers);
        Object.assign(reply.headers, headers);
        return { type: 'reply', reply };
      }
      const message = STATUS_MESSAGES[fault.status] ?? 'Server error.';
      const reply = accounts ? accountsError(fault.status, 'server_error', message) : apiError(fault.status, message);
      return { type: 'reply', reply };
    }
  }
}

export class FaultQueue {
  private active: ActiveFault[] = [];
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  add(input: Fault): void {
    const parsed = faultSchema.safeParse(input);
    if (!parsed.success) throw new TypeError(`Invalid fault: ${z.prettifyError(parsed.error)}`);
    const f = input;
    const standing = f.kind === 'latency' || f.kind === 'rate-limit';
    const forever = standing && f.times === undefined && f.forMs === undefined;
    this.active.push({
      fault: f,
      remaining: f.forMs !== undefined || forever ? Number.POSITIVE_INFINITY : (f.times ?? 1),
      until: f.forMs !== undefined ? this.now() + f.forMs : null,
      accepted: [],
    });
  }

  clear(): void {
    this.active = [];
  }

  list(): Fault[] {
    return this.active.map((a) => a.fault);
  }

  /** Consumes what applies to this request: all matching latency (summed) and the first other fault. */
  take(pathname: string): { latencyMs: number; fault: Fault | null } {
    if (this.active.length === 0) return { latencyMs: 0, fault: null };
    const now = this.now();
    let latencyMs = 0;
    let fault: Fault | null = null;
    for (const a of this.active) {
      if (a.until !== null && now >= a.until) a.remaining = 0;
      if (a.remaining <= 0) continue;
      if (a.fault.path !== undefined && !pathname.startsWith(a.fault.path)) continue;
      if (a.fault.kind === 'latency') {
        latencyMs += a.fault.ms;
        a.remaining--;
      } else if (a.fault.kind === 'rate-limit') {
        const refusal = this.limit(a, a.fault, now);
        if (refusal && fault === null) fault = refusal;
      } else if (fault === null) {
        fault = a.fault;
        a.remaining--;
      }
    }
    this.active = this.active.filter((a) => a.remaining > 0);
    return { latencyMs, fault };
  }

  /** Accepts the request into the window (null) or answers the 429 that refuses it. */
  private limit(a: ActiveFault, f: { requests: number; windowMs: number }, now: number): Fault | null {
    while (a.accepted.length > 0 && (a.accepted[0] ?? 0) <= now - f.windowMs) a.accepted.shift();
    if (a.accepted.length < f.requests) {
      a.accepted.push(now);
      return null;
    }
    const freeAt = (a.accepted[0] ?? now) + f.windowMs;
    return { kind: 'status', status: 429, retryAfterSec: Math.max(1, Math.ceil((freeAt - now) / 1000)) };
  }
}
