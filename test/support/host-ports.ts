/**
 * The host's side of app/ (HostPorts) in plain Node, for tests and the browser harness: a window
 * that is only a visible flag, a global-shortcut table with combinations "taken by another app",
 * this Node's versions, and the last lines of the memory logger. Real behaviour, no mocks: tests
 * press a registered combination and see the window toggle.
 */
import { release } from 'node:os';
import { parseAccelerator } from '../../app/accelerator.ts';
import type { GlobalShortcutHost, HostPorts, HostVersions, HostWindow } from '../../app/ports.ts';

export interface TestWindow extends HostWindow {
  readonly visible: () => boolean;
  /** How many times app/ asked to hide the window. */
  readonly hides: () => number;
  /** The window is shown (the harness starts with it shown); listeners hear every change. */
  readonly show: () => void;
  readonly onVisibility: (listener: (visible: boolean) => void) => void;
}

export interface TestShortcuts extends GlobalShortcutHost {
  /** Combinations another app holds: register() answers false for them, as Electron does. */
  readonly taken: Set<string>;
  readonly registered: () => string[];
  /** The user presses a combination anywhere on the desktop; false when nobody registered it. */
  readonly press: (accelerator: string) => boolean;
}

export interface TestHost extends HostPorts {
  readonly window: TestWindow;
  readonly shortcuts: TestShortcuts;
}

export function createTestWindow(): TestWindow {
  let visible = true;
  let hides = 0;
  const listeners: Array<(visible: boolean) => void> = [];
  const set = (next: boolean) => {
    if (next === visible) return;
    visible = next;
    for (const listener of listeners) listener(visible);
  };
  return {
    hide: () => {
      hides += 1;
      set(false);
    },
    toggle: () => set(!visible),
    show: () => set(true),
    visible: () => visible,
    hides: () => hides,
    onVisibility: (listener) => listeners.push(listener),
  };
}

/** Compared the way Electron compares accelerators: the parsed combination, not the spelling. */
const key = (accelerator: string) => {
  const parsed = parseAccelerator(accelerator);
  if (!parsed.ok) throw new TypeError(`Error processing argument at index 0, conversion failure from ${accelerator}`);
  return parsed.accelerator;
};

export function createTestShortcuts(): TestShortcuts {
  const taken = new Set<string>();
  const registered = new Map<string, () => void>();
  return {
    taken,
    register(accelerator, onPress) {
      const k = key(accelerator);
      if (registered.has(k) || [...taken].some((t) => key(t) === k)) return false;
      registered.set(k, onPress);
      return true;
    },
    unregister(accelerator) {
      registered.delete(key(accelerator));
    },
    registered: () => [...registered.keys()],
    press(accelerator) {
      const callback = registered.get(key(accelerator));
      callback?.();
      return callback !== undefined;
    },
  };
}

export function createTestHost(options: {
  recentLog: (limit: number) => readonly string[];
  versions?: Partial<HostVersions>;
}): TestHost {
  const versions: HostVersions = {
    app: 'test',
    electron: null,
    chrome: null,
    node: process.versions.node,
    os: `${process.platform} ${process.arch} ${release()}`,
    ...options.versions,
  };
  return {
    info: {
      versions: () => versions,
      recentLog: options.recentLog,
    },
    window: createTestWindow(),
    shortcuts: createTestShortcuts(),
  };
}
