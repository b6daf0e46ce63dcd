/**
 * User settings: stored through a KeyValueStore, validated on every read (the file is
 * untrusted), with environment overrides for the demo, tests and other compatible servers.
 * The Accounts and Web API endpoints follow app/endpoint-policy.ts: a packaged build ignores
 * every override of them (environment and settings.json), development accepts https anywhere and
 * http on loopback only. What is ignored is logged once, by name, never by value.
 */
import { z } from 'zod';
import { endpointRefusal } from './endpoint-policy.ts';
import {
  ClientIdSchema,
  DEFAULT_SETTINGS,
  HttpUrlSchema,
  type Notice,
  type Settings,
  SettingsSchema,
} from './model.ts';
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
  /** Set when stored settings could not be read (and defaults stand in): the session shows it at start. */
  readonly problem: () => Notice | null;
  /** Only from the environment; the app never stores or ships a secret. */
  readonly clientSecret: () => string | undefined;
  readonly setClientId: (clientId: string) => Settings;
  readonly update: (changes: Partial<Pick<Settings, 'allowWeakTokenStorage' | 'startAtLogin'>>) => Settings;
}

/** What may be stored, field by field: a stored Client ID must be one (the environment's is checked too). */
const STORED_FIELDS: { [K in keyof Settings]: z.ZodType<Settings[K]> } = {
  ...SettingsSchema.shape,
  clientId: ClientIdSchema.nullable(),
};

/** Keeps every readable field of what was stored; reports whether anything (and the Client ID) was lost. */
function readFields(raw: unknown): { kept: Partial<Settings>; lost: Array<keyof Settings> | 'all' } {
  if (raw === undefined || raw === null) return { kept: {}, lost: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { kept: {}, lost: 'all' };
  const kept: Record<string, unknown> = {};
  const lost: Array<keyof Settings> = [];
  for (const key of Object.keys(STORED_FIELDS) as Array<keyof Settings>) {
    if (!Object.hasOwn(raw, key)) continue;
    const parsed = STORED_FIELDS[key].safeParse((raw as Record<string, unknown>)[key]);
    if (parsed.success) kept[key] = parsed.data;
    else lost.push(key);
  }
  return { kept: kept as Partial<Settings>, lost };
}

function problemNotice(lost: Array<keyof Settings> | 'all'): Notice {
  if (lost === 'all' || lost.includes('clientId')) {
    return {
      level: 'warning',
      code: 'settings-unreadable',
      message: "Tunetray could not read its saved settings, so it needs your Spotify app's Client ID again.",
      action: 'setup',
    };
  }
  return {
    level: 'warning',
    code: 'settings-unreadable',
    message:
      'Tunetray could not read some of its saved settings and went back to the defaults for them. Check them in Settings.',
    action: 'open-settings',
  };
}

export interface SettingsOptions {
  /** The app runs from an installed package (Electron's app.isPackaged): endpoints stay Spotify's. */
  packaged?: boolean;
}

const ENDPOINT_KEYS = ['accountsUrl', 'apiUrl'] as const;
const PACKAGED_REASON = 'a packaged Tunetray talks to Spotify only';

/** Why an endpoint override must be ignored, or null when it may be used. */
const overrideRefusal = (url: string, packaged: boolean): string | null =>
  packaged ? PACKAGED_REASON : endpointRefusal(url);

/** Drops invalid environment values with a warning instead of refusing to start. */
function environmentOverrides(env: SettingsEnvironment, logger: Logger, packaged: boolean): Partial<Settings> {
  const overrides: Partial<Settings> = {};
  const pick = <T>(name: keyof SettingsEnvironment, schema: z.ZodType<T>): T | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) logger.warn(`Ignoring ${name}: not a valid value`);
    return parsed.success ? parsed.data : undefined;
  };
  const clientId = pick('TUNETRAY_CLIENT_ID', ClientIdSchema);
  const endpoint = (name: 'TUNETRAY_ACCOUNTS_URL' | 'TUNETRAY_API_URL'): string | undefined => {
    const url = pick(name, HttpUrlSchema);
    const refusal = url === undefined ? null : overrideRefusal(url, packaged);
    if (refusal) logger.warn(`Ignoring ${name}: ${refusal}`);
    return refusal ? undefined : url;
  };
  const accountsUrl = endpoint('TUNETRAY_ACCOUNTS_URL');
  const apiUrl = endpoint('TUNETRAY_API_URL');
  if (clientId) overrides.clientId = clientId;
  if (accountsUrl) overrides.accountsUrl = accountsUrl.replace(/\/+$/, '');
  if (apiUrl) overrides.apiUrl = apiUrl.replace(/\/+$/, '');
  return overrides;
}

export function createSettings(
  store: KeyValueStore,
  env: SettingsEnvironment,
  logger: Logger,
  options: SettingsOptions = {},
): SettingsService {
  const packaged = options.packaged ?? false;
  const overrides = environmentOverrides(env, logger, packaged);

  // Read once: this process is the file's only writer, and settings are read on every UI request.
  let stored: Partial<Settings> | undefined;
  let problem: Notice | null = null;
  const readStored = (): Partial<Settings> => {
    if (stored) return stored;
    const { kept, lost } = readFields(store.get(KEY));
    stored = withoutRefusedEndpoints(kept);
    if (lost === 'all' || lost.length > 0) {
      // A hand-edited or corrupt file must not stop the app: keep what can be read, say what could not.
      logger.warn('Stored settings were partly unreadable; using defaults for them', {
        fields: lost === 'all' ? 'all' : lost.join(' '),
      });
      problem = problemNotice(lost);
      if (Object.keys(kept).length > 0) store.set(KEY, kept);
      else store.delete(KEY);
    }
    return stored;
  };

  const withoutRefusedEndpoints = (values: Partial<Settings>): Partial<Settings> => {
    const kept = { ...values };
    for (const key of ENDPOINT_KEYS) {
      const url = kept[key];
      const refusal = url === undefined ? null : overrideRefusal(url, packaged);
      if (!refusal) continue;
      logger.warn(`Ignoring ${key} in settings.json: ${refusal}`);
      delete kept[key];
    }
    return kept;
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
    problem: () => {
      readStored();
      return problem;
    },
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
