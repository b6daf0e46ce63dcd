/**
 * A deterministic music catalogue for playlist items: track k, episode k and local file k are
 * pure functions of k, so the same track (same id, album and artists) turns up in many playlists,
 * as on Spotify, and nothing has to be stored until a test edits a playlist.
 */
import { base62Id, prng, seedOf } from './ids.ts';
import type { EmulatorRef } from './types.ts';

export const CATALOGUE_TRACKS = 20_000;
export const CATALOGUE_EPISODES = 600;
const TRACKS_PER_ALBUM = 10;
const ALBUMS_PER_ARTIST = 3;
const EPISODES_PER_SHOW = 30;

const WORDS = [
  'Midnight',
  'Golden',
  'River',
  'Neon',
  'Paper',
  'Silver',
  'Echo',
  'Summer',
  'Glass',
  'Velvet',
  'Wild',
  'Quiet',
  'Electric',
  'Northern',
  'Honey',
  'Ocean',
  'Static',
  'Lonely',
  'Crystal',
  'Burning',
  'Falling',
  'Distant',
  'Sugar',
  'Shadow',
  'Satellite',
  'Highway',
  'Garden',
  'Thunder',
  'Paradise',
  'Window',
  'Heartbeat',
  'Sunrise',
  'Stranger',
  'Wonder',
  'Dancer',
  'Signal',
  'Lights',
  'Rain',
  'Fire',
  'Dreams',
  'Lullaby',
  'Horizon',
  'Mirror',
  'Season',
];
const ARTIST_FIRST = ['The', 'Luna', 'Nova', 'Saint', 'Ivy', 'Oskar', 'Mira', 'Felix', 'June', 'Kai', 'Rosa', 'Theo'];
const ARTIST_LAST = [
  'Parade',
  'Atlas',
  'Lindqvist',
  'Moreau',
  'Collective',
  'Hearts',
  'Ortega',
  'Waves',
  'Okafor',
  'Engine',
  'Sato',
  'Foxes',
  'Brandt',
  'Orchestra',
  'Nakamura',
  'Machines',
  'Silva',
  'Club',
];
const SHOWS = [
  'The Morning Brief',
  'Deep Cuts Radio',
  'Stories of Sound',
  'Tech Today',
  'History Hour',
  'Slow Science',
  'Kitchen Table Talks',
  'The Long Run',
  'Mind the Gap',
  'Weekend Reads',
  'Cosmic Questions',
  'Inside the Studio',
  'Small Business Big Ideas',
  'Field Notes',
  'The Daily Puzzle',
  'Café Conversations',
  'Sound Check',
  'Night Owls',
  'Green Thumbs',
  'The Record Shelf',
];
const LOCAL_ARTISTS = ['My Band', 'Garage Trio', 'Unknown Artist', 'Grandpa on Piano'];
const LOCAL_ALBUMS = ['Rehearsal tapes', 'Phone recordings', 'Untitled', 'Live at the pub'];

function pick<T>(rand: () => number, list: ReadonlyArray<T>): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function titleOf(rand: () => number): string {
  const a = pick(rand, WORDS);
  const b = pick(rand, WORDS);
  const r = rand();
  if (r < 0.3) return a;
  if (r < 0.7) return `${a} ${b}`;
  if (r < 0.85) return `${a} ${b} (Remastered)`;
  return `${a} in the ${b}`;
}

export function artistAt(index: number): EmulatorRef {
  const rand = prng(seedOf('artist', String(index)));
  return { id: base62Id('artist', String(index)), name: `${pick(rand, ARTIST_FIRST)} ${pick(rand, ARTIST_LAST)}` };
}

export function albumAt(index: number): EmulatorRef & { artist: number } {
  const rand = prng(seedOf('album', String(index)));
  return { id: base62Id('album', String(index)), name: titleOf(rand), artist: Math.floor(index / ALBUMS_PER_ARTIST) };
}

export interface CatalogueTrack {
  id: string;
  name: string;
  artists: EmulatorRef[];
  album: EmulatorRef;
  durationMs: number;
}

export function trackAt(index: number): CatalogueTrack {
  const k = ((index % CATALOGUE_TRACKS) + CATALOGUE_TRACKS) % CATALOGUE_TRACKS;
  const rand = prng(seedOf('track', String(k)));
  const { artist, ...album } = albumAt(Math.floor(k / TRACKS_PER_ALBUM));
  const artists = [artistAt(artist)];
  // Some tracks feature a second artist.
  if (rand() < 0.15) artists.push(artistAt((artist + 1 + Math.floor(rand() * 50)) % 7000));
  return {
    id: base62Id('track', String(k)),
    name: titleOf(rand),
    artists,
    album,
    durationMs: 95_000 + Math.floor(rand() * 330_000),
  };
}

export interface CatalogueEpisode {
  id: string;
  name: string;
  show: EmulatorRef & { publisher: string };
  durationMs: number;
}

export function episodeAt(index: number): CatalogueEpisode {
  const k = ((index % CATALOGUE_EPISODES) + CATALOGUE_EPISODES) % CATALOGUE_EPISODES;
  const rand = prng(seedOf('episode', String(k)));
  const showIndex = Math.floor(k / EPISODES_PER_SHOW);
  const showName = SHOWS[showIndex % SHOWS.length] as string;
  return {
    id: base62Id('episode', String(k)),
    name: `#${(k % EPISODES_PER_SHOW) + 1}: ${titleOf(rand)}`,
    show: { id: base62Id('show', String(showIndex)), name: showName, publisher: `${showName} Media` },
    durationMs: 900_000 + Math.floor(rand() * 4_500_000),
  };
}

export function localFileAt(index: number): { name: string; artist: string; album: string; durationMs: number } {
  const rand = prng(seedOf('local', String(index)));
  return {
    name: `${titleOf(rand)} (demo ${1 + (index % 9)})`,
    artist: pick(rand, LOCAL_ARTISTS),
    album: pick(rand, LOCAL_ALBUMS),
    durationMs: 60_000 + Math.floor(rand() * 240_000),
  };
}
