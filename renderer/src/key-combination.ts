/**
 * A key press as a key combination in Electron's accelerator form, for the shortcut recorder.
 * The key comes from KeyboardEvent.code (where the key is, not what it types), so Shift+1 is
 * "Shift+1" and a layout's own letters do not matter; app/accelerator.ts makes it canonical and
 * says in words what is wrong with it.
 */
import { type AcceleratorCheck, parseAccelerator } from '../../app/accelerator.ts';

type KeyPress = Pick<KeyboardEvent, 'code' | 'key' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>;

const CODES: Readonly<Record<string, string>> = {
  Space: 'Space',
  Enter: 'Enter',
  NumpadEnter: 'Enter',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  PrintScreen: 'PrintScreen',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
  NumpadAdd: 'numadd',
  NumpadSubtract: 'numsub',
  NumpadMultiply: 'nummult',
  NumpadDivide: 'numdiv',
  NumpadDecimal: 'numdec',
  AudioVolumeUp: 'VolumeUp',
  AudioVolumeDown: 'VolumeDown',
  AudioVolumeMute: 'VolumeMute',
  MediaTrackNext: 'MediaNextTrack',
  MediaTrackPrevious: 'MediaPreviousTrack',
  MediaStop: 'MediaStop',
  MediaPlayPause: 'MediaPlayPause',
};

const MODIFIER_KEYS = new Set(['Control', 'Alt', 'AltGraph', 'Shift', 'Meta', 'OS', 'Super', 'Hyper']);

function keyName(code: string): string | null {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1] ?? null;
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(code);
  if (digit) return code.startsWith('Numpad') ? `num${digit[1]}` : (digit[1] ?? null);
  if (/^F([1-9]|1\d|2[0-4])$/.test(code)) return code;
  return CODES[code] ?? null;
}

export type RecordedKeys =
  /** Only modifiers so far: what to show while the user is still pressing ("Ctrl+Alt+…"). */
  | { kind: 'modifiers'; shown: string }
  | { kind: 'combination'; check: AcceleratorCheck }
  /** A key this recorder cannot name. */
  | { kind: 'unknown'; key: string };

export function recordKeys(event: KeyPress, mac: boolean): RecordedKeys {
  const modifiers = [
    event.ctrlKey && 'Ctrl',
    event.altKey && 'Alt',
    event.shiftKey && 'Shift',
    event.metaKey && (mac ? 'Command' : 'Super'),
  ].filter((m): m is string => typeof m === 'string');
  if (MODIFIER_KEYS.has(event.key)) return { kind: 'modifiers', shown: [...modifiers, '…'].join('+') };
  const key = keyName(event.code);
  if (key === null) return { kind: 'unknown', key: event.key };
  return { kind: 'combination', check: parseAccelerator([...modifiers, key].join('+')) };
}

export const isMac = (): boolean => /Mac/.test(navigator.platform || navigator.userAgent);
