/**
 * GlobalShortcutHost over Electron's globalShortcut (usable only after 'ready'). register() answers
 * false when the system or another app holds the combination ("this call will silently fail", the
 * docs say); an accelerator Electron cannot parse throws. Everything is let go at quit.
 */
import type { GlobalShortcut } from 'electron';
import type { GlobalShortcutHost } from '../app/ports.ts';

export function createGlobalShortcutHost(
  globalShortcut: Pick<GlobalShortcut, 'register' | 'unregister'>,
): GlobalShortcutHost {
  return {
    register: (accelerator, onPress) => globalShortcut.register(accelerator, onPress),
    unregister: (accelerator) => globalShortcut.unregister(accelerator),
  };
}
