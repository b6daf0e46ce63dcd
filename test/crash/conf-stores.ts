/**
 * The app's three stores over conf itself, in a profile folder: main/key-value-store.ts with the
 * options main/store.ts gives electron-store, so the write path (temp file, fsync, rename) is the
 * production one without Electron.
 */
import Conf from 'conf';
import type { KeyValueStore, Logger } from '../../app/ports.ts';
import { createKeyValueStore, type StoreName } from '../../main/key-value-store.ts';

/** `onRenamed` is told when conf's write has renamed the file into place (for the crash test's timing). */
export function openConfStore(
  name: StoreName,
  dir: string,
  logger: Logger,
  onRenamed?: (name: StoreName) => void,
): KeyValueStore {
  return createKeyValueStore(
    name,
    dir,
    ({ name: configName, ...options }) => {
      const conf = new Conf<Record<string, unknown>>({ ...options, configName, cwd: dir });
      return {
        path: conf.path,
        get: (key) => conf.get(key),
        set: (key, value) => {
          conf.set(key, value);
          onRenamed?.(name);
        },
        delete: (key) => conf.delete(key),
      };
    },
    logger,
  );
}

export function openConfStores(dir: string, logger: Logger, onRenamed?: (name: StoreName) => void) {
  return {
    auth: openConfStore('auth', dir, logger, onRenamed),
    settings: openConfStore('settings', dir, logger, onRenamed),
    library: openConfStore('library', dir, logger, onRenamed),
    items: openConfStore('items', dir, logger, onRenamed),
  };
}
