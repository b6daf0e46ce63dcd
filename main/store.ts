/**
 * KeyValueStore over electron-store: one file per concern (auth secrets, settings,
 * library cache, saved playlist contents), written with mode 0o600. The JSON schema here only guards the file's
 * shape; app/ validates every value with zod again on read.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import Store, { type Schema } from 'electron-store';
import type { KeyValueStore, Logger } from '../app/ports.ts';

export type StoreName = 'auth' | 'settings' | 'library' | 'items';

const schemas: Record<StoreName, Schema<Record<string, unknown>>> = {
  auth: {
    tokens: {
      type: 'object',
      properties: { version: { type: 'number' }, ciphertext: { type: 'string' } },
      required: ['version', 'ciphertext'],
    },
  },
  settings: { settings: { type: 'object' } },
  library: { library: { type: 'object' } },
  items: { playlistItems: { type: 'object' } },
};

/** Marks what a corrupt file held, so the owner of the key can tell the user instead of silently forgetting. */
export const UNREADABLE_FILE = 'unreadable-file';

function open(name: StoreName): Store<Record<string, unknown>> {
  return new Store<Record<string, unknown>>({
    name,
    schema: schemas[name],
    configFileMode: 0o600,
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
    cache: name === 'library',
  });
}

export function createElectronStore(name: StoreName, logger: Logger): KeyValueStore {
  let store: Store<Record<string, unknown>>;
  let corrupt = false;
  try {
    store = open(name);
  } catch {
    // Malformed JSON or a schema violation: start over, but let the reader know once.
    logger.warn(`The ${name} file was unreadable and has been reset`);
    rmSync(join(app.getPath('userData'), `${name}.json`), { force: true });
    store = open(name);
    corrupt = true;
  }
  return {
    get(key) {
      if (corrupt) {
        corrupt = false;
        return UNREADABLE_FILE;
      }
      return store.get(key);
    },
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
  };
}
