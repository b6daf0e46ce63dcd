/**
 * The composition of app/: everything Tunetray does, built from the host's ports.
 * main/index.ts calls this with Electron adapters; tests and the browser harness with
 * plain-Node adapters. Nothing here knows which host it runs in.
 */
import type { Handlers } from './contract.ts';
import { createHandlers } from './handlers.ts';
import { createLibraryCache } from './library/library-cache.ts';
import { createLibrarySync, type LibrarySync } from './library-sync.ts';
import type { Redactor } from './log.ts';
import type { Settings } from './model.ts';
import type { Cipher, Clock, KeyValueStore, Logger, OpenExternal, PowerEvents } from './ports.ts';
import { createSession, type Session } from './session.ts';
import { createSettings, type SettingsEnvironment, type SettingsService } from './settings.ts';
import { createTokenVault } from './tokens/vault.ts';

export interface CorePorts {
  cipher: Cipher;
  /** Three separate files: secrets, preferences and the (personal, not secret) library cache. */
  stores: { auth: KeyValueStore; settings: KeyValueStore; library: KeyValueStore };
  openExternal: OpenExternal;
  clock: Clock;
  power: PowerEvents & { emitOnline: () => void };
  logger: Logger;
  redactor: Redactor;
  env: SettingsEnvironment;
  signInTimeoutMs?: number;
  /** Host reaction to preference changes (the login item in Electron). */
  onPreferencesChanged?: (settings: Settings) => void;
}

export interface Core {
  session: Session;
  settings: SettingsService;
  library: LibrarySync;
  handlers: Handlers;
}

export function createCore(ports: CorePorts): Core {
  const settings = createSettings(ports.stores.settings, ports.env, ports.logger);
  const vault = createTokenVault({
    cipher: ports.cipher,
    store: ports.stores.auth,
    logger: ports.logger,
    redactor: ports.redactor,
    allowWeakStorage: () => settings.get().allowWeakTokenStorage,
  });
  // The library reports changes through the session, which is created just below.
  let notify = () => {};
  const library = createLibrarySync({
    cache: createLibraryCache(ports.stores.library, { logger: ports.logger }),
    clock: ports.clock,
    logger: ports.logger,
    onChange: () => notify(),
  });
  const session = createSession({
    settings,
    vault,
    library,
    openExternal: ports.openExternal,
    clock: ports.clock,
    power: ports.power,
    logger: ports.logger,
    redactor: ports.redactor,
    ...(ports.signInTimeoutMs ? { signInTimeoutMs: ports.signInTimeoutMs } : {}),
  });
  notify = () => session.notifyLibraryChanged();
  const handlers = createHandlers({
    session,
    settings,
    library,
    openExternal: ports.openExternal,
    logger: ports.logger,
    reportNetworkOnline: ports.power.emitOnline,
    ...(ports.onPreferencesChanged ? { onPreferencesChanged: ports.onPreferencesChanged } : {}),
  });
  return { session, settings, library, handlers };
}
