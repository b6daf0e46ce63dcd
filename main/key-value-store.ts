/**
 * KeyValueStore over a conf store (electron-store is conf with Electron's paths): one file per
 * concern (auth secrets, settings, library cache, saved playlist contents), written with mode 0o600 through conf's atomic
 * write (a temp file, fsync, rename). The shapes here only guard what each file holds under its
 * key; app/ validates every value with zod again on read.
 *
 * No Electron import: main/store.ts opens electron-store with these options, and the crash test
 * (test/crash/) opens conf itself with the very same ones, so both write the same way.
 */
import { closeSync, fsyncSync, openSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { KeyValueStore, Logger } from '../app/ports.ts';

export type StoreName = 'auth' | 'settings' | 'library' | 'items';

const anObject = z.record(z.string(), z.unknown());

/**
 * What each file holds under its key, checked with zod on the first read of that key, not with
 * conf's `schema` option: that compiles a JSON Schema validator with ajv for every file, ~0.3 s of
 * main's thread at each start before the tray icon could appear, for a check this small. The first
 * read is the owner's own, so no file is read an extra time for it.
 */
const shapes: Record<StoreName, { key: string; value: z.ZodType }> = {
  auth: { key: 'tokens', value: z.object({ version: z.number(), ciphertext: z.string() }) },
  settings: { key: 'settings', value: anObject },
  library: { key: 'library', value: anObject },
  items: { key: 'playlistItems', value: anObject },
};

/** Marks what a corrupt file held, so the owner of the key can tell the user instead of silently forgetting. */
export const UNREADABLE_FILE = 'unreadable-file';

/** The options every store is opened with; `name` is the file name without `.json`. */
export interface StoreOptions {
  name: StoreName;
  configFileMode: number;
  accessPropertiesByDotNotation: false;
  clearInvalidConfig: false;
  cache: boolean;
}

/** What this module needs of a conf store. */
export interface ConfLike {
  readonly path: string;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export function storeOptions(name: StoreName): StoreOptions {
  return {
    name,
    configFileMode: 0o600,
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
    cache: name === 'library',
  };
}

/**
 * The rename that replaces the file is itself only durable once its directory is synced: without
 * this, a power cut right after a refresh can bring back the previous file, whose refresh token
 * Spotify has already rotated away. Only the sign-in needs it; best effort where directories
 * cannot be opened (Windows).
 */
function syncDirectory(file: string, logger: Logger): void {
  let fd: number | undefined;
  try {
    fd = openSync(dirname(file), 'r');
    fsyncSync(fd);
  } catch (error) {
    logger.debug('Could not sync the store folder', { error: (error as Error).message });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * conf's atomic write goes through `<file>.tmp-<10 digits><6 hex>` (atomically's naming) and
 * removes it on a normal exit only: one killed mid-write stays for good. The app is the only
 * writer (single-instance lock), so at open any such file is a leftover.
 */
function removeInterruptedWrites(name: StoreName, dir: string, logger: Logger): void {
  const leftover = new RegExp(`^${name}\\.json\\.tmp-\\d{10}[0-9a-f]{6}$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const file of names.filter((n) => leftover.test(n))) {
    rmSync(join(dir, file), { force: true });
    logger.info(`Removed what an interrupted write of the ${name} file left behind`);
  }
}

/**
 * Opens the store `name` in `dir` with `open`; a corrupt file (not JSON, or the wrong shape under its
 * key) is reset and reported once as UNREADABLE_FILE.
 */
export function createKeyValueStore(
  name: StoreName,
  dir: string,
  open: (options: StoreOptions) => ConfLike,
  logger: Logger,
): KeyValueStore {
  removeInterruptedWrites(name, dir, logger);
  // Start over, but let the reader know once.
  const reset = (): ConfLike => {
    logger.warn(`The ${name} file was unreadable and has been reset`);
    rmSync(join(dir, `${name}.json`), { force: true });
    return open(storeOptions(name));
  };
  let store: ConfLike;
  let corrupt = false;
  try {
    store = open(storeOptions(name));
  } catch {
    // Malformed JSON.
    store = reset();
    corrupt = true;
  }
  const shape = shapes[name];
  let shapeChecked = false;
  const durable = name === 'auth';
  return {
    get(key) {
      if (corrupt) {
        corrupt = false;
        return UNREADABLE_FILE;
      }
      const value = store.get(key);
      if (!shapeChecked && key === shape.key) {
        shapeChecked = true;
        if (value !== undefined && !shape.value.safeParse(value).success) {
          store = reset();
          return UNREADABLE_FILE;
        }
      }
      return value;
    },
    set(key, value) {
      store.set(key, value);
      if (durable) syncDirectory(store.path, logger);
    },
    delete(key) {
      store.delete(key);
      if (durable) syncDirectory(store.path, logger);
    },
  };
}
