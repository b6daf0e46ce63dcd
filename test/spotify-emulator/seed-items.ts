/**
 * Deterministic playlist items (spotify-api.md §8): item i of a playlist depends only on the
 * playlist's id, owner and i, so a 10,000-item playlist costs nothing until someone reads it,
 * and the same request always gets the same answer. Most items are tracks; a few are podcast
 * episodes, local files, tracks unavailable in the user's market, and removed entries
 * (`item: null`), so every client meets each kind.
 */
import { episodeAt, localFileAt, trackAt } from './catalogue.ts';
import { prng, seedOf } from './ids.ts';
import type { EmulatorItem, EmulatorItemInput, EmulatorItemsEdit, EmulatorPlaylist } from './types.ts';

const HOUR = 3_600_000;
/** Collaborators who add to collaborative playlists next to the owner. */
const COLLABORATORS = ['weekendcrew', 'vinyl.club'];

type PlaylistKey = Pick<EmulatorPlaylist, 'id' | 'ownerId' | 'collaborative'>;

/** Spotify's timestamps have second precision and a Z. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** When the playlist's first item was added: somewhere in 2014-2025, fixed per playlist. */
function startOf(playlistId: string): number {
  return Date.UTC(2014, 0, 1) + (seedOf(playlistId, 'start') % (11 * 365)) * 24 * HOUR;
}

function addedByFor(p: PlaylistKey, rand: () => number): string | null {
  // Spotify's own editorial playlists carry no adder.
  if (p.ownerId === 'spotify') return null;
  if (p.collaborative && rand() < 0.4) return COLLABORATORS[Math.floor(rand() * COLLABORATORS.length)] ?? p.ownerId;
  return p.ownerId;
}

export function generatedItem(p: PlaylistKey, index: number): EmulatorItem {
  const rand = prng(seedOf(p.id, 'item', String(index)));
  const addedAt = isoSeconds(startOf(p.id) + index * 6 * HOUR + Math.floor(rand() * 5 * HOUR));
  const addedBy = addedByFor(p, rand);
  const roll = rand();
  const pickIndex = Math.floor(rand() * 1_000_000);
  if (roll < 0.004) return { type: 'removed', addedAt, addedBy };
  if (roll < 0.012) return { type: 'local', ...localFileAt(pickIndex), addedAt, addedBy };
  if (roll < 0.04) return { type: 'episode', ...episodeAt(pickIndex), addedAt, addedBy };
  return { type: 'track', ...trackAt(pickIndex), playable: roll >= 0.05, addedAt, addedBy };
}

export function generatedItems(p: PlaylistKey, count: number): EmulatorItem[] {
  return Array.from({ length: count }, (_, i) => generatedItem(p, i));
}

/** Fills what a test left out of an item, deterministically by playlist and position. */
export function completeItem(p: PlaylistKey, input: EmulatorItemInput, index: number): EmulatorItem {
  const rand = prng(seedOf(p.id, 'explicit', String(index)));
  const addedAt = input.addedAt ?? isoSeconds(startOf(p.id) + index * 6 * HOUR);
  const addedBy = input.addedBy === undefined ? addedByFor(p, rand) : input.addedBy;
  const k = Math.floor(rand() * 1_000_000);
  switch (input.type) {
    case 'removed':
      return { type: 'removed', addedAt, addedBy };
    case 'local':
      return { ...localFileAt(k), ...definedOnly(input), type: 'local', addedAt, addedBy };
    case 'episode':
      return { ...episodeAt(k), ...definedOnly(input), type: 'episode', addedAt, addedBy };
    case 'track':
      return { ...trackAt(k), playable: true, ...definedOnly(input), type: 'track', addedAt, addedBy };
  }
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The list after an edit; positions out of range are a caller mistake and throw. */
export function applyEdit(p: PlaylistKey, items: readonly EmulatorItem[], edit: EmulatorItemsEdit): EmulatorItem[] {
  const remove = new Set(edit.remove ?? []);
  for (const position of remove) {
    if (!Number.isInteger(position) || position < 0 || position >= items.length) {
      throw new RangeError(`remove: position ${position} is not in the playlist (0..${items.length - 1})`);
    }
  }
  const kept = items.filter((_, i) => !remove.has(i));
  if (!edit.insert) return kept;
  const { position, items: inputs } = edit.insert;
  if (!Number.isInteger(position) || position < 0 || position > kept.length) {
    throw new RangeError(`insert: position ${position} is outside 0..${kept.length}`);
  }
  const added = inputs.map((input, i) => completeItem(p, input, position + i));
  return [...kept.slice(0, position), ...added, ...kept.slice(position)];
}
