/**
 * The host the double pretends to be, chosen by the test: one JSON value in an environment variable,
 * read once when the child process starts. Shared by the child (which parses it) and the launcher.
 */
import { z } from 'zod';

export { CONFIG_ENV } from './config-env.ts';

export const RectSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
export type Rect = z.infer<typeof RectSchema>;

/** What safeStorage finds on this "machine". `unavailable`: no encryption at all (isAsyncEncryptionAvailable false). */
export const KeyringBackendSchema = z.enum([
  'gnome_libsecret',
  'kwallet',
  'kwallet5',
  'kwallet6',
  'basic_text',
  'unavailable',
]);
export type KeyringBackend = z.infer<typeof KeyringBackendSchema>;

/**
 * The operating system main sees as process.platform. Linux (the host) or macOS, which is POSIX like
 * Linux, so Node's path and fs behave the same; Windows is not modelled (README).
 */
export const PlatformSchema = z.enum(['linux', 'darwin']);
export type Platform = z.infer<typeof PlatformSchema>;

export const DoubleConfigSchema = z.object({
  platform: PlatformSchema,
  /** The "machine": home, XDG config home (appData), the keyring's key files. userData lives inside it. */
  profileDir: z.string().min(1),
  /** app.getAppPath(): the folder holding the app's package.json (the repo root for `electron .`). */
  appPath: z.string().min(1),
  isPackaged: z.boolean(),
  /** process.resourcesPath; Electron sets it for packaged and unpackaged apps alike. */
  resourcesPath: z.string().min(1),
  browser: z.object({
    /** A Playwright browser server to connect to (the test launches one); null: launch our own Chromium. */
    wsEndpoint: z.string().nullable(),
    executablePath: z.string().min(1),
  }),
  safeStorage: z.object({
    backend: KeyringBackendSchema,
    /** A locked keyring: decryptStringAsync rejects as "temporarily unavailable" until unlocked. */
    locked: z.boolean(),
    /** `after-first-paint`: every async answer waits until a window has emitted ready-to-show (a slow keyring). */
    answer: z.enum(['at-once', 'after-first-paint']),
  }),
  tray: z.object({
    /** What Tray.getBounds() reports. Linux trays report none (an empty rectangle); macOS and Windows do. */
    bounds: RectSchema.nullable(),
    /** Whether the tray emits 'click'. Most Linux trays (StatusNotifierItem) only open the context menu. */
    reportsClicks: z.boolean(),
  }),
  screen: z.object({ bounds: RectSchema, workArea: RectSchema, scaleFactor: z.number().positive() }),
  /** Combinations another app on this desktop holds: globalShortcut.register answers false for them. */
  globalShortcut: z.object({ taken: z.array(z.string()) }),
  /**
   * What session.resolveProxy answers for every URL, in the PAC format Chromium uses: `DIRECT`, or
   * `PROXY host:port` (several entries separated by `;`), as the system's proxy settings would give.
   */
  systemProxy: z.string().min(1),
  /** macOS: how this launch came about (app.getLoginItemSettings().wasOpenedAtLogin). */
  login: z.object({ wasOpenedAtLogin: z.boolean() }),
});
export type DoubleConfig = z.infer<typeof DoubleConfigSchema>;

/** What a test may set; everything else takes the defaults below. */
export interface Knobs {
  platform?: Platform;
  isPackaged?: boolean;
  resourcesPath?: string;
  appPath?: string;
  safeStorage?: Partial<DoubleConfig['safeStorage']>;
  tray?: Partial<DoubleConfig['tray']>;
  screen?: Partial<DoubleConfig['screen']>;
  globalShortcut?: Partial<DoubleConfig['globalShortcut']>;
  systemProxy?: string;
  login?: Partial<DoubleConfig['login']>;
}

/** A 1920x1080 display with a 32 px top panel, like a stock GNOME session. */
export const DEFAULT_SCREEN: DoubleConfig['screen'] = {
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 32, width: 1920, height: 1048 },
  scaleFactor: 1,
};

/** A Mac's menu bar: 24 px tall, the status item near the right end, clicks reported (Tray docs). */
const MACOS_TRAY: DoubleConfig['tray'] = { bounds: { x: 1700, y: 0, width: 24, height: 24 }, reportsClicks: true };
const MACOS_SCREEN: DoubleConfig['screen'] = {
  ...DEFAULT_SCREEN,
  workArea: { x: 0, y: 24, width: 1920, height: 1056 },
};

export function buildConfig(options: {
  profileDir: string;
  appPath: string;
  browserWsEndpoint: string | null;
  executablePath: string;
  knobs?: Knobs;
}): DoubleConfig {
  const knobs = options.knobs ?? {};
  const appPath = knobs.appPath ?? options.appPath;
  const platform = knobs.platform ?? 'linux';
  const macOS = platform === 'darwin';
  return DoubleConfigSchema.parse({
    platform,
    profileDir: options.profileDir,
    appPath,
    isPackaged: knobs.isPackaged ?? false,
    resourcesPath: knobs.resourcesPath ?? `${appPath}/resources`,
    browser: { wsEndpoint: options.browserWsEndpoint, executablePath: options.executablePath },
    safeStorage: { backend: 'gnome_libsecret', locked: false, answer: 'at-once', ...knobs.safeStorage },
    tray: { ...(macOS ? MACOS_TRAY : { bounds: null, reportsClicks: false }), ...knobs.tray },
    screen: { ...(macOS ? MACOS_SCREEN : DEFAULT_SCREEN), ...knobs.screen },
    systemProxy: knobs.systemProxy ?? 'DIRECT',
    login: { wasOpenedAtLogin: false, ...knobs.login },
    globalShortcut: { taken: [], ...knobs.globalShortcut },
  });
}
