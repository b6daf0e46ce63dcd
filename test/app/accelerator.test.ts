import { describe, expect, test } from 'vitest';
import { parseAccelerator } from '../../app/accelerator.ts';
import { SetGlobalShortcutInput } from '../../app/contract.ts';

const accepted = (text: string) => {
  const result = parseAccelerator(text);
  return result.ok ? result.accelerator : `refused: ${result.message}`;
};

describe('key combinations in Electron accelerator form', () => {
  test.each([
    ['Ctrl+Alt+T', 'Ctrl+Alt+T'],
    ['control+alt+t', 'Ctrl+Alt+T'],
    ['Alt+Ctrl+T', 'Ctrl+Alt+T'],
    [' Shift + Super + K ', 'Shift+Super+K'],
    ['Meta+Space', 'Super+Space'],
    ['CmdOrCtrl+Shift+P', 'CommandOrControl+Shift+P'],
    ['Option+Return', 'Alt+Enter'],
    ['Ctrl+F5', 'Ctrl+F5'],
    ['F13', 'F13'],
    ['Ctrl+Alt+/', 'Ctrl+Alt+/'],
    ['Ctrl+Plus', 'Ctrl+Plus'],
    ['Alt+num5', 'Alt+num5'],
    ['Ctrl+MediaPlayPause', 'Ctrl+MediaPlayPause'],
  ])('%s -> %s', (text, canonical) => {
    expect(accepted(text)).toBe(canonical);
  });

  test.each([
    ['', /Press a key combination/],
    ['Ctrl+Alt', /Add a key/],
    ['Ctrl+A+B', /one key/],
    ['T', /Add Ctrl, Alt or Super: Tunetray would take T away/],
    ['Shift+T', /Shift\+T away from every other app/],
    ['F5', /Add Ctrl, Alt or Super/],
    ['Ctrl+Escape', /Escape hides the Tunetray window/],
    ['Ctrl+Banana', /"Banana" is not a key/],
    ['Ctrl+é', /only letters, digits/],
    ['Ctrl+F25', /"F25" is not a key/],
    [`Ctrl+${'A'.repeat(200)}`, /too long/],
  ])('refuses %j in plain words', (text, message) => {
    const result = parseAccelerator(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  test('the contract makes it canonical and refuses nonsense with the same words', () => {
    expect(SetGlobalShortcutInput.parse({ accelerator: 'alt+ctrl+t' })).toEqual({ accelerator: 'Ctrl+Alt+T' });
    expect(SetGlobalShortcutInput.parse({ accelerator: null })).toEqual({ accelerator: null });
    const refused = SetGlobalShortcutInput.safeParse({ accelerator: 'T' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/Add Ctrl, Alt or Super/);
    expect(SetGlobalShortcutInput.safeParse({ accelerator: 'Ctrl+T', extra: 1 }).success).toBe(false);
  });
});
