/**
 * KeyValueStore over electron-store: one file per concern (auth secrets, settings,
 * library cache, saved playlist contents), written with mode 0o600. The shapes here only guard the
 * file's top level; app/ validates every value with zod again on read.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import Store from 'electron-store';
import { z } from 'zod';
import type { KeyValueStore, Logger } from '../app/ports.ts';

export type StoreName = 'auth' | 'settings' | 'library' | 'items';

const record = z.record(z.string(), z.unknown());

/**
 * Checked with zod when a file is opened, rather than with electron-store's `schema` option: that
 * compiles a JSON Schema validator with ajv for every file, ~0.3 s of main's thread at start before
 * the tray icon could appear, for a check this small.
 */
const shapes: Record<StoreName, z.ZodType> = {
  auth: z.object({ tokens: z.object({ version: z.number(), ciphertext: z.string() }).optional() }),
  settings: z.object({ settings: record.optional() }),
  library: z.object({ library: record.optional() }),
  items: z.object({ playlistItems: record.optional() }),
};

/** Marks what a corrupt file held, so the owner of the key can tell the user instead of silently forgetting. */
export const UNREADABLE_FILE = 'unreadable-file';

function open(name: StoreName): Store<Record<string, unknown>> {
  const store = new Store<Record<string, unknown>>({
    name,
    configFileMode: 0o600,
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
    cache: name === 'library',
  });
  if (!shapes[name].safeParse(store.store).success)
    throw new Error(`The ${name} file does not have the expected shape`);
  return store;
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
