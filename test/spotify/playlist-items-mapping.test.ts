/** Playlist entries as Spotify has sent them, odd ones included: each becomes one row, none vanish. */
import { describe, expect, test } from 'vitest';
import { canListItems } from '../../app/items/model.ts';
import { UNREADABLE_OWNER_NAME, UNREADABLE_PLAYLIST_NAME } from '../../app/spotify/mapping.ts';
import { toPlaylistDetails, toPlaylistItem } from '../../app/spotify/playlist-items-mapping.ts';
import { EntriesPageSchema, FullPlaylistSchema } from '../../app/spotify/playlist-items-schemas.ts';

const track = (extra: Record<string, unknown> = {}) => ({
  type: 'track',
  id: 't1',
  name: 'Song',
  uri: 'spotify:track:t1',
  duration_ms: 200_000,
  artists: [{ id: 'a1', name: 'Band' }],
  album: {
    name: 'Album',
    images: [
      { url: 'https://i.scdn.co/image/640', width: 640, height: 640 },
      { url: 'https://i.scdn.co/image/300', width: 300, height: 300 },
      { url: 'https://i.scdn.co/image/64', width: 64, height: 64 },
    ],
  },
  external_urls: { spotify: 'https://open.spotify.com/track/t1' },
  ...extra,
});
const entry = (item: unknown, extra: Record<string, unknown> = {}) => ({
  added_at: '2024-03-12T18:22:05Z',
  added_by: { id: 'me' },
  is_local: false,
  item,
  ...extra,
});

describe('toPlaylistItem', () => {
  test('a track: title, artists, album, duration, the 64 px cover, added date, uri and web URL', () => {
    expect(toPlaylistItem(entry(track()))).toEqual({
      kind: 'track',
      title: 'Song',
      subtitle: 'Band',
      album: 'Album',
      durationMs: 200_000,
      imageUrl: 'https://i.scdn.co/image/64',
      addedAt: Date.UTC(2024, 2, 12, 18, 22, 5),
      uri: 'spotify:track:t1',
      webUrl: 'https://open.spotify.com/track/t1',
    });
  });

  test('before 2026 the item was under `track`', () => {
    expect(toPlaylistItem({ added_at: null, track: track() })).toMatchObject({ kind: 'track', title: 'Song' });
  });

  test('not playable in the market, or restricted: unavailable, still shown', () => {
    expect(toPlaylistItem(entry(track({ is_playable: false }))).kind).toBe('unavailable');
    expect(toPlaylistItem(entry(track({ restrictions: { reason: 'market' } }))).kind).toBe('unavailable');
  });

  test('null item: removed, with its added date', () => {
    expect(toPlaylistItem(entry(null))).toMatchObject({ kind: 'removed', title: '', addedAt: expect.any(Number) });
  });

  test('a local file: no cover, no web page, its spotify:local: URI', () => {
    const local = track({ id: null, is_local: true, uri: 'spotify:local:Me:Tapes:Take:61', album: { name: 'Tapes' } });
    expect(toPlaylistItem(entry(local, { is_local: true }))).toMatchObject({
      kind: 'local',
      imageUrl: null,
      webUrl: null,
      uri: 'spotify:local:Me:Tapes:Take:61',
    });
  });

  test('an episode: the show as subtitle, its own cover or the show cover', () => {
    const episode = {
      type: 'episode',
      name: 'Ep 1',
      uri: 'spotify:episode:e1',
      duration_ms: 1_800_000,
      images: [],
      show: { name: 'The Show', images: [{ url: 'https://i.scdn.co/image/show64', width: 64, height: 64 }] },
    };
    expect(toPlaylistItem(entry(episode))).toMatchObject({
      kind: 'episode',
      title: 'Ep 1',
      subtitle: 'The Show',
      album: null,
      imageUrl: 'https://i.scdn.co/image/show64',
    });
  });

  test.each([
    ['not an object', 42],
    ['null entry', null],
    ['neither item nor track', { added_at: '2024-01-01T00:00:00Z' }],
    ['a track whose name is a number', entry(track({ name: 7 }))],
    ['an episode without shape', entry({ type: 'episode', duration_ms: 'long' })],
  ])('unreadable (%s): kept as an unreadable row', (_, raw) => {
    expect(toPlaylistItem(raw).kind).toBe('unreadable');
  });

  test('odd parts cost only themselves: [null] images, a null artist, a missing album, epoch-0 dates', () => {
    const odd = track({ artists: [null, { name: 'Band' }], album: { name: 'A', images: [null, { url: 'x' }] } });
    expect(toPlaylistItem(entry(odd, { added_at: '1970-01-01T00:00:00Z' }))).toMatchObject({
      kind: 'track',
      subtitle: 'Band',
      imageUrl: 'x',
      addedAt: null,
    });
    expect(toPlaylistItem(entry(track({ album: null, artists: null, name: '' })))).toMatchObject({
      title: 'Untitled',
      subtitle: null,
      album: null,
    });
  });

  test('a page with one unreadable entry keeps its neighbours in place', () => {
    const page = EntriesPageSchema.parse({ items: [entry(track()), { nonsense: true }, entry(null)], total: 3 });
    expect(page.items.map(toPlaylistItem).map((i) => i.kind)).toEqual(['track', 'unreadable', 'removed']);
  });
});

describe('toPlaylistDetails', () => {
  test('the header: name, owner, a cover of about 128 px, the count, the snapshot', () => {
    const playlist = FullPlaylistSchema.parse({
      id: 'p1',
      name: 'Mix',
      uri: 'spotify:playlist:p1',
      images: [
        { url: 'https://mosaic.scdn.co/640/x', width: 640, height: 640 },
        { url: 'https://mosaic.scdn.co/300/x', width: 300, height: 300 },
        { url: 'https://mosaic.scdn.co/60/x', width: 60, height: 60 },
      ],
      owner: { id: 'me', display_name: null },
      snapshot_id: 'snap',
      followers: { total: 3 },
      items: { href: 'h', total: 12 },
    });
    expect(toPlaylistDetails(playlist)).toMatchObject({
      name: 'Mix',
      ownerName: 'me',
      imageUrl: 'https://mosaic.scdn.co/300/x',
      total: 12,
      snapshotId: 'snap',
      followers: 3,
      description: null,
    });
  });
  test('a playlist whose name, owner or uri cannot be read still opens, with placeholders', () => {
    const parsed = FullPlaylistSchema.safeParse({
      id: 'p2',
      name: 42,
      uri: null,
      images: [null],
      owner: { id: null, display_name: ['x'] },
      items: { href: 'h', total: 'many' },
    });
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(toPlaylistDetails(parsed.data)).toMatchObject({
      id: 'p2',
      name: UNREADABLE_PLAYLIST_NAME,
      ownerName: UNREADABLE_OWNER_NAME,
      imageUrl: null,
      total: null,
      spotifyUri: 'spotify:playlist:p2',
    });
  });
});

describe('canListItems (development mode)', () => {
  test('own playlists and collaborative ones; not followed ones, not before the profile is known', () => {
    expect(canListItems({ ownerId: 'me', collaborative: false }, 'me')).toBe(true);
    expect(canListItems({ ownerId: 'friend', collaborative: true }, 'me')).toBe(true);
    expect(canListItems({ ownerId: 'friend', collaborative: false }, 'me')).toBe(false);
    expect(canListItems({ ownerId: 'me', collaborative: false }, null)).toBe(false);
  });
});
