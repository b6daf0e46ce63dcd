/**
 * The one logger's redaction (app/log.ts), on its own: fields named for a secret are masked
 * whatever their value; everything else, error codes included, stays readable; secrets the app
 * remembered and anything shaped like a credential are masked wherever they appear.
 */
import { describe, expect, test } from 'vitest';
import { createLogger, createRedactor } from '../../app/log.ts';
import type { LogFields } from '../../app/ports.ts';

function logged(fields: LogFields, message = 'event'): string {
  const lines: string[] = [];
  const redactor = createRedactor();
  createLogger((_level, line) => lines.push(line), redactor).warn(message, fields);
  return lines[0] ?? '';
}

describe('log redaction', () => {
  test('error codes and other plain fields stay visible', () => {
    expect(logged({ code: 'rate-limited', attempt: 2 })).toBe('event code="rate-limited" attempt="2"');
    expect(logged({ code: 'ECONNRESET', errorCode: 'UND_ERR_SOCKET', statusCode: 503 })).toBe(
      'event code="ECONNRESET" errorCode="UND_ERR_SOCKET" statusCode="503"',
    );
    expect(logged({ reason: 'invalid-client', redirectUri: 'http://127.0.0.1:5555/callback' })).toContain(
      'redirectUri="http://127.0.0.1:5555/callback"',
    );
  });

  test.each([
    'accessToken',
    'access_token',
    'refreshToken',
    'refresh_token',
    'token',
    'idToken',
    'authorizationCode',
    'authCode',
    'codeVerifier',
    'code_verifier',
    'verifier',
    'codeChallenge',
    'state',
    'clientSecret',
    'client_secret',
    'secret',
    'authorization',
    'Authorization',
    'password',
    'cookie',
    'setCookie',
  ])('a field named %s is masked, whatever its value', (name) => {
    const line = logged({ [name]: 'AQDvalue-that-must-not-show-1234' });
    expect(line).toBe(`event ${name}="[redacted]"`);
    expect(logged({ [name]: 424242 })).toBe(`event ${name}="[redacted]"`);
  });

  test('remembered secrets and credential shapes are masked in messages and in any field', () => {
    const lines: string[] = [];
    const redactor = createRedactor();
    redactor.remember('BQDremembered-access-token');
    const logger = createLogger((_level, line) => lines.push(line), redactor);
    logger.info('got BQDremembered-access-token back', {
      error: 'HTTP 401 for Bearer abc.def-ghi and https://x.example/cb?code=AQBcode123&state=s3cr3t',
      detail: '{"refresh_token":"AQCr-123"}',
    });
    const [line] = lines;
    expect(line).not.toContain('BQDremembered-access-token');
    expect(line).not.toContain('abc.def-ghi');
    expect(line).not.toContain('AQBcode123');
    expect(line).not.toContain('s3cr3t');
    expect(line).not.toContain('AQCr-123');
    expect(line).toContain('Bearer [redacted]');
  });

  // With nothing remembered: the pattern layer alone, in the message itself.
  test.each([
    [
      'an Authorization header',
      'request failed: Authorization: Bearer BQAx9f8e7d6c5b4a3.z_y-x+w/v=',
      'BQAx9f8e7d6c5b4a3',
    ],
    ['a Basic header', 'sent Authorization: Basic Y2xpZW50OnNlY3JldA==', 'Y2xpZW50OnNlY3JldA'],
    ['the code of a callback URL', 'GET /callback?code=AQDsecretcode123&state=st4te-s3cret-value', 'AQDsecretcode123'],
    [
      'the state of a callback URL',
      'GET /callback?code=AQDsecretcode123&state=st4te-s3cret-value',
      'st4te-s3cret-value',
    ],
    ['a token reply', 'body {"access_token":"BQAaccess999","refresh_token":"AQArefresh777"}', 'AQArefresh777'],
    ['an access token in a reply', 'body {"access_token":"BQAaccess999","token_type":"Bearer"}', 'BQAaccess999'],
    [
      'a token request body',
      'posted grant_type=refresh_token&refresh_token=AQArefresh555&client_id=c',
      'AQArefresh555',
    ],
    ['a verifier in a body', 'posted code_verifier=v3rifier-v3rifier-v3rifier&code=x', 'v3rifier-v3rifier-v3rifier'],
  ])('a message with %s keeps its words and loses the secret', (_label, message, secret) => {
    const line = logged({}, message);
    expect(line).not.toContain(secret);
    expect(line).toContain(message.split(' ')[0] as string);
  });
});
