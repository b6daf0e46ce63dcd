/** dispatch(): the IPC trust boundary shared by main/ipc.ts and the browser harness. */
import { describe, expect, test } from 'vitest';
import { channelKeys, type Handlers } from '../../app/contract.ts';
import { dispatch } from '../../app/handlers.ts';
import { createTestCore } from '../support/test-core.ts';

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
});
