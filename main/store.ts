/**
 * KeyValueStore over electron-store, in the app's profile folder: one file per concern (auth
 * secrets, settings, library cache, saved playlist contents). What the stores are and how a
 * corrupt file is handled lives in key-value-store.ts, which the crash test runs over conf itself.
 */
import { app } from 'electron';
import Store from 'electron-store';
import type { KeyValueStore, Logger } from '../app/ports.ts';
import { createKeyValueStore, type StoreName } from './key-value-store.ts';

export { type StoreName, UNREADABLE_FILE } from './key-value-store.ts';

export function createElectronStore(name: StoreName, logger: Logger): KeyValueStore {
  return createKeyValueStore(
    name,
    app.getPath('userData'),
    (options) => new Store<Record<string, unknown>>(options),
    logger,
  );
}
