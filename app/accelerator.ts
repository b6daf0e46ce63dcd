/**
 * Key combinations for the global shortcut, in Electron's accelerator form ("Ctrl+Alt+T").
 *
 * parseAccelerator follows what Electron itself accepts (shell/browser/ui/accelerator_util.cc
 * StringToAccelerator and shell/common/keyboard_util.cc: ASCII only, tokens split on "+", case
 * ignored, modifier aliases, one key) and adds Tunetray's own rule for a shortcut that works in
 * every app: it needs Ctrl, Alt or Super (Command), except the function keys F13 to F24 that no
 * app uses. The result is canonical (modifiers in one order, Electron's spelling), so two ways of
 * writing the same combination compare equal. Shared by the contract (what the window may send)
 * and the window's key recorder (what it shows).
 */

export type AcceleratorCheck = { ok: true; accelerator: string } | { ok: false; message: string };

/** Modifier aliases Electron knows, and the one spelling Tunetray writes for each. */
const MODIFIERS: Readonly<Record<string, string>> = {
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  ctrl: 'Ctrl',
  control: 'Ctrl',
  command: 'Command',
  cmd: 'Command',
  super: 'Super',
  meta: 'Super',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
};
/** The order modifiers are written in. */
const MODIFIER_ORDER = ['CommandOrControl', 'Command', 'Ctrl', 'Alt', 'AltGr', 'Shift', 'Super'];
/** Modifiers that make a combination safe to take from every other app (Shift alone does not). */
const STRONG_MODIFIERS = new Set(['CommandOrControl', 'Command', 'Ctrl', 'Alt', 'AltGr', 'Super']);

/** Named keys (Electron's identifiers, compared without case) and how Tunetray writes them. */
const NAMED_KEYS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'Plus',
    'Space',
    'Tab',
    'Capslock',
    'Numlock',
    'Scrolllock',
    'Backspace',
    'Delete',
    'Insert',
    'Enter',
    'Up',
    'Down',
    'Left',
    'Right',
    'Home',
    'End',
    'PageUp',
    'PageDown',
    'VolumeUp',
    'VolumeDown',
    'VolumeMute',
    'MediaNextTrack',
    'MediaPreviousTrack',
    'MediaStop',
    'MediaPlayPause',
    'PrintScreen',
    ...Array.from({ length: 10 }, (_, i) => `num${i}`),
    'numdec',
    'numadd',
    'numsub',
    'nummult',
    'numdiv',
    ...Array.from({ length: 24 }, (_, i) => `F${i + 1}`),
  ].map((name) => [name.toLowerCase(), name]),
);
/** Escape hides the window and cancels the recorder; Electron spells it two ways. */
const ESCAPE = new Set(['esc', 'escape']);
/** "Return" is Electron's other name for Enter. */
const KEY_ALIASES: Readonly<Record<string, string>> = { return: 'Enter' };
/** Single characters Electron maps to a key (keyboard_util.cc KeyboardCodeFromCharCode). */
const CHARACTER_KEYS = new Set([...'abcdefghijklmnopqrstuvwxyz0123456789', ...')!@#$%^&*(:;=<,_->.?/~`{[|\\}]"\'']);

export const ACCELERATOR_MAX_LENGTH = 100;

const EXAMPLE = 'for example Ctrl+Alt+T';

export function parseAccelerator(text: string): AcceleratorCheck {
  if (text.length > ACCELERATOR_MAX_LENGTH) return { ok: false, message: 'That key combination is too long.' };
  if (!/^[\x20-\x7e]*$/.test(text)) {
    return { ok: false, message: 'A shortcut can use only letters, digits, F1 to F24 and the named keys.' };
  }
  const tokens = text
    .split('+')
    .map((token) => token.trim())
    .filter((token) => token !== '');
  if (tokens.length === 0) return { ok: false, message: `Press a key combination, ${EXAMPLE}.` };
  const modifiers = new Set<string>();
  const keys: string[] = [];
  for (const token of tokens) {
    const lower = token.toLowerCase();
    const modifier = MODIFIERS[lower];
    if (modifier) {
      modifiers.add(modifier);
      continue;
    }
    if (ESCAPE.has(lower)) {
      return { ok: false, message: 'Escape hides the Tunetray window, so it cannot be part of the shortcut.' };
    }
    const key =
      KEY_ALIASES[lower] ??
      NAMED_KEYS[lower] ??
      (token.length === 1 && CHARACTER_KEYS.has(lower) ? token.toUpperCase() : null);
    if (key === null) return { ok: false, message: `"${token}" is not a key a shortcut can use.` };
    keys.push(key);
  }
  const [key, ...more] = keys;
  if (key === undefined) return { ok: false, message: `Add a key to the modifiers, ${EXAMPLE}.` };
  if (more.length > 0) {
    return { ok: false, message: 'A shortcut has one key besides Ctrl, Alt, Shift and Super.' };
  }
  const functionKey = /^F(1[3-9]|2[0-4])$/.test(key);
  if (!functionKey && ![...modifiers].some((m) => STRONG_MODIFIERS.has(m))) {
    const combination = [...ordered(modifiers), key].join('+');
    return {
      ok: false,
      message: `Add Ctrl, Alt or Super: Tunetray would take ${combination} away from every other app.`,
    };
  }
  return { ok: true, accelerator: [...ordered(modifiers), key].join('+') };
}

function ordered(modifiers: Set<string>): string[] {
  return MODIFIER_ORDER.filter((m) => modifiers.has(m));
}
