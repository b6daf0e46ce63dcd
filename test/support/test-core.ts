/**
 * The whole app/ core (createCore, as main/index.ts builds it) over plain-Node ports: a
 * cipher that really encrypts, JSON files in a temp dir, manual power events, a memory
 * logger, and an OpenExternal that records URLs (the test plays the system browser).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Core, createCore } from '../../app/core.ts';
import { type Cipher, type CipherProtection, type Clock, type OpenExternal, systemClock } from '../../app/ports.ts';
import type { SettingsEnvironment } from '../../app/settings.ts';
import type { NetworkOptions } from '../../app/spotify/http.ts';
import { createFileStore, createManualPowerEvents, createMemoryLogger, createTestCipher } from './ports.ts';

export interface TestCore extends Core {
  dir: string;
  /** Every URL handed to OpenExternal, in order. */
  opened: string[];
  logger: ReturnType<typeof createMemoryLogger>;
  power: ReturnType<typeof createManualPowerEvents>;
}

export interface TestCoreOptions {
  /** Reuse a folder to model an app restart. */
  dir?: string;
  /** The same key models the same OS keyring across a restart. */
  cipherKey?: Buffer;
  /** What the "OS keyring" offers; default real encryption. */
  cipherProtection?: CipherProtection;
  /** A cipher of the test's own (then cipherKey and cipherProtection are not used). */
  cipher?: Cipher;
  /** Default: the system clock. */
  clock?: Clock;
  env?: SettingsEnvironment;
  /** Model an installed build (default: development). */
  packaged?: boolean;
  signInTimeoutMs?: number;
  /** Checks a URL before it is recorded (the harness applies main's allow-list). */
  beforeOpen?: (url: string, core: Core) => void;
  onOpen?: (url: string) => void;
  /** Proxy resolver, proxy environment, extra roots (the TLS emulator's CA). */
  network?: NetworkOptions;
  /** Stores that behave like main/store.ts: a corrupt file is reset and reported once as 'unreadable-file'. */
  reportUnreadable?: boolean;
}

export function createTestCore(options: TestCoreOptions = {}): TestCore {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'tunetray-core-'));
  const opened: string[] = [];
  const logger = createMemoryLogger();
  const power = createManualPowerEvents();
  let core: Core | undefined;
  const storeOptions = { reportUnreadable: options.reportUnreadable ?? false };
  const openExternal: OpenExternal = async (url) => {
    if (core) options.beforeOpen?.(url, core);
    opened.push(url);
    options.onOpen?.(url);
  };
  core = createCore({
    cipher:
      options.cipher ??
      createTestCipher({
        ...(options.cipherKey ? { key: options.cipherKey } : {}),
        ...(options.cipherProtection ? { protection: options.cipherProtection } : {}),
      }),
    stores: {
      auth: createFileStore(join(dir, 'auth.json'), storeOptions),
      settings: createFileStore(join(dir, 'settings.json'), storeOptions),
      library: createFileStore(join(dir, 'library.json'), storeOptions),
      items: createFileStore(join(dir, 'items.json'), storeOptions),
    },
    openExternal,
    clock: options.clock ?? systemClock,
    power,
    logger,
    redactor: logger.redactor,
    env: options.env ?? {},
    packaged: options.packaged ?? false,
    ...(options.signInTimeoutMs ? { signInTimeoutMs: options.signInTimeoutMs } : {}),
    ...(options.network ? { network: options.network } : {}),
  });
  return { ...core, dir, opened, logger, power };
}
