/**
 * User settings: stored through a KeyValueStore, validated on every read (the file is
 * untrusted), with environment overrides for the demo, tests and other compatible servers.
 */
import { z } from 'zod';
import { ClientIdSchema, DEFAULT_SETTINGS, HttpUrlSchema, type Settings, SettingsSchema } from './model.ts';
import type { KeyValueStore, Logger } from './ports.ts';
import { AppError } from './result.ts';

const KEY = 'settings';

/** Environment variables that override stored settings (not persisted). */
export interface SettingsEnvironment {
  TUNETRAY_CLIENT_ID?: string | undefined;
  TUNETRAY_ACCOUNTS_URL?: string | undefined;
  TUNETRAY_API_URL?: string | undefined;
  /** Developer-only: use the client-secret variant of the flow. Never stored, never shipped. */
  TUNETRAY_CLIENT_SECRET?: string | undefined;
}

export interface SettingsService {
  /** Effective settings: stored values with environment overrides applied. */
  readonly get: () => Settings;
  /** Only from the environment; the app never stores or ships a secret. */
  readonly clientSecret: () => string | undefined;
  readonly setClientId: (clientId: string) => Settings;
  readonly update: (changes: Partial<Pick<Settings, 'allowWeakTokenStorage' | 'startAtLogin'>>) => Settings;
}

const StoredSettingsSchema = SettingsSchema.partial();

/** Drops invalid environment values with a warning instead of refusing to start. */
function environmentOverrides(env: SettingsEnvironment, logger: Logger): Partial<Settings> {
  const overrides: Partial<Settings> = {};
  const pick = <T>(name: keyof SettingsEnvironment, schema: z.ZodType<T>): T | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) logger.warn(`Ignoring ${name}: not a valid value`);
    return parsed.success ? parsed.data : undefined;
  };
  const clientId = pick('TUNETRAY_CLIENT_ID', ClientIdSchema);
  const accountsUrl = pick('TUNETRAY_ACCOUNTS_URL', HttpUrlSchema);
  const apiUrl = pick('TUNETRAY_API_URL', HttpUrlSchema);
  if (clientId) overrides.clientId = clientId;
  if (accountsUrl) overrides.accountsUrl = accountsUrl.replace(/\/+$/, '');
  if (apiUrl) overrides.apiUrl = apiUrl.replace(/\/+$/, '');
  return overrides;
}

export function createSettings(store: KeyValueStore, env: SettingsEnvironment, logger: Logger): SettingsService {
  const overrides = environmentOverrides(env, logger);

  // Read once: this process is the file's only writer, and settings are read on every UI request.
  let stored: Partial<Settings> | undefined;
  const readStored = (): Partial<Settings> => {
    if (stored) return stored;
    const raw = store.get(KEY);
    const parsed = StoredSettingsSchema.safeParse(raw ?? {});
    if (!parsed.success) {
      // A hand-edited or corrupt file must not stop the app: fall back to defaults, keep going.
      logger.warn('Stored settings were unreadable; using defaults');
      store.delete(KEY);
    }
    stored = parsed.success ? parsed.data : {};
    return stored;
  };

  const write = (changes: Partial<Settings>): Settings => {
    const next = { ...readStored(), ...changes };
    store.set(KEY, next);
    stored = next;
    return get();
  };

  const get = (): Settings => ({ ...DEFAULT_SETTINGS, ...readStored(), ...overrides });

  return {
    get,
    clientSecret: () => env.TUNETRAY_CLIENT_SECRET || undefined,
    setClientId(clientId) {
      const parsed = ClientIdSchema.safeParse(clientId);
      if (!parsed.success) {
        throw new AppError('invalid-argument', 'A Spotify Client ID is 32 letters and digits (0-9, a-f).');
      }
      return write({ clientId: parsed.data });
    },
    update(changes) {
      const parsed = z
        .object({ allowWeakTokenStorage: z.boolean().optional(), startAtLogin: z.boolean().optional() })
        .strict()
        .parse(changes);
      const defined = Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined));
      return write(defined);
    },
  };
}
