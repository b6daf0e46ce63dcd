/**
 * The channels that reach the host, through dispatch() (the trust boundary main/ipc.ts uses) over
 * the whole core: Escape's hideWindow hides the window, the global shortcut is checked in plain
 * words before the host sees it, a taken one changes nothing, a set one toggles the window, and
 * the diagnostics come back as text.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { dispatch } from '../../app/handlers.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';

const cores: TestCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.session.dispose();
});
const boot = () => {
  const core = createTestCore({ versions: { app: '9.9.9', electron: '45.4.1', chrome: '146.0.0.0' } });
  cores.push(core);
  return core;
};
const call = (core: TestCore, key: string, input?: unknown) => dispatch(core.handlers, key, input, core.logger);

describe('channels to the host', () => {
  test('hideWindow hides the window', async () => {
    const core = boot();
    expect(await call(core, 'hideWindow')).toEqual({ ok: true, value: null });
    expect(core.host.window.hides()).toBe(1);
    expect(core.host.window.visible()).toBe(false);
  });

  test('setGlobalShortcut: nonsense and unsafe combinations are refused in plain words before the host sees them', async () => {
    const core = boot();
    for (const [accelerator, words] of [
      ['T', /Add Ctrl, Alt or Super/],
      ['Ctrl+Banana', /"Banana" is not a key/],
      [42, /That request was not valid/],
    ] as const) {
      const result = await call(core, 'setGlobalShortcut', { accelerator });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid-argument');
        expect(result.error.message).toMatch(words);
      }
    }
    expect(core.host.shortcuts.registered()).toEqual([]);
    expect(core.settings.get().globalShortcut).toBe(null);
  });

  test('setGlobalShortcut: a taken one is refused and nothing changes; a free one toggles the window', async () => {
    const core = boot();
    core.host.shortcuts.taken.add('Ctrl+Alt+K');
    const taken = await call(core, 'setGlobalShortcut', { accelerator: 'Alt+Control+K' });
    expect(taken).toEqual({
      ok: false,
      error: {
        code: 'shortcut-taken',
        message: 'Ctrl+Alt+K is already used by another app or by the system. Choose another combination.',
      },
    });
    expect(core.settings.get().globalShortcut).toBe(null);
    const set = await call(core, 'setGlobalShortcut', { accelerator: 'ctrl+alt+t' });
    expect(set).toEqual({ ok: true, value: { accelerator: 'Ctrl+Alt+T', active: true, problem: null } });
    expect(await call(core, 'getGlobalShortcut')).toEqual(set);
    expect(core.host.shortcuts.press('Ctrl+Alt+T')).toBe(true);
    expect(core.host.window.visible()).toBe(false);
    core.host.shortcuts.press('Ctrl+Alt+T');
    expect(core.host.window.visible()).toBe(true);
    // Settings cannot set it around the check: updatePreferences refuses the key.
    const sneaky = await call(core, 'updatePreferences', { globalShortcut: 'T' });
    expect(sneaky.ok).toBe(false);
  });

  test('getDiagnostics: the report as text, with the host versions', async () => {
    const core = boot();
    const result = await call(core, 'getDiagnostics');
    expect(result.ok).toBe(true);
    const text = result.ok ? (result.value as string) : '';
    expect(text).toContain('Tunetray 9.9.9');
    expect(text).toContain('Electron 45.4.1, Chrome 146.0.0.0');
    expect(text).toContain('Status: needs-setup');
    expect(text).toContain('Global shortcut: off');
  });
});
