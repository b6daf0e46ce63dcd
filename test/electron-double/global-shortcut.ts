/**
 * globalShortcut: key combinations the desktop shares between apps. As Electron's do
 * (shell/browser/api/electron_api_global_shortcut.cc, shell/browser/ui/accelerator_util.cc):
 *  - every method throws "globalShortcut cannot be used before the app is ready" before 'ready';
 *  - an accelerator Electron cannot parse (not ASCII, no key, an unknown token) fails argument
 *    conversion and throws; tokens are split on "+", trimmed, compared without case; the last key wins;
 *  - register() returns false, silently, when the combination is taken: by another app (the knob
 *    `globalShortcut.taken`) or already by this one (GlobalShortcutListener refuses a second
 *    registration); two spellings of one combination (Ctrl/Control, Alt/Option...) are one combination;
 *  - the test presses a combination over the control channel: a registered one runs main's callback.
 */
import { provide } from './control.ts';
import { onlyElectronMembers } from './event.ts';
import { config } from './host-config.ts';
import { isReady, ruleBroken } from './lifecycle.ts';

type Members = 'register' | 'unregister' | 'isRegistered' | 'unregisterAll';

// CommandOrControl is Command on macOS and Control everywhere else.
const COMMAND_OR_CONTROL = config.platform === 'darwin' ? 'cmd' : 'ctrl';
const MODIFIERS: Record<string, 'shift' | 'ctrl' | 'alt' | 'cmd' | 'altgr'> = {
  shift: 'shift',
  ctrl: 'ctrl',
  control: 'ctrl',
  commandorcontrol: COMMAND_OR_CONTROL,
  cmdorctrl: COMMAND_OR_CONTROL,
  super: 'cmd',
  cmd: 'cmd',
  command: 'cmd',
  meta: 'cmd',
  alt: 'alt',
  option: 'alt',
  altgr: 'altgr',
};
const NAMED = new Set(
  [
    'plus',
    'capslock',
    'numlock',
    'scrolllock',
    'tab',
    'space',
    'backspace',
    'delete',
    'insert',
    'enter',
    'return',
    'up',
    'down',
    'left',
    'right',
    'home',
    'end',
    'pageup',
    'pagedown',
    'esc',
    'escape',
    'volumemute',
    'volumeup',
    'volumedown',
    'medianexttrack',
    'mediaprevioustrack',
    'mediastop',
    'mediaplaypause',
    'printscreen',
    'numadd',
    'nummult',
    'numdec',
    'numsub',
    'numdiv',
  ].concat(Array.from({ length: 10 }, (_, i) => `num${i}`)),
);
/** Characters with a key of their own; the shifted ones add Shift (keyboard_util.cc). */
const UNSHIFTED = "abcdefghijklmnopqrstuvwxyz0123456789;=,-./`[\\]'";
const SHIFTED: Record<string, string> = {
  ')': '0',
  '!': '1',
  '@': '2',
  '#': '3',
  $: '4',
  '%': '5',
  '^': '6',
  '&': '7',
  '*': '8',
  '(': '9',
  ':': ';',
  '+': '=',
  '<': ',',
  _: '-',
  '>': '.',
  '?': '/',
  '~': '`',
  '{': '[',
  '|': '\\',
  '}': ']',
  '"': "'",
};
const ALIASES: Record<string, string> = { return: 'enter', esc: 'escape', plus: '=' };

/** One combination as Electron compares them (ui::Accelerator: key code and modifier flags), or null. */
function parse(accelerator: string): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: "can only contain ASCII characters".
  if (!/^[\x00-\x7f]*$/.test(accelerator)) return null;
  const modifiers = new Set<string>();
  let key: string | null = null;
  for (const raw of accelerator.split('+')) {
    const token = raw.trim().toLowerCase();
    if (token === '') continue;
    const modifier = MODIFIERS[token];
    if (modifier) {
      modifiers.add(modifier);
      continue;
    }
    if (token === 'plus') modifiers.add('shift');
    if (token.length === 1) {
      const shifted = SHIFTED[token];
      if (shifted) {
        modifiers.add('shift');
        key = shifted;
      } else if (UNSHIFTED.includes(token)) key = token;
      else key = null;
    } else if (NAMED.has(token)) key = ALIASES[token] ?? token;
    else if (/^f([1-9]|1\d|2[0-4])$/.test(token)) key = token;
    else key = null; // VKEY_UNKNOWN: the last key decides
  }
  if (key === null) return null;
  return [...['shift', 'ctrl', 'alt', 'cmd', 'altgr'].filter((m) => modifiers.has(m)), key].join('+');
}

function conversionFailure(accelerator: string): TypeError {
  return new TypeError(`Error processing argument at index 0, conversion failure from ${accelerator}`);
}

export class GlobalShortcutDouble implements Pick<Electron.GlobalShortcut, Members> {
  /** Parsed combination -> what main registered (its spelling and callback). */
  readonly #registered = new Map<string, { accelerator: string; callback: () => void }>();
  readonly #taken = new Set(config.globalShortcut.taken.map((a) => parse(a)).filter((a): a is string => a !== null));

  #requireReady(): void {
    if (!isReady()) {
      throw ruleBroken(
        'globalShortcut cannot be used before the app is ready',
        "globalShortcut can only be used after the app's 'ready' event",
        'global-shortcut',
      );
    }
  }

  #combination(accelerator: string): string {
    this.#requireReady();
    const combination = typeof accelerator === 'string' ? parse(accelerator) : null;
    if (combination === null) throw conversionFailure(String(accelerator));
    return combination;
  }

  register(accelerator: string, callback: () => void): boolean {
    const combination = this.#combination(accelerator);
    if (this.#taken.has(combination) || this.#registered.has(combination)) return false;
    this.#registered.set(combination, { accelerator, callback });
    return true;
  }
  unregister(accelerator: string): void {
    this.#registered.delete(this.#combination(accelerator));
  }
  isRegistered(accelerator: string): boolean {
    return this.#registered.has(this.#combination(accelerator));
  }
  unregisterAll(): void {
    this.#requireReady();
    this.#registered.clear();
  }

  static {
    provide({
      'globalShortcut.list': () => [...globalShortcut.#registered.values()].map((r) => r.accelerator),
      'globalShortcut.press': ({ accelerator }) => {
        const combination = parse(accelerator);
        if (combination === null)
          throw new Error(`the test pressed something that is no key combination: ${accelerator}`);
        const registered = globalShortcut.#registered.get(combination);
        registered?.callback();
        return { delivered: registered !== undefined };
      },
    });
  }
}
onlyElectronMembers<GlobalShortcutDouble, Electron.GlobalShortcut>('ok');

export const globalShortcut = new GlobalShortcutDouble();
