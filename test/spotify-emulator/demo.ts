/**
 * The demo world: one PKCE client and one listener with a realistic few hundred playlists. The
 * first few show what a playlist can hold (spotify-api.md §8): a large one, podcast episodes,
 * local files, a track unavailable in the listener's market and a removed entry. Among the rest
 * some are followed from other users (their tracks are not listable in development mode) and
 * some are collaborative.
 */
import { imagesFor } from './seed.ts';
import type { World } from './state.ts';
import type { EmulatorItemInput } from './types.ts';

export const DEMO_CLIENT_ID = '7d3b0c2e9f4a4d6b8e1f0a2c3b4d5e6f';
export const DEMO_USER_ID = 'demo';
export const DEMO_REDIRECT_URI = 'http://127.0.0.1/callback';
export const DEMO_PLAYLIST_COUNT = 300;
/** The demo's large playlist, first in the list. */
export const DEMO_LARGE_PLAYLIST_ITEMS = 10_000;

const LARGE_ID = 'DemoAllTimeFavourites01';

const PODCASTS: EmulatorItemInput[] = [
  ...Array.from({ length: 14 }, (): EmulatorItemInput => ({ type: 'episode' })),
  { type: 'track' },
  { type: 'track' },
];

const FROM_MY_LAPTOP: EmulatorItemInput[] = [
  { type: 'local', name: 'Kitchen jam (take 2)', artist: 'My Band', album: 'Rehearsal tapes', durationMs: 214_000 },
  { type: 'track' },
  { type: 'local', name: 'Birthday song', artist: 'Grandpa on Piano', album: 'Phone recordings', durationMs: 96_000 },
  { type: 'removed' },
  { type: 'track', playable: false },
  { type: 'episode' },
  { type: 'track' },
  { type: 'local', name: 'Untitled 7', artist: 'Unknown Artist', album: 'Untitled', durationMs: 187_000 },
  { type: 'track' },
];

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
  if (playlistCount < 3) return;
  const generated = world.playlists.get(DEMO_USER_ID) ?? [];
  const owned = { ownerId: DEMO_USER_ID, ownerDisplayName: 'Demo Listener', public: true, collaborative: false };
  world.setPlaylists(DEMO_USER_ID, [
    {
      ...owned,
      id: LARGE_ID,
      name: 'All-time favourites',
      trackCount: DEMO_LARGE_PLAYLIST_ITEMS,
      images: imagesFor(world, { ...owned, id: LARGE_ID, trackCount: DEMO_LARGE_PLAYLIST_ITEMS }, 'mosaic'),
    },
    { ...owned, id: 'DemoCommutePodcasts001', name: 'Commute podcasts', description: 'Episodes for the train.' },
    { ...owned, id: 'DemoFromMyLaptop000001', name: 'From my laptop', public: false },
    ...generated.slice(3),
  ]);
  world.setPlaylistItems('DemoCommutePodcasts001', PODCASTS);
  world.setPlaylistItems('DemoFromMyLaptop000001', FROM_MY_LAPTOP);
}
