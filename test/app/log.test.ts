/**
 * The logger's redaction (app/log.ts) on its own, with a redactor that has been told nothing:
 * what it must catch by itself is anything that looks like a secret in a message, and any field
 * named for one. Written against what reaches the log file, not against the patterns inside.
 */
import { describe, expect, test } from 'vitest';
import { createLogger, createRedactor } from '../../app/log.ts';

function capture() {
  const lines: string[] = [];
  const logger = createLogger((_level, line) => lines.push(line), createRedactor());
  return { logger, text: () => lines.join('\n') };
}

describe('log redaction without remembered secrets', () => {
  test.each([
    [
      'an Authorization header',
      'request failed: Authorization: Bearer BQAx9f8e7d6c5b4a3.z_y-x+w/v=',
      'BQAx9f8e7d6c5b4a3',
    ],
    ['a Basic header', 'sent Authorization: Basic Y2xpZW50OnNlY3JldA==', 'Y2xpZW50OnNlY3JldA'],
    ['a callback URL', 'GET /callback?code=AQDsecretcode123&state=st4te-s3cret-value', 'AQDsecretcode123'],
    [
      'the state in a callback URL',
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
  ])('a message with %s keeps the words and loses the secret', (_label, message, secret) => {
    const { logger, text } = capture();
    logger.warn(message);
    expect(text()).not.toContain(secret);
    expect(text()).toContain(message.split(' ')[0] as string);
  });

  test.each([
    ['accessToken', 'BQAaccess-field-value'],
    ['refreshToken', 'AQArefresh-field-value'],
    ['codeVerifier', 'verifier-field-value'],
    ['clientSecret', 'secret-field-value'],
    ['authorization', 'Bearer-less-header-value'],
    ['state', 'state-field-value'],
  ])('a field named %s is masked, whatever its value looks like', (name, value) => {
    const { logger, text } = capture();
    logger.info('signed in', { [name]: value });
    expect(text()).not.toContain(value);
    expect(text()).toContain(name);
  });

  test('fields that are not secrets stay readable', () => {
    const { logger, text } = capture();
    logger.warn('Web API error', { path: '/me/playlists', status: 429, retryAfterMs: 3000, quota: false });
    expect(text()).toContain('path="/me/playlists"');
    expect(text()).toContain('status="429"');
    expect(text()).toContain('retryAfterMs="3000"');
  });
});
