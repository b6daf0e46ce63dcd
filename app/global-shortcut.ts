/**
 * The optional global shortcut that shows and hides the window from any app. Off by default; set
 * in the window, stored in settings, registered with the host (Electron's globalShortcut).
 *
 * A combination the system or another app already holds is refused in plain words, and then
 * nothing changes: the new one is not stored and the previous one keeps working. A stored
 * combination that is taken at start (another app got it first) stays chosen but inactive, with
 * the reason, so the user can pick another one.
 */
import { parseAccelerator } from './accelerator.ts';
import { describeError } from './log.ts';
import type { ShortcutStatus } from './model.ts';
import type { GlobalShortcutHost, Logger } from './ports.ts';
import { AppError } from './result.ts';
import type { SettingsService } from './settings.ts';

export interface GlobalShortcutService {
  readonly status: () => ShortcutStatus;
  /** Registers the stored combination, if any. */
  readonly start: () => void;
  /** Turns the shortcut off (null) or moves it; throws AppError('shortcut-taken' | 'invalid-argument') and changes nothing when refused. */
  readonly set: (accelerator: string | null) => ShortcutStatus;
  readonly stop: () => void;
}

const takenMessage = (accelerator: string) =>
  `${accelerator} is already used by another app or by the system. Choose another combination.`;

export function createGlobalShortcut(options: {
  host: GlobalShortcutHost;
  settings: SettingsService;
  onPress: () => void;
  logger: Logger;
}): GlobalShortcutService {
  const { host, settings, logger } = options;
  /** The combination registered with the host now, if any. */
  let registered: string | null = null;
  let problem: string | null = null;

  /** true: registered; false: taken; throws AppError when the host cannot read it. */
  const register = (accelerator: string): boolean => {
    try {
      return host.register(accelerator, options.onPress);
    } catch (error) {
      logger.warn('global shortcut: the host could not read the combination', {
        accelerator,
        error: describeError(error),
      });
      throw new AppError('invalid-argument', `${accelerator} is not a key combination this system can use.`);
    }
  };

  const unregister = () => {
    if (registered === null) return;
    try {
      host.unregister(registered);
    } catch (error) {
      logger.warn('global shortcut: could not unregister', { error: describeError(error) });
    }
    registered = null;
  };

  const status = (): ShortcutStatus => ({
    accelerator: settings.get().globalShortcut,
    active: registered !== null,
    problem,
  });

  return {
    status,
    start() {
      const stored = settings.get().globalShortcut;
      if (stored === null) return;
      const parsed = parseAccelerator(stored);
      if (!parsed.ok) {
        logger.warn('global shortcut: the stored combination is not valid; it stays off');
        problem = `The saved shortcut "${stored}" cannot be used: ${parsed.message}`;
        return;
      }
      try {
        if (register(parsed.accelerator)) registered = parsed.accelerator;
        else problem = `${takenMessage(parsed.accelerator)} Until then the shortcut does nothing.`;
      } catch (error) {
        problem = error instanceof AppError ? error.message : 'The saved shortcut cannot be used.';
      }
      if (problem) logger.warn('global shortcut: not registered at start', { accelerator: parsed.accelerator });
    },
    set(accelerator) {
      if (accelerator === null) {
        unregister();
        problem = null;
        settings.update({ globalShortcut: null });
        return status();
      }
      const parsed = parseAccelerator(accelerator);
      if (!parsed.ok) throw new AppError('invalid-argument', parsed.message);
      const next = parsed.accelerator;
      // Registering what this app already holds would be refused as taken: it is simply kept.
      if (next === registered) return status();
      if (!register(next)) {
        logger.info('global shortcut: refused, the combination is taken', { accelerator: next });
        throw new AppError('shortcut-taken', takenMessage(next));
      }
      unregister();
      registered = next;
      problem = null;
      settings.update({ globalShortcut: next });
      logger.info('global shortcut: registered', { accelerator: next });
      return status();
    },
    stop: unregister,
  };
}
