/** dispatch(): the IPC trust boundary shared by main/ipc.ts and the browser harness. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { channelKeys, type Handlers } from '../../app/contract.ts';
import { dispatch } from '../../app/handlers.ts';
import { bootCore, copyProfile, type FuzzWorld, startWorld } from '../fuzz/profile.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';

const core = () => createTestCore();

describe('dispatch', () => {
  test('unknown channels and prototype keys are refused', async () => {
    const { handlers, logger } = core();
    for (const key of ['nope', '__proto__', 'constructor', 'toString']) {
      expect(await dispatch(handlers, key, undefined, logger)).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument' },
      });
    }
  });

  test.each([
    ['getSessionState', 'extra'],
    ['connect', { switchAccount: 'yes' }],
    ['connect', { switchAccount: true, more: 1 }],
    ['setClientId', undefined],
    ['setClientId', { clientId: 'x'.repeat(10_000) }],
    ['updatePreferences', { startAtLogin: 'true' }],
    ['openPlaylist', { playlistId: 'spotify:playlist:x' }],
    ['openPlaylist', { playlistId: ['a'] }],
    ['getPlaylists', { offset: -1 }],
    ['getPlaylists', { offset: 1.5 }],
    ['getPlaylists', { limit: 0 }],
    ['getPlaylists', { from: 0 }],
  ])('%s with %j is refused with a clear message and changes nothing', async (key, input) => {
    const { handlers, logger, settings } = core();
    const before = settings.get();
    const result = await dispatch(handlers, key, input, logger);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    if (!result.ok) expect(result.error.message.length).toBeGreaterThan(5);
    expect(settings.get()).toEqual(before);
  });

  test('a bug inside a handler becomes a plain "something went wrong" without details', async () => {
    const { logger } = core();
    const broken = Object.fromEntries(
      channelKeys.map((k) => [
        k,
        async () => {
          throw new TypeError('secret-ish internal detail');
        },
      ]),
    ) as unknown as Handlers;
    const result = await dispatch(broken, 'getSettings', undefined, logger);
    expect(result).toMatchObject({ ok: false, error: { code: 'unexpected' } });
    expect(JSON.stringify(result)).not.toContain('internal detail');
  });

  test('opening a playlist that is not in the library is refused; nothing is opened', async () => {
    const { handlers, logger, opened } = core();
    const result = await dispatch(handlers, 'openPlaylist', { playlistId: '37i9dQZF1DXcBWIGoYBM5M' }, logger);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(opened).toEqual([]);
  });

  test('setClientId through dispatch moves needs-setup to signed-out', async () => {
    const { handlers, logger, session } = core();
    await session.start();
    expect(session.state().status).toBe('needs-setup');
    const result = await dispatch(handlers, 'setClientId', { clientId: 'ABCDEF0123456789ABCDEF0123456789' }, logger);
    expect(result).toMatchObject({ ok: true, value: { clientId: 'abcdef0123456789abcdef0123456789' } });
    expect(session.state().status).toBe('signed-out');
  });

  // Found by the IPC fuzz (test/fuzz/ipc.property.ts): zod's own words reached the window.
  test.each([
    ['updatePreferences', 'an own __proto__ key', JSON.parse('{"__proto__": []}')],
    ['updatePreferences', 'an own __proto__ object', JSON.parse('{"__proto__": {"startAtLogin": true}}')],
    ['setClientId', 'an extra key', { clientId: '0123456789abcdef0123456789abcdef', extra: 1 }],
    ['connect', 'a 5,000-character key', { switchAccount: true, ['x'.repeat(5000)]: 1 }],
    ['openPlaylist', 'an empty ID', { playlistId: '' }],
    ['openPlaylist', 'no ID', {}],
  ])("%s with %s is refused in plain words, not in the schema library's", async (key, _label, input) => {
    const { handlers, logger } = core();
    const result = await dispatch(handlers, key, input, logger);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    if (result.ok) return;
    expect(result.error.message).not.toMatch(/Unrecognized|expected|received|Too small|Invalid input|"/);
    expect(result.error.message.length).toBeLessThan(120);
  });

  // Found by the IPC fuzz: a schema reads properties, so a Map, a Date or an object that only
  // inherits its keys passed as `{}` (or as the inherited value) and the handler ran.
  test.each([
    ['connect', 'a Map', new Map([['switchAccount', true]])],
    ['connect', 'a Date', new Date(0)],
    ['updatePreferences', 'a Date', new Date(0)],
    ['updatePreferences', 'a class instance', new (class Preferences {})()],
    ['setClientId', 'an object that inherits its key', Object.create({ clientId: '0123456789abcdef0123456789abcdef' })],
    ['openPlaylist', 'an Error', new Error('not a playlist')],
  ])('%s with %s is refused and changes nothing', async (key, _label, input) => {
    // A short sign-in timeout: if connect wrongly starts, the test fails in a second, not 20.
    const { handlers, logger, session, settings, dir } = createTestCore({ signInTimeoutMs: 1_000 });
    settings.setClientId('0123456789abcdef0123456789abcdef');
    await session.start();
    const file = () => (existsSync(join(dir, 'settings.json')) ? readFileSync(join(dir, 'settings.json'), 'utf8') : '');
    const before = { state: session.state(), settings: settings.get(), file: file() };
    const result = await dispatch(handlers, key, input, logger);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect({ state: session.state(), settings: settings.get(), file: file() }).toEqual(before);
  });
});

// With the playlist really in the library, a loosened schema (z.any(), no .strict()) would open it.
describe('openPlaylist with the playlist in the library', () => {
  let world: FuzzWorld;
  let live: TestCore;
  beforeAll(async () => {
    world = await startWorld({ playlists: 3 });
    live = await bootCore(world, copyProfile(world.profile));
  });
  afterAll(async () => {
    await live.session.dispose();
    await world.close();
  });

  test('opens it when asked exactly', async () => {
    const playlist = live.library.playlists()[0];
    if (!playlist) throw new Error('the library is empty');
    const before = live.opened.length;
    expect(await dispatch(live.handlers, 'openPlaylist', { playlistId: playlist.id }, live.logger)).toEqual({
      ok: true,
      value: null,
    });
    expect(live.opened.slice(before)).toEqual([playlist.spotifyUri]);
  });

  test.each([
    ['with an extra key', (id: string) => ({ playlistId: id, extra: true })],
    ['as a bare string', (id: string) => id],
    ['inside an array', (id: string) => ({ playlistId: [id] })],
    ['with a space', (id: string) => ({ playlistId: `${id} ` })],
    ['as a URI', (id: string) => ({ playlistId: `spotify:playlist:${id}` })],
    ['with its key inherited', (id: string) => Object.create({ playlistId: id })],
  ])('refuses it %s, and opens nothing', async (_label, input) => {
    const playlist = live.library.playlists()[0];
    if (!playlist) throw new Error('the library is empty');
    const before = live.opened.length;
    const result = await dispatch(live.handlers, 'openPlaylist', input(playlist.id), live.logger);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(live.opened.length).toBe(before);
  });
});
