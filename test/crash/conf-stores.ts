/**
 * The app's three stores over conf itself, in a profile folder: main/key-value-store.ts with the
 * options main/store.ts gives electron-store, so the write path (temp file, fsync, rename) is the
 * production one without Electron.
 */
import Conf from 'conf';
import type { KeyValueStore, Logger } from '../../app/ports.ts';
import { createKeyValueStore, type StoreName } from '../../main/key-value-store.ts';

export function openConfStore(name: StoreName, dir: string, logger: Logger): KeyValueStore {
  return createKeyValueStore(
    name,
    dir,
    ({ name: configName, ...options }) => new Conf<Record<string, unknown>>({ ...options, configName, cwd: dir }),
    logger,
  );
}

export function openConfStores(dir: string, logger: Logger) {
  return {
    auth: openConfStore('auth', dir, logger),
    settings: openConfStore('settings', dir, logger),
    library: openConfStore('library', dir, logger),
  };
}
