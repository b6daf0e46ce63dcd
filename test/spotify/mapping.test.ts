/**
 * Pure parts: schemas accept every observed variant and reject what the app cannot use;
 * mapping picks sensible fallbacks. The same variants are exercised over HTTP in web-api.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  pickImage,
  toPlaylistSummary,
  toProfile,
  UNREADABLE_OWNER_NAME,
  UNREADABLE_PLAYLIST_NAME,
} from '../../app/spotify/mapping.ts';
import { ApiErrorSchema, MeSchema, PlaylistPageSchema, SimplifiedPlaylistSchema } from '../../app/spotify/schemas.ts';

const basePlaylist = {
  collaborative: false,
  description: 'desc',
  external_urls: { spotify: 'https://open.spotify.com/playlist/p1' },
  href: 'https://api.spotify.com/v1/playlists/p1',
  id: 'p1',
  images: [{ url: 'https://i.scdn.co/large', height: 640, width: 640 }],
  name: 'Road trip',
  owner: {
    display_name: 'Listener',
    external_urls: { spotify: 'https://open.spotify.com/user/listener' },
    href: 'https://api.spotify.com/v1/users/listener',
    id: 'listener',
    type: 'user',
    uri: 'spotify:user:listener',
  },
  primary_color: null,
  public: true,
  snapshot_id: 'snap',
  tracks: { href: 'https://api.spotify.com/v1/playlists/p1/tracks', total: 12 },
  type: 'playlist',
  uri: 'spotify:playlist:p1',
};

describe('pickImage', () => {
  const sizes = [
    { url: 'big', width: 640, height: 640 },
    { url: 'mid', width: 300, height: 300 },
    { url: 'small', width: 60, height: 60 },
  ];
  it('takes the smallest image that is at least 64 px', () => {
    expect(pickImage(sizes)).toBe('mid');
    expect(pickImage([...sizes].reverse())).toBe('mid');
    expect(pickImage([{ url: 'a', width: 64, height: 64 }, ...sizes])).toBe('a');
  });
  it('takes the largest when every known size is too small', () => {
    expect(
      pickImage([
        { url: 'tiny', width: 30, height: 30 },
        { url: 'small', width: 60, height: 60 },
      ]),
    ).toBe('small');
  });
  it('takes the last when sizes are unknown, and null for none', () => {
    expect(
      pickImage([
        { url: 'first', width: null, height: null },
        { url: 'last', width: null, height: null },
      ]),
    ).toBe('last');
    expect(pickImage([])).toBeNull();
    expect(pickImage(null)).toBeNull();
    expect(pickImage(undefined)).toBeNull();
  });
});

describe('SimplifiedPlaylistSchema + toPlaylistSummary', () => {
  it('reads the track count from `tracks` or from `items`', () => {
    const withTracks = toPlaylistSummary(SimplifiedPlaylistSchema.parse(basePlaylist));
    expect(withTracks.trackCount).toBe(12);
    const { tracks: _, ...noTracks } = basePlaylist;
    const withItems = toPlaylistSummary(
      SimplifiedPlaylistSchema.parse({ ...noTracks, items: { href: 'x/items', total: 7 } }),
    );
    expect(withItems.trackCount).toBe(7);
    expect(toPlaylistSummary(SimplifiedPlaylistSchema.parse(noTracks)).trackCount).toBeNull();
  });

  it('accepts null/empty images and descriptions, null owner name and public, unknown extra fields', () => {
    for (const variant of [
      { images: null },
      { images: [] },
      { description: null },
      { description: '' },
      { public: null },
      { owner: { ...basePlaylist.owner, display_name: null } },
      { brand_new_field: { nested: true } },
    ]) {
      const parsed = SimplifiedPlaylistSchema.safeParse({ ...basePlaylist, ...variant });
      expect(parsed.success, JSON.stringify(variant)).toBe(true);
    }
    const summary = toPlaylistSummary(
      SimplifiedPlaylistSchema.parse({
        ...basePlaylist,
        images: null,
        public: null,
        owner: { ...basePlaylist.owner, display_name: null },
      }),
    );
    expect(summary).toEqual({
      id: 'p1',
      name: 'Road trip',
      ownerName: 'listener',
      ownerId: 'listener',
      trackCount: 12,
      isPublic: null,
      collaborative: false,
      imageUrl: null,
      spotifyUri: 'spotify:playlist:p1',
      webUrl: 'https://open.spotify.com/playlist/p1',
    });
  });

  it('rejects a playlist without an id: nothing could open it', () => {
    const { id: _, ...noId } = basePlaylist;
    expect(SimplifiedPlaylistSchema.safeParse(noId).success).toBe(false);
    expect(SimplifiedPlaylistSchema.safeParse({ ...basePlaylist, id: '' }).success).toBe(false);
    expect(SimplifiedPlaylistSchema.safeParse({ ...basePlaylist, id: 42 }).success).toBe(false);
  });

  // Found by the Spotify-body fuzz (test/fuzz/spotify.property.ts): one unreadable field, such as
  // `"images": [null]`, made the whole playlist vanish from the library.
  it('keeps a playlist whose other fields cannot be read, with placeholders for them', () => {
    const damaged = {
      ...basePlaylist,
      images: [null, { url: 'https://i.scdn.co/ok', width: 300, height: 300 }, { url: 7 }],
      name: 5,
      owner: null,
      uri: ['spotify:playlist:p1'],
      tracks: { total: 'many' },
      public: 'yes',
      collaborative: 'no',
      external_urls: [],
      description: { text: 'x' },
    };
    expect(toPlaylistSummary(SimplifiedPlaylistSchema.parse(damaged))).toEqual({
      id: 'p1',
      name: UNREADABLE_PLAYLIST_NAME,
      ownerName: UNREADABLE_OWNER_NAME,
      ownerId: '',
      trackCount: null,
      isPublic: null,
      collaborative: false,
      imageUrl: 'https://i.scdn.co/ok',
      spotifyUri: 'spotify:playlist:p1',
      webUrl: null,
    });
    const unnamedOwner = toPlaylistSummary(
      SimplifiedPlaylistSchema.parse({ ...basePlaylist, owner: { id: 9, display_name: 'Listener' } }),
    );
    expect(unnamedOwner).toMatchObject({ ownerName: 'Listener', ownerId: '' });
  });
});

describe('MeSchema + toProfile', () => {
  const full = {
    country: 'SE',
    display_name: 'Listener',
    email: 'a@example.com',
    explicit_content: { filter_enabled: false, filter_locked: false },
    external_urls: { spotify: 'https://open.spotify.com/user/listener' },
    followers: { href: null, total: 3 },
    href: 'https://api.spotify.com/v1/users/listener',
    id: 'listener',
    images: [{ url: 'https://i.scdn.co/avatar', height: 300, width: 300 }],
    product: 'premium',
    type: 'user',
    uri: 'spotify:user:listener',
    account_id: 'abc',
  };
  it('maps a full profile', () => {
    expect(toProfile(MeSchema.parse(full))).toEqual({
      id: 'listener',
      displayName: 'Listener',
      product: 'premium',
      country: 'SE',
      imageUrl: 'https://i.scdn.co/avatar',
      spotifyUri: 'spotify:user:listener',
      webUrl: 'https://open.spotify.com/user/listener',
    });
  });
  // Found by the Spotify-body fuzz: an unreadable avatar or name failed the whole profile.
  it('keeps a profile whose optional fields cannot be read', () => {
    const profile = toProfile(
      MeSchema.parse({ ...full, images: [null], display_name: 42, uri: null, product: 7, country: [], followers: 1 }),
    );
    expect(profile).toEqual({
      id: 'listener',
      displayName: 'listener',
      product: null,
      country: null,
      imageUrl: null,
      spotifyUri: 'spotify:user:listener',
      webUrl: 'https://open.spotify.com/user/listener',
    });
    expect(MeSchema.safeParse({ ...full, id: null }).success).toBe(false);
  });
  it('accepts the development-mode profile (no country/email/product/followers/explicit_content) and null display_name', () => {
    const { country: _c, email: _e, product: _p, followers: _f, explicit_content: _x, ...dev } = full;
    const profile = toProfile(MeSchema.parse({ ...dev, display_name: null, images: [] }));
    expect(profile).toMatchObject({ displayName: 'listener', product: null, country: null, imageUrl: null });
  });
});

describe('PlaylistPageSchema and ApiErrorSchema', () => {
  it('accepts a page with null next/previous and leaves items to per-item parsing', () => {
    const page = PlaylistPageSchema.parse({
      href: 'h',
      items: [basePlaylist, null],
      limit: 50,
      next: null,
      offset: 0,
      previous: null,
      total: 2,
    });
    expect(page.items).toHaveLength(2);
  });
  it('rejects a page without total', () => {
    expect(PlaylistPageSchema.safeParse({ items: [], limit: 50, offset: 0 }).success).toBe(false);
  });
  it('reads the Web API error body with and without reason', () => {
    expect(
      ApiErrorSchema.parse({ error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' } }).error,
    ).toEqual({ status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' });
    expect(ApiErrorSchema.parse({ error: { status: 403 } }).error.message).toBe('');
    expect(ApiErrorSchema.safeParse('Active premium subscription required').success).toBe(false);
  });
});
