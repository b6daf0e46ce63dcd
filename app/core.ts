/**
 * The composition of app/: everything Tunetray does, built from the host's ports.
 * main/index.ts calls this with Electron adapters; tests and the browser harness with
 * plain-Node adapters. Nothing here knows which host it runs in.
 */
import type { Handlers } from './contract.ts';
import { createHandlers } from './handlers.ts';
import { createItemsCache } from './items/items-cache.ts';
import { createPlaylistItemsService, type PlaylistItemsService } from './items/playlist-items.ts';
import { createLibraryCache } from './library/library-cache.ts';
import { createLibrarySync, type LibrarySync } from './library-sync.ts';
import type { Redactor } from './log.ts';
import type { Settings } from './model.ts';
import type { Cipher, Clock, KeyValueStore, Logger, OpenExternal, PowerEvents } from './ports.ts';
import { createSession, type Session } from './session.ts';
import { createSettings, type SettingsEnvironment, type SettingsService } from './settings.ts';
import type { NetworkOptions } from './spotify/http.ts';
import { createTokenVault } from './tokens/vault.ts';

export interface CorePorts {
  cipher: Cipher;
  /** Separate files: secrets, preferences, and the (personal, not secret) library and playlist-contents caches. */
  stores: { auth: KeyValueStore; settings: KeyValueStore; library: KeyValueStore; items: KeyValueStore };
  openExternal: OpenExternal;
  clock: Clock;
  power: PowerEvents & { emitOnline: () => void };
  logger: Logger;
  redactor: Redactor;
  env: SettingsEnvironment;
  /**
   * The app runs from an installed package (Electron's app.isPackaged, read by main/): endpoint
   * overrides from the environment and settings.json are ignored (app/endpoint-policy.ts).
   */
  packaged: boolean;
  signInTimeoutMs?: number;
  /** Host reaction to preference changes (the login item in Electron). */
  onPreferencesChanged?: (settings: Settings) => void;
  /** The system's proxy resolver, proxy environment and extra roots; absent: direct, Node's and the system's roots. */
  network?: NetworkOptions;
  /** The start-up library sync waits for this (the window's first paint); see SessionDeps. */
  uiReady?: Promise<void>;
}

export interface Core {
  session: Session;
  settings: SettingsService;
  library: LibrarySync;
  items: PlaylistItemsService;
  handlers: Handlers;
}

export function createCore(ports: CorePorts): Core {
  const settings = createSettings(ports.stores.settings, ports.env, ports.logger, { packaged: ports.packaged });
  const vault = createTokenVault({
    cipher: ports.cipher,
    store: ports.stores.auth,
    logger: ports.logger,
    redactor: ports.redactor,
    allowWeakStorage: () => settings.get().allowWeakTokenStorage,
  });
  // The library reports changes through the session, which is created just below.
  let notify = () => {};
  let clearItems = () => {};
  const library = createLibrarySync({
    cache: createLibraryCache(ports.stores.library, { logger: ports.logger }),
    clock: ports.clock,
    logger: ports.logger,
    onChange: () => notify(),
    onClear: () => clearItems(),
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
    ...(ports.network ? { network: ports.network } : {}),
    ...(ports.uiReady ? { uiReady: ports.uiReady } : {}),
  });
  notify = () => session.notifyLibraryChanged();
  const items = createPlaylistItemsService({
    cache: createItemsCache(ports.stores.items, { clock: ports.clock, logger: ports.logger }),
    library,
    api: session.webApi,
    logger: ports.logger,
  });
  clearItems = items.clear;
  const handlers = createHandlers({
    session,
    settings,
    library,
    items,
    openExternal: ports.openExternal,
    logger: ports.logger,
    reportNetworkOnline: ports.power.emitOnline,
    ...(ports.onPreferencesChanged ? { onPreferencesChanged: ports.onPreferencesChanged } : {}),
  });
  return { session, settings, library, items, handlers };
}
