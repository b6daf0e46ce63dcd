/**
 * A request through a proxy that failed because of the proxy: it could not be reached, it
 * would not open a tunnel (403), it wants a sign-in Tunetray cannot give (407). Told apart from
 * "offline" so the user reads which proxy refused and what to check, instead of waiting for a
 * network that is already there.
 */
import { AppError } from '../result.ts';

export type ProxyFailureReason = 'unreachable' | 'auth-required' | 'forbidden' | 'tunnel-refused';

export class ProxyFailure extends Error {
  /** The underlying error's code, kept so the transport's retry policy still sees a connection failure. */
  readonly code: string | undefined;
  /** host:port of the proxy. */
  readonly proxy: string;
  readonly reason: ProxyFailureReason;
  /** The proxy's status line for CONNECT, when it answered one. */
  readonly status: number | undefined;
  constructor(proxy: string, reason: ProxyFailureReason, cause: unknown, status?: number) {
    super(`proxy ${proxy}: ${reason}${status ? ` (${status})` : ''}`, { cause });
    this.name = 'ProxyFailure';
    this.proxy = proxy;
    this.reason = reason;
    this.status = status;
    const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
    this.code = typeof code === 'string' ? code : undefined;
  }
}

/** Failures of the TCP connection itself: through a proxy, the only TCP peer is the proxy. */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_PRX_CONN',
  'UND_ERR_PRX_TLS',
]);

/** The ProxyFailure an error through `proxy` stands for, or null when the proxy is not to blame. */
export function asProxyFailure(error: unknown, proxy: string): ProxyFailure | null {
  if (error instanceof ProxyFailure) return error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  // undici's ProxyAgent: "Proxy response (407) !== 200 when HTTP Tunneling".
  const status = typeof message === 'string' ? /Proxy response \((\d{3})\)/.exec(message)?.[1] : undefined;
  if (status !== undefined) {
    const n = Number(status);
    const reason = n === 407 ? 'auth-required' : n === 403 ? 'forbidden' : 'tunnel-refused';
    return new ProxyFailure(proxy, reason, error, n);
  }
  if (typeof code === 'string' && CONNECT_CODES.has(code)) return new ProxyFailure(proxy, 'unreachable', error);
  return null;
}

/** Plain words for the person behind the proxy; the proxy's address is theirs to check, never a secret. */
export function proxyError(failure: ProxyFailure): AppError {
  const { proxy } = failure;
  const message = {
    unreachable: `Tunetray could not reach the proxy ${proxy}. Check your proxy settings, or that the proxy is running.`,
    'auth-required': `The proxy ${proxy} asks for a user name and password (HTTP 407). Put them in HTTPS_PROXY (http://user:password@${proxy}), or ask your network administrator to let Tunetray through.`,
    forbidden: `The proxy ${proxy} refused to connect Tunetray to Spotify (HTTP 403). Ask your network administrator to allow api.spotify.com and accounts.spotify.com.`,
    'tunnel-refused': `The proxy ${proxy} refused to connect Tunetray to Spotify (HTTP ${failure.status ?? '?'}). Check your proxy settings.`,
  }[failure.reason];
  return new AppError('proxy', message, { cause: failure });
}
