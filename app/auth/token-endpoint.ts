/**
 * The client for Spotify's token endpoint (`POST {accounts}/api/token`): exchanging an
 * authorization code and refreshing. Every failure becomes an AppError whose code is decided
 * by Spotify's JSON `error` field and the HTTP status, never by English text (spotify-api.md §2),
 * because the refresh scheduler signs the user out only on `invalid_grant` and keeps the tokens
 * for everything else.
 */
import { type Dispatcher, request } from 'undici';
import { z } from 'zod';
import { describeError, type Redactor } from '../log.ts';
import { certificateError } from '../network/certificate-failure.ts';
import { ProxyFailure, proxyError } from '../network/proxy-failure.ts';
import type { Logger } from '../ports.ts';
import { AppError } from '../result.ts';
import { MAX_RETRY_AFTER_MS } from '../spotify/errors.ts';
import type { RefreshGrant, TokenGrant } from '../tokens/token-set.ts';

export interface TokenEndpointOptions {
  accountsUrl: string;
  clientId: string;
  /** Only for the seeds' flow; a desktop build never ships one (PKCE is the default). */
  clientSecret?: string;
  dispatcher?: Dispatcher;
  logger: Logger;
  /** Told about every secret sent or received, so no later log line can show it. */
  redactor?: Redactor;
  /** Whole request, headers and body included. */
  timeoutMs?: number;
}

export interface CodeExchange {
  code: string;
  /** Must be byte-for-byte the one sent to /authorize, port included. */
  redirectUri: string;
  /** Required for PKCE; omitted in the secret variant. */
  codeVerifier?: string;
}

export interface TokenEndpoint {
  readonly exchangeCode: (input: CodeExchange) => Promise<TokenGrant>;
  readonly refresh: RefreshGrant;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** Spotify's documented lifetime (spotify-api.md section 2), for a reply whose expires_in is missing or unreadable. */
const DEFAULT_EXPIRES_IN_SEC = 3600;
/** A longer lifetime is an odd reply rather than a plan: renew at least daily. */
const MAX_EXPIRES_IN_SEC = 24 * 60 * 60;

/**
 * Only the access token (and, if named, the Bearer type) is essential. On a refresh Spotify may
 * already have rotated the refresh token in this very reply, so refusing it over a field Tunetray
 * can do without would lose the sign-in: such fields fall back instead.
 */
const SuccessBody = z.object({
  access_token: z.string().min(1),
  // Required by RFC 6749, and Bearer is the only type there is; another type is refused.
  token_type: z
    .string()
    .optional()
    .catch(undefined)
    .refine((type) => type === undefined || type.toLowerCase() === 'bearer'),
  expires_in: z.number().optional().catch(undefined),
  // Spotify has been seen omitting it; an absent scope then fails the required-scope check.
  scope: z.string().optional().catch(undefined),
  refresh_token: z.string().optional().catch(undefined),
});

/** Whole seconds in 1..MAX_EXPIRES_IN_SEC: the TokenSet's expiresAt must stay a safe integer. */
function lifetimeSec(expiresIn: number | undefined): number {
  if (expiresIn === undefined || !Number.isFinite(expiresIn) || expiresIn <= 0) return DEFAULT_EXPIRES_IN_SEC;
  return Math.min(MAX_EXPIRES_IN_SEC, Math.max(1, Math.round(expiresIn)));
}

const ErrorBody = z.object({ error: z.string() });

type Grant = 'authorization_code' | 'refresh_token';

const MESSAGES = {
  invalidClient:
    'Spotify does not recognise this Client ID. Check it in Settings against your app in the Spotify developer dashboard.',
  signedOut: 'Your Spotify sign-in has expired or was revoked. Connect again to continue.',
  codeRefused: 'Spotify did not accept this sign-in (it may have taken too long). Please connect again.',
  rateLimited: 'Spotify is asking Tunetray to slow down. It will try again shortly.',
  unavailable: 'Spotify is having trouble right now. Tunetray will try again shortly.',
  network: 'Tunetray could not reach Spotify. Check your internet connection and try again.',
  unreadable: 'Spotify sent a reply Tunetray could not read. Please try again.',
  refused: 'Spotify refused the request from Tunetray. Please try again, or connect again if it keeps happening.',
} as const;

export function createTokenEndpoint(options: TokenEndpointOptions): TokenEndpoint {
  const { clientId, clientSecret, logger, redactor } = options;
  const url = `${options.accountsUrl.replace(/\/+$/, '')}/api/token`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (clientSecret) redactor?.remember(clientSecret);

  async function post(grant: Grant, fields: Record<string, string>): Promise<TokenGrant> {
    const form = new URLSearchParams({ grant_type: grant, ...fields });
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (clientSecret) {
      const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
      redactor?.remember(basic);
      headers.authorization = `Basic ${basic}`;
    } else {
      // PKCE: the client identifies itself in the body and has nothing to authenticate with.
      form.set('client_id', clientId);
    }

    // One deadline for the whole exchange: a server that sends headers and then stalls the body
    // must not hang sign-in or the scheduler.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let status: number;
    let retryAfter: string | string[] | undefined;
    let text: string;
    try {
      const response = await request(url, {
        method: 'POST',
        headers,
        body: form.toString(),
        signal: controller.signal,
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      });
      status = response.statusCode;
      retryAfter = response.headers['retry-after'];
      text = await response.body.text();
    } catch (error) {
      logger.warn('token endpoint unreachable', {
        grant,
        error: describeError(error),
        timedOut: controller.signal.aborted,
      });
      // A proxy that refused or a certificate nobody trusts is not "offline": say which.
      if (error instanceof ProxyFailure) throw proxyError(error);
      throw certificateError(error) ?? new AppError('network', MESSAGES.network, { cause: error });
    } finally {
      clearTimeout(timer);
    }
    return interpret(grant, status, retryAfter, text);
  }

  function interpret(
    grant: Grant,
    status: number,
    retryAfter: string | string[] | undefined,
    text: string,
  ): TokenGrant {
    const json = parseJson(text);

    if (status === 200) {
      const parsed = SuccessBody.safeParse(json);
      if (!parsed.success) {
        logger.warn('token endpoint sent an unreadable success body', { grant, status });
        throw new AppError('network', MESSAGES.unreadable);
      }
      const body = parsed.data;
      redactor?.remember(body.access_token);
      if (body.refresh_token) redactor?.remember(body.refresh_token);
      const expiresInSec = lifetimeSec(body.expires_in);
      logger.info('token endpoint granted tokens', { grant, expiresInSec, scope: body.scope ?? '' });
      return {
        accessToken: body.access_token,
        // An empty string is as good as absent: keep the previous refresh token.
        refreshToken: body.refresh_token ? body.refresh_token : null,
        expiresInSec,
        scopes: (body.scope ?? '').split(' ').filter((scope) => scope.length > 0),
      };
    }

    const errorCode = ErrorBody.safeParse(json).data?.error;
    logger.warn('token endpoint refused', { grant, status, error: errorCode ?? null });

    if (status === 429) {
      const retryAfterMs = parseRetryAfter(retryAfter);
      throw new AppError(
        'rate-limited',
        MESSAGES.rateLimited,
        retryAfterMs === undefined ? undefined : { retryAfterMs },
      );
    }
    if (status >= 500) {
      const retryAfterMs = parseRetryAfter(retryAfter);
      throw new AppError(
        'spotify-unavailable',
        MESSAGES.unavailable,
        retryAfterMs === undefined ? undefined : { retryAfterMs },
      );
    }
    if (errorCode === 'invalid_client') throw new AppError('invalid-client', MESSAGES.invalidClient);
    if (errorCode === 'invalid_grant') {
      if (grant === 'refresh_token') throw new AppError('signed-out', MESSAGES.signedOut);
      throw new AppError('sign-in-failed', MESSAGES.codeRefused);
    }
    // A 4xx we cannot read (a proxy's HTML page, say) tells us nothing about the tokens: retryable.
    if (errorCode === undefined) throw new AppError('network', MESSAGES.unreadable);
    // invalid_request, unsupported_grant_type...: Tunetray sent something Spotify did not accept.
    // On refresh this must not sign the user out; on code exchange the sign-in has failed.
    if (grant === 'authorization_code') throw new AppError('sign-in-failed', MESSAGES.codeRefused);
    throw new AppError('unexpected', MESSAGES.refused);
  }

  return {
    async exchangeCode({ code, redirectUri, codeVerifier }) {
      redactor?.remember(code);
      const fields: Record<string, string> = { code, redirect_uri: redirectUri };
      if (codeVerifier !== undefined) {
        redactor?.remember(codeVerifier);
        fields.code_verifier = codeVerifier;
      }
      return post('authorization_code', fields);
    },
    async refresh(refreshToken) {
      redactor?.remember(refreshToken);
      return post('refresh_token', { refresh_token: refreshToken });
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3); at most a day is honoured. */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(raw)) return Math.min(MAX_RETRY_AFTER_MS, Number(raw.trim()) * 1000);
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - now));
}
