/** The demo world: one PKCE client and one listener with a realistic few hundred playlists. */
import type { World } from './state.ts';

export const DEMO_CLIENT_ID = '7d3b0c2e9f4a4d6b8e1f0a2c3b4d5e6f';
export const DEMO_USER_ID = 'demo';
export const DEMO_REDIRECT_URI = 'http://127.0.0.1/callback';
export const DEMO_PLAYLIST_COUNT = 300;

export function seedDemo(world: World, playlistCount = DEMO_PLAYLIST_COUNT): void {
  world.registerClient({
    clientId: DEMO_CLIENT_ID,
    name: 'Tunetray (demo)',
    secret: null,
    // Port-less loopback: the app's one-shot server may bind any port (RFC 8252 §7.3).
    redirectUris: [DEMO_REDIRECT_URI],
  });
  world.registerUser({
    id: DEMO_USER_ID,
    displayName: 'Demo Listener',
    country: 'SE',
    email: 'demo.listener@example.com',
    product: 'premium',
    images: true,
  });
  world.seedPlaylists(DEMO_USER_ID, playlistCount);
}
