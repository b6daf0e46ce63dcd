/**
 * Deterministic playlist data: the same user, count and options always give the same playlists,
 * so tests can assert names and counts and the demo looks the same every time.
 */
import { base62Id, prng, seedOf } from './ids.ts';
import { COVER_SIZES, coverUrl, mosaicUrl } from './images.ts';
import { generatedItem } from './seed-items.ts';
import type { EmulatorImage, EmulatorPlaylist, SeedOptions } from './types.ts';

/** What the generator needs from the world: the base URL that images are served under. */
export interface SeedContext {
  readonly url: string;
}

export const DEFAULT_SEED_OPTIONS: Required<SeedOptions> = {
  privateEvery: 7,
  collaborativeEvery: 11,
  noImageEvery: 13,
  nullDescriptionEvery: 9,
  ownedByOthersEvery: 5,
};

const MOODS = ['Late Night', 'Sunday Morning', 'Rainy Day', 'Golden Hour', 'Midnight', 'Slow', 'Sunny', 'Deep'];
const THINGS = ['Drive', 'Coffee', 'Focus', 'Run', 'Dinner', 'Study', 'Workout', 'Commute', 'Chill', 'Sleep'];
const GENRES = ['Indie', 'Jazz', 'Lo-fi', 'Techno', 'Folk', 'Soul', 'Post-rock', 'Synthwave', 'Disco', 'Ambient'];
const FIXED = [
  'Liked from Radio',
  'Songs to sing in the car',
  'Road trip 2025',
  'Wedding dance floor',
  'Kitchen disco',
  'Summer in Stockholm',
  'Throwbacks',
  'Guitar heroes',
  'Piano for rainy days',
  'Älskade låtar',
  'Café Montmartre',
  '🔥 on repeat',
  'Dad rock',
  'Fika',
  'Melancholy Mondays',
];
const DESCRIPTIONS = [
  'The soundtrack for the long way home.',
  'Everything I could not stop playing.',
  'Low-key tunes to keep you going.',
  'Curated with care. Updated whenever.',
  'For the moments between moments.',
];

/** Other people whose playlists the user follows; one has no display name, as real accounts can. */
const OTHER_OWNERS: ReadonlyArray<{ id: string; displayName: string | null }> = [
  { id: 'spotify', displayName: 'Spotify' },
  { id: 'weekendcrew', displayName: 'Weekend Crew' },
  { id: 'vinyl.club', displayName: 'vinyl.club' },
  { id: '31xk7qfz2mvwe4aplh3vdq', displayName: null },
  { id: 'musicajuntos', displayName: 'Música Juntos' },
];

function pick<T>(rand: () => number, list: ReadonlyArray<T>): T {
  const item = list[Math.floor(rand() * list.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function nameFor(rand: () => number, index: number): string {
  const r = rand();
  if (r < 0.25) return `${pick(rand, MOODS)} ${pick(rand, THINGS)}`;
  if (r < 0.45) return `${pick(rand, GENRES)} ${pick(rand, THINGS)}`;
  if (r < 0.6) return pick(rand, FIXED);
  if (r < 0.7) return `Running ${150 + Math.floor(rand() * 40)} BPM`;
  if (r < 0.8) return `Discover Weekly archive ${2020 + (index % 7)}-${String(1 + (index % 12)).padStart(2, '0')}`;
  if (r < 0.9) return `${pick(rand, GENRES)} essentials`;
  return `My playlist #${index + 1}`;
}

/** Every Nth (the Nth, 2Nth, ...); 0 or less disables. */
function every(n: number, index: number): boolean {
  return n > 0 && index % n === n - 1;
}

/**
 * Cover variants seen on Spotify: a mosaic of the first four album covers (three sizes, on
 * mosaic.scdn.co), a cover in three sizes (i.scdn.co, image-cdn-*.spotifycdn.com), or a single
 * custom upload whose size Spotify does not report (width and height null).
 */
export type CoverVariant = 'mosaic' | 'sized' | 'single';

/** The album ids of the first four tracks among the first items, or null when there are fewer. */
function mosaicSeeds(p: Pick<EmulatorPlaylist, 'id' | 'ownerId' | 'collaborative'>, count: number): string[] | null {
  const seeds: string[] = [];
  for (let i = 0; i < Math.min(count, 12) && seeds.length < 4; i++) {
    const item = generatedItem(p, i);
    if (item.type === 'track' && !seeds.includes(item.album.id)) seeds.push(item.album.id);
  }
  return seeds.length === 4 ? seeds : null;
}

export function imagesFor(
  ctx: SeedContext,
  p: Pick<EmulatorPlaylist, 'id' | 'ownerId' | 'collaborative' | 'trackCount'>,
  variant: CoverVariant,
): EmulatorImage[] {
  const seeds = variant === 'mosaic' ? mosaicSeeds(p, p.trackCount) : null;
  if (variant === 'single') return [{ url: coverUrl(ctx.url, p.id, 300), height: null, width: null }];
  return COVER_SIZES.map((size) => ({
    url: seeds ? mosaicUrl(ctx.url, seeds, size) : coverUrl(ctx.url, p.id, size),
    height: size,
    width: size,
  }));
}

export function generatePlaylists(
  ctx: SeedContext,
  owner: { id: string; displayName: string | null },
  count: number,
  options: SeedOptions = {},
): EmulatorPlaylist[] {
  const o = { ...DEFAULT_SEED_OPTIONS, ...options };
  const out: EmulatorPlaylist[] = [];
  let noImageCount = 0;
  for (let i = 0; i < count; i++) {
    const rand = prng(seedOf(owner.id, String(i)));
    const id = base62Id('playlist', owner.id, String(i));
    const name = nameFor(rand, i);
    const followed = every(o.ownedByOthersEvery, i);
    const ownerRef = followed ? pick(rand, OTHER_OWNERS) : owner;
    const collaborative = every(o.collaborativeEvery, i);
    const isPrivate = !followed && every(o.privateEvery, i);
    const noImage = every(o.noImageEvery, i);
    const imageRoll = noImage ? 0 : rand();
    const trackRoll = rand();
    const trackCount =
      trackRoll < 0.04 ? 0 : trackRoll < 0.9 ? 1 + Math.floor(rand() * 120) : Math.floor(rand() * 2500);
    let images: EmulatorImage[] | null;
    if (noImage) {
      // Both shapes occur on the real service: alternate so tests meet each.
      images = noImageCount++ % 2 === 0 ? [] : null;
    } else {
      const variant: CoverVariant = imageRoll < 0.45 ? 'mosaic' : imageRoll < 0.75 ? 'sized' : 'single';
      images = imagesFor(ctx, { id, ownerId: ownerRef.id, collaborative, trackCount }, variant);
    }
    out.push({
      id,
      name,
      description: every(o.nullDescriptionEvery, i) ? null : rand() < 0.4 ? '' : pick(rand, DESCRIPTIONS),
      ownerId: ownerRef.id,
      ownerDisplayName: ownerRef.displayName,
      public: collaborative || isPrivate ? false : followed && rand() < 0.2 ? null : true,
      collaborative,
      images,
      trackCount,
      snapshotId: base62Id('snapshot', id, String(trackCount)) + base62Id('s2', id),
      primaryColor: rand() < 0.1 ? '#ffffff' : null,
    });
  }
  return out;
}

/** Fills what a test left out of an explicit playlist, deterministically by position. */
export function completePlaylist(
  ctx: SeedContext,
  owner: { id: string; displayName: string | null },
  partial: Partial<EmulatorPlaylist>,
  index: number,
): EmulatorPlaylist {
  const id = partial.id ?? base62Id('playlist', owner.id, 'explicit', String(index));
  const name = partial.name ?? `Playlist ${index + 1}`;
  const ownerId = partial.ownerId ?? owner.id;
  return {
    id,
    name,
    description: partial.description === undefined ? '' : partial.description,
    ownerId,
    ownerDisplayName:
      partial.ownerDisplayName === undefined
        ? ownerId === owner.id
          ? owner.displayName
          : ownerId
        : partial.ownerDisplayName,
    public: partial.public === undefined ? true : partial.public,
    collaborative: partial.collaborative ?? false,
    images:
      partial.images === undefined
        ? imagesFor(ctx, { id, ownerId, collaborative: partial.collaborative ?? false, trackCount: 0 }, 'sized')
        : partial.images,
    trackCount: partial.trackCount ?? 0,
    snapshotId: partial.snapshotId ?? base62Id('snapshot', id, name),
    primaryColor: partial.primaryColor ?? null,
  };
}
