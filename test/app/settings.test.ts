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
});
