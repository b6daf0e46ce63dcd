/** main/key-value-store.ts over conf itself (electron-store is conf with Electron's paths). */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNREADABLE_FILE } from '../../main/key-value-store.ts';
import { openConfStore } from '../crash/conf-stores.ts';
import { createMemoryLogger } from '../support/ports.ts';

const folder = () => mkdtempSync(join(tmpdir(), 'tunetray-store-'));

describe('key-value store over conf', () => {
  it('writes a 0600 JSON file through a temp file, leaving nothing else behind', () => {
    const dir = folder();
    const store = openConfStore('auth', dir, createMemoryLogger());
    store.set('tokens', { version: 1, ciphertext: 'abc', savedAt: 1 });
    expect(readdirSync(dir)).toEqual(['auth.json']);
    expect(statSync(join(dir, 'auth.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'auth.json'), 'utf8'))).toEqual({
      tokens: { version: 1, ciphertext: 'abc', savedAt: 1 },
    });
    expect(openConfStore('auth', dir, createMemoryLogger()).get('tokens')).toMatchObject({ ciphertext: 'abc' });
  });

  it.each([
    ['not JSON', '{"tokens": {"vers'],
    ['the wrong shape', JSON.stringify({ tokens: { version: 'one' } })],
  ])('resets a file that is %s and says so once to the first reader', (_label, text) => {
    const dir = folder();
    writeFileSync(join(dir, 'auth.json'), text);
    const logger = createMemoryLogger();
    const store = openConfStore('auth', dir, logger);
    expect(store.get('tokens')).toBe(UNREADABLE_FILE);
    expect(store.get('tokens')).toBeUndefined();
    expect(logger.lines.map((l) => l.line)).toContain('The auth file was unreadable and has been reset');
  });

  it.each([
    ['settings', { settings: ['not', 'an', 'object'] }],
    ['library', { library: 'a string' }],
    ['items', { playlistItems: null }],
  ] as const)('the %s file with a value of the wrong kind under its key is reset too', (name, content) => {
    const dir = folder();
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(content));
    const store = openConfStore(name, dir, createMemoryLogger());
    const key = Object.keys(content)[0] ?? '';
    expect(store.get(key)).toBe(UNREADABLE_FILE);
    expect(store.get(key)).toBeUndefined();
    expect(readdirSync(dir)).not.toContain(`${name}.json`);
  });

  // Found by the crash test (test/crash/): each write killed half-way left its temp file behind
  // (47 after 200 kills), ciphertext included, and nothing ever removed them.
  it('removes the temp files of writes a crash interrupted, and only its own', () => {
    const dir = folder();
    writeFileSync(join(dir, 'auth.json'), JSON.stringify({ tokens: { version: 1, ciphertext: 'abc' } }));
    writeFileSync(join(dir, 'auth.json.tmp-1763888400a1b2c3'), '{"tokens": {"vers');
    writeFileSync(join(dir, 'auth.json.tmp-1763888401ffffff'), '');
    writeFileSync(join(dir, 'settings.json.tmp-1763888402000000'), '{');
    writeFileSync(join(dir, 'auth.json.bak'), 'kept');
    const store = openConfStore('auth', dir, createMemoryLogger());
    expect(readdirSync(dir).sort()).toEqual(['auth.json', 'auth.json.bak', 'settings.json.tmp-1763888402000000']);
    expect(store.get('tokens')).toMatchObject({ ciphertext: 'abc' });
  });
});
