/**
 * The one logger. Every line passes through a redactor so that no access token, refresh
 * token, authorization code, PKCE verifier, state or client secret can reach a log file,
 * whoever wrote the log call. Two layers: exact values the app knows are secret (remembered
 * when they are created or received), and patterns for anything that looks like one.
 */
import type { LogFields, Logger } from './ports.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (level: LogLevel, line: string) => void;

const REDACTED = '[redacted]';
/**
 * Field names that hold a secret by definition: their value is never shown. Exact names (compared
 * without case, `_` and `-`), not substrings: a substring rule such as /code/ also hid every error
 * code (`code: 'rate-limited'`), which is what a log is read for. An OAuth code that reached a
 * field by another name is still caught by value: sign-in remembers it, and PATTERNS know its shape.
 */
const SECRET_FIELDS: ReadonlySet<string> = new Set(
  [
    'accessToken',
    'refreshToken',
    'token',
    'idToken',
    'authorizationCode',
    'authCode',
    'codeVerifier',
    'verifier',
    'codeChallenge',
    'state',
    'clientSecret',
    'secret',
    'authorization',
    'password',
    'cookie',
    'setCookie',
  ].map((name) => name.toLowerCase()),
);
const isSecretField = (key: string): boolean => SECRET_FIELDS.has(key.replace(/[-_]/g, '').toLowerCase());
const PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`],
  [/\b(access_token|refresh_token|code|code_verifier|code_challenge|state|client_secret)=[^&\s"']+/g, `$1=${REDACTED}`],
  [/"(access_token|refresh_token|code|code_verifier|client_secret)"\s*:\s*"[^"]*"/g, `"$1":"${REDACTED}"`],
];

export interface Redactor {
  /** Remember a secret value so any later occurrence is replaced. */
  readonly remember: (secret: string) => void;
  readonly redact: (text: string) => string;
}

export function createRedactor(): Redactor {
  // Bounded: a long-running app rotates tokens for months; old values no longer matter much.
  const secrets: string[] = [];
  return {
    remember(secret) {
      if (secret.length < 8 || secrets.includes(secret)) return;
      secrets.push(secret);
      if (secrets.length > 64) secrets.shift();
    },
    redact(text) {
      let out = text;
      for (const secret of secrets) out = out.split(secret).join(REDACTED);
      for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
      return out;
    },
  };
}

function formatFields(fields: LogFields | undefined, redactor: Redactor): string {
  if (!fields) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const shown = isSecretField(key) ? REDACTED : String(value);
    parts.push(`${key}=${JSON.stringify(redactor.redact(shown))}`);
  }
  return parts.length ? ` ${parts.join(' ')}` : '';
}

export function createLogger(sink: LogSink, redactor: Redactor, scope?: string): Logger {
  const write = (level: LogLevel) => (message: string, fields?: LogFields) => {
    const prefix = scope ? `[${scope}] ` : '';
    sink(level, `${prefix}${redactor.redact(message)}${formatFields(fields, redactor)}`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** A short, safe description of a thrown value for a log line (message only, redacted by the logger). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.name} ${code}: ${error.message}` : `${error.name}: ${error.message}`;
  }
  return typeof error;
}
