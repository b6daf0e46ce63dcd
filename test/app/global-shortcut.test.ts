import { describe, expect, test } from 'vitest';
import { createGlobalShortcut } from '../../app/global-shortcut.ts';
import { AppError } from '../../app/result.ts';
import { createSettings } from '../../app/settings.ts';
import { createTestShortcuts } from '../support/host-ports.ts';
import { createMemoryLogger } from '../support/ports.ts';

function setup(stored: Record<string, unknown> = {}) {
  const data = new Map<string, unknown>([['settings', stored]]);
  const store = {
    get: (k: string) => data.get(k),
    set: (k: string, v: unknown) => data.set(k, v),
    delete: (k: string) => data.delete(k),
  };
  const settings = createSettings(store, {}, createMemoryLogger());
  const host = createTestShortcuts();
  let presses = 0;
  const shortcut = createGlobalShortcut({ host, settings, onPress: () => presses++, logger: createMemoryLogger() });
  return {
    settings,
    host,
    shortcut,
    presses: () => presses,
    stored: () => data.get('settings') as Record<string, unknown>,
  };
}

describe('the global shortcut', () => {
  test('off by default: nothing registered', () => {
    const { shortcut, host } = setup();
    shortcut.start();
    expect(shortcut.status()).toEqual({ accelerator: null, active: false, problem: null });
    expect(host.registered()).toEqual([]);
  });

  test('set: registered, stored, and pressing it calls back', () => {
    const { shortcut, host, presses, stored } = setup();
    expect(shortcut.set('alt+ctrl+t')).toEqual({ accelerator: 'Ctrl+Alt+T', active: true, problem: null });
    expect(stored().globalShortcut).toBe('Ctrl+Alt+T');
    expect(host.press('Ctrl+Alt+T')).toBe(true);
    expect(presses()).toBe(1);
  });

  test('moving it lets the old one go; setting the same one again keeps it', () => {
    const { shortcut, host } = setup();
    shortcut.set('Ctrl+Alt+T');
    shortcut.set('Ctrl+Alt+T');
    expect(host.registered()).toEqual(['Ctrl+Alt+T']);
    shortcut.set('Ctrl+Alt+Y');
    expect(host.registered()).toEqual(['Ctrl+Alt+Y']);
  });

  test('a taken combination is refused in plain words and changes nothing', () => {
    const { shortcut, host, stored } = setup();
    shortcut.set('Ctrl+Alt+T');
    host.taken.add('Ctrl+Alt+K');
    const refusal = (() => {
      try {
        shortcut.set('Ctrl+Alt+K');
        return null;
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('shortcut-taken');
    expect((refusal as AppError).message).toBe(
      'Ctrl+Alt+K is already used by another app or by the system. Choose another combination.',
    );
    expect(stored().globalShortcut).toBe('Ctrl+Alt+T');
    expect(host.registered()).toEqual(['Ctrl+Alt+T']);
    expect(shortcut.status()).toEqual({ accelerator: 'Ctrl+Alt+T', active: true, problem: null });
  });

  test('turning it off unregisters and stores null', () => {
    const { shortcut, host, stored } = setup();
    shortcut.set('Ctrl+Alt+T');
    expect(shortcut.set(null)).toEqual({ accelerator: null, active: false, problem: null });
    expect(host.registered()).toEqual([]);
    expect(stored().globalShortcut).toBe(null);
  });

  test('at start: the stored one is registered; taken by then, it stays chosen but says why it does nothing', () => {
    const ok = setup({ globalShortcut: 'Ctrl+Alt+T' });
    ok.shortcut.start();
    expect(ok.shortcut.status().active).toBe(true);

    const taken = setup({ globalShortcut: 'Ctrl+Alt+T' });
    taken.host.taken.add('Ctrl+Alt+T');
    taken.shortcut.start();
    expect(taken.shortcut.status()).toEqual({
      accelerator: 'Ctrl+Alt+T',
      active: false,
      problem:
        'Ctrl+Alt+T is already used by another app or by the system. Choose another combination. Until then the shortcut does nothing.',
    });
  });

  test('a hand-edited settings file with nonsense registers nothing', () => {
    const { shortcut, host } = setup({ globalShortcut: 'Banana' });
    shortcut.start();
    expect(host.registered()).toEqual([]);
    expect(shortcut.status().problem).toMatch(/"Banana" is not a key/);
  });
});
