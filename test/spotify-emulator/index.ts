/**
 * Tunetray's local Spotify: Accounts service + the Web API endpoints the app uses, over real
 * HTTP on 127.0.0.1, with a control API for tests. See ../../../shared/spotify-api.md.
 */
import { loopbackCertificate } from '../support/certificates.ts';
import { ConsentStore } from './accounts/sessions.ts';
import { playBrowser } from './browser.ts';
import { seedDemo } from './demo.ts';
import { FaultQueue } from './faults.ts';
import { RequestLog } from './request-log.ts';
import { attachEmulator, bindServer } from './server.ts';
import { World } from './state.ts';
import { TokenStore } from './tokens.ts';
import type { Emulator, EmulatorOptions } from './types.ts';

export {
  DEMO_CLIENT_ID,
  DEMO_LARGE_PLAYLIST_ITEMS,
  DEMO_PLAYLIST_COUNT,
  DEMO_REDIRECT_URI,
  DEMO_USER_ID,
} from './demo.ts';
export { PREMIUM_REQUIRED_TEXT } from './faults.ts';
export { CODE_LIFETIME_MS, REFRESH_HORIZON_MS } from './tokens.ts';
export type * from './types.ts';

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  let stop = () => {};
  const certificate = options.tls === true ? loopbackCertificate() : options.tls || null;
  const bound = await bindServer(options.port ?? 0, () => stop(), certificate ?? undefined);
  const url = (options.publicUrl ?? `${certificate ? 'https' : 'http'}://127.0.0.1:${bound.port}`).replace(/\/+$/, '');
  const world = new World(url, options.now ?? Date.now);
  const tokens = new TokenStore(world);
  const consent = new ConsentStore();
  const faults = new FaultQueue(() => world.now());
  const log = new RequestLog();
  if (options.demo) seedDemo(world, options.demoPlaylists);

  const emulator: Emulator = {
    url,
    port: bound.port,
    ca: certificate?.ca ?? null,
    connectionStats: () => bound.stats(),
    accountsUrl: url,
    apiUrl: world.apiUrl,
    close: () => bound.close(),
    registerClient: (c) => {
      const r = world.registerClient(c);
      world.version++;
      return r;
    },
    registerUser: (u) => world.registerUser(u),
    seedPlaylists: (userId, count, opts) => world.seedPlaylists(userId, count, opts),
    setPlaylists: (userId, playlists) => world.setPlaylists(userId, playlists),
    getPlaylists: (userId) => world.playlists.get(userId) ?? [],
    getPlaylistItems: (playlistId) => world.itemsOf(world.requirePlaylist(playlistId)),
    setPlaylistItems: (playlistId, items) => world.setPlaylistItems(playlistId, items),
    editPlaylistItems: (playlistId, edit) => world.editPlaylistItems(playlistId, edit),
    mintTokens: (m) => tokens.mint(m),
    expireAccessToken: (t) => tokens.expireAccessToken(t),
    expireAllAccessTokens: () => tokens.expireAllAccessTokens(),
    revokeRefreshToken: (t) => tokens.revokeRefreshToken(t),
    refreshTokenState: (t) => {
      const found = tokens.findRefreshToken(t);
      if (!found) return { status: 'unknown' };
      if (found.rotatedTo) return { status: 'rotated', to: found.rotatedTo.token, at: found.rotatedTo.at };
      return { status: found.status };
    },
    issuedSecrets: () => tokens.issuedSecrets(),
    setTokenLifetime: (s) => world.setTokenLifetime(s),
    setRotation: (clientId, rotate) => world.setRotation(clientId, rotate),
    setOptions: (o) => world.setSwitches(o),
    advanceClock: (ms) => world.advanceClock(ms),
    now: () => world.now(),
    fault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    get faults() {
      return faults.list();
    },
    get requests() {
      return log.snapshot();
    },
    clearRequests: () => log.clear(),
    playBrowser: (authorizeUrl, opts) => playBrowser(url, authorizeUrl, opts, certificate?.ca ?? null),
  };
  stop = attachEmulator(bound.server, { ctx: { world, tokens, consent }, faults, log, control: emulator }).stop;
  return emulator;
}
