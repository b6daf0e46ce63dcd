/**
 * A store file that cannot be read at start: the app starts anyway and says what was lost.
 * Found by the store-file fuzz (test/fuzz/store.property.ts): a lost settings file or library
 * cache was only logged, so the window showed the setup screen or an empty library without a word.
 * The stores here behave like main/store.ts (a corrupt file is reset and reported once).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { bootCore, copyProfile, type FuzzWorld, settled, startWorld } from '../fuzz/profile.ts';
import type { TestCore } from '../support/test-core.ts';

let world: FuzzWorld;
const cores: TestCore[] = [];
beforeAll(async () => {
  world = await startWorld({ playlists: 7 });
});
afterAll(async () => {
  await world.close();
});
afterEach(async () => {
  for (const core of cores.splice(0)) {
    await core.session.dispose();
    rmSync(core.dir, { recursive: true, force: true });
  }
});

async function startWith(file: string, content: string): Promise<TestCore> {
  const dir = copyProfile(world.profile);
  writeFileSync(join(dir, file), content);
  const core = await bootCore(world, dir, { reportUnreadable: true });
  cores.push(core);
  return core;
}

describe('starting with an unreadable store file', () => {
  test('settings.json that is not JSON: setup again, and the setup screen says why', async () => {
    const core = await startWith('settings.json', '\u0000\u00ff{"settings": {');
    const state = core.session.state();
    expect(state.status).toBe('needs-setup');
    expect(state.notice).toMatchObject({ level: 'warning', code: 'settings-unreadable', action: 'setup' });
    expect(state.notice?.message).toMatch(/Client ID/);
    // Entering it again answers the notice.
    core.settings.setClientId(world.clientId);
    await core.session.settingsChanged();
    expect(core.session.state()).toMatchObject({ status: 'signed-out', notice: null });
  });

  test('settings.json with one unreadable field: the others are kept, and the notice says what happened', async () => {
    const core = await startWith(
      'settings.json',
      JSON.stringify({ settings: { clientId: world.clientId, startAtLogin: true, allowWeakTokenStorage: 'yes' } }),
    );
    expect(core.settings.get()).toMatchObject({ clientId: world.clientId, startAtLogin: true });
    const state = core.session.state();
    expect(state.status).toBe('connected');
    expect(state.notice).toMatchObject({ code: 'settings-unreadable', action: 'open-settings' });
  });

  test('a stored Client ID that is not one is not used', async () => {
    const core = await startWith('settings.json', JSON.stringify({ settings: { clientId: 'not-a-client-id' } }));
    expect(core.settings.get().clientId).toBeNull();
    expect(core.session.state()).toMatchObject({ status: 'needs-setup', notice: { code: 'settings-unreadable' } });
  });

  test('library.json that is cut off: connected, a notice, and the playlists load again from Spotify', async () => {
    const core = await startWith('library.json', '{"library": {"version": 1, "accountId": "lis');
    const state = core.session.state();
    expect(state.status).toBe('connected');
    expect(state.notice).toMatchObject({ level: 'info', code: 'library-unreadable' });
    await settled(core);
    expect(core.library.playlists()).toHaveLength(7);
  });

  test('auth.json of the wrong shape: signed out, saying the saved sign-in could not be read', async () => {
    const core = await startWith('auth.json', JSON.stringify({ tokens: { version: 1, ciphertext: 42 } }));
    expect(core.session.state()).toMatchObject({
      status: 'signed-out',
      notice: { code: 'stored-sign-in-unreadable', action: 'connect' },
    });
  });
});
