import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_SETTINGS } from '../../app/model.ts';
import { AppError } from '../../app/result.ts';
import { createSettings } from '../../app/settings.ts';
import { createFileStore, createMemoryLogger } from '../support/ports.ts';

const storeFile = () => join(mkdtempSync(join(tmpdir(), 'tunetray-settings-')), 'settings.json');

describe('settings', () => {
  test('defaults point at Spotify with no Client ID', () => {
    const settings = createSettings(createFileStore(storeFile()), {}, createMemoryLogger());
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
  });

  test('a valid Client ID is normalised to lower case and persisted', () => {
    const file = storeFile();
    createSettings(createFileStore(file), {}, createMemoryLogger()).setClientId(' 0123456789ABCDEF0123456789ABCDEF ');
    const reopened = createSettings(createFileStore(file), {}, createMemoryLogger());
    expect(reopened.get().clientId).toBe('0123456789abcdef0123456789abcdef');
  });

  test.each(['', 'abc', '0123456789abcdef0123456789abcdeg', '0123456789abcdef0123456789abcdef0'])(
    'an invalid Client ID %j is refused with a clear error and nothing changes',
    (bad) => {
      const file = storeFile();
      const settings = createSettings(createFileStore(file), {}, createMemoryLogger());
      expect(() => settings.setClientId(bad)).toThrowError(AppError);
      expect(() => settings.setClientId(bad)).toThrow(/32 letters and digits/);
      expect(settings.get().clientId).toBeNull();
    },
  );

  test('environment overrides win, invalid ones are ignored with a warning', () => {
    const logger = createMemoryLogger();
    const settings = createSettings(
      createFileStore(storeFile()),
      {
        TUNETRAY_CLIENT_ID: 'ffffffffffffffffffffffffffffffff',
        TUNETRAY_ACCOUNTS_URL: 'http://127.0.0.1:8765/',
        TUNETRAY_API_URL: 'ftp://nope',
      },
      logger,
    );
    expect(settings.get()).toMatchObject({
      clientId: 'ffffffffffffffffffffffffffffffff',
      accountsUrl: 'http://127.0.0.1:8765',
      apiUrl: DEFAULT_SETTINGS.apiUrl,
    });
    expect(logger.lines.some((l) => l.line.includes('TUNETRAY_API_URL'))).toBe(true);
  });

  test('a corrupt settings file falls back to defaults instead of failing', () => {
    const file = storeFile();
    writeFileSync(file, JSON.stringify({ settings: { clientId: 42, accountsUrl: 'javascript:alert(1)' } }));
    const settings = createSettings(createFileStore(file), {}, createMemoryLogger());
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
  });

  test('preferences update only the given fields and reject unknown ones', () => {
    const settings = createSettings(createFileStore(storeFile()), {}, createMemoryLogger());
    expect(settings.update({ startAtLogin: true })).toMatchObject({ startAtLogin: true, allowWeakTokenStorage: false });
    expect(() => settings.update({ clientId: 'x' } as never)).toThrow();
  });

  describe('endpoints (where the tokens go)', () => {
    const env = (url: string) => ({ TUNETRAY_ACCOUNTS_URL: url, TUNETRAY_API_URL: `${url}/v1` });

    test.each([
      ['https://accounts.example.com', true],
      ['http://127.0.0.1:8765', true],
      ['http://[::1]:8765', true],
      ['http://localhost:8765', false],
      ['http://192.168.1.20:8765', false],
      ['http://accounts.example.com', false],
      ['https://user:secret@accounts.example.com', false],
    ])('in development %s is accepted: %s', (url, accepted) => {
      const logger = createMemoryLogger();
      const settings = createSettings(createFileStore(storeFile()), env(url), logger);
      const expected = accepted
        ? { accountsUrl: url, apiUrl: `${url}/v1` }
        : { accountsUrl: DEFAULT_SETTINGS.accountsUrl, apiUrl: DEFAULT_SETTINGS.apiUrl };
      expect(settings.get()).toMatchObject(expected);
      expect(logger.lines.some((l) => l.line.startsWith('Ignoring TUNETRAY_API_URL'))).toBe(!accepted);
    });

    test('in development settings.json may name the emulator but not a plain-http host; the rest is kept', () => {
      const file = storeFile();
      const clientId = '0123456789abcdef0123456789abcdef';
      writeFileSync(
        file,
        JSON.stringify({
          settings: { clientId, accountsUrl: 'http://127.0.0.1:8765', apiUrl: 'http://api.example.com/v1' },
        }),
      );
      const logger = createMemoryLogger();
      const settings = createSettings(createFileStore(file), {}, logger);
      expect(settings.get()).toMatchObject({
        clientId,
        accountsUrl: 'http://127.0.0.1:8765',
        apiUrl: DEFAULT_SETTINGS.apiUrl,
      });
      expect(logger.lines.map((l) => l.line)).toContainEqual(
        expect.stringContaining('Ignoring apiUrl in settings.json'),
      );
    });

    test('a packaged build ignores every endpoint override and says so', () => {
      const file = storeFile();
      writeFileSync(file, JSON.stringify({ settings: { accountsUrl: 'https://accounts.example.com' } }));
      const logger = createMemoryLogger();
      const settings = createSettings(createFileStore(file), env('https://example.com'), logger, { packaged: true });
      expect(settings.get()).toMatchObject({
        accountsUrl: DEFAULT_SETTINGS.accountsUrl,
        apiUrl: DEFAULT_SETTINGS.apiUrl,
      });
      const lines = logger.lines.map((l) => l.line);
      expect(lines).toContainEqual(expect.stringMatching(/^Ignoring TUNETRAY_ACCOUNTS_URL: a packaged Tunetray/));
      expect(lines).toContainEqual(expect.stringMatching(/^Ignoring TUNETRAY_API_URL: a packaged Tunetray/));
      expect(lines).toContainEqual(expect.stringMatching(/^Ignoring accountsUrl in settings.json: a packaged/));
    });
  });
});
