/**
 * fetchPlaylistItems against the emulator: every entry in order and kind, the request count of
 * the parallel paging, conditional reloads (one request when unchanged), per-page ETags after an
 * edit, the development-mode 403, and a playlist that changes while it is read.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../app/result.ts';
import { fetchPlaylistItems } from '../../app/spotify/fetch-playlist-items.ts';
import { getPlaylistItemsPage, ItemsNotListable } from '../../app/spotify/playlist-api.ts';
import type { WebApi } from '../../app/spotify/web-api.ts';
import type { Emulator, EmulatorPlaylist } from '../spotify-emulator/types.ts';
import { newAccount, withSharedEmulator } from './helpers.ts';

let emu: Emulator;
const apis = withSharedEmulator((started) => {
  emu = started;
});

function account(playlists: Array<Partial<EmulatorPlaylist>>) {
  const a = newAccount(emu);
  apis.push(a.api);
  emu.setPlaylists(a.userId, playlists);
  return a;
}

const itemRequests = (id: string) => emu.requests.filter((r) => r.path.startsWith(`/v1/playlists/${id}`));

describe('loading', () => {
  it.each([0, 1, 100, 101, 230])('%i entries: all of them, in order, in 1 + ceil((n-100)/50) requests', async (n) => {
    const { api } = account([{ id: `Pl${n}`, trackCount: n }]);
    const result = await fetchPlaylistItems(api, `Pl${n}`);
    const expected = emu.getPlaylistItems(`Pl${n}`);
    expect(result.status).toBe('loaded');
    expect(result.value.items).toHaveLength(n);
    expect(result.value.items.map((i) => i.addedAt)).toEqual(expected.map((e) => Date.parse(e.addedAt)));
    expect(result.value.details.total).toBe(n);
    const requests = 1 + Math.max(0, Math.ceil((n - 100) / 50));
    expect(result.requests).toBe(requests);
    const log = itemRequests(`Pl${n}`);
    expect(log).toHaveLength(requests);
    expect(log.filter((r) => r.path.endsWith('/items')).every((r) => r.query.limit === '50')).toBe(true);
    expect(log.every((r) => r.query.market === 'from_token')).toBe(true);
    expect(log.some((r) => r.path.endsWith('/tracks'))).toBe(false);
  });

  it('maps every kind: track, episode, local file, unavailable and removed, none dropped', async () => {
    const { api } = account([{ id: 'Kinds', trackCount: 0 }]);
    emu.setPlaylistItems('Kinds', [
      {
        type: 'track',
        name: 'Song',
        artists: [
          { id: 'A1', name: 'Band' },
          { id: 'A2', name: 'Guest' },
        ],
      },
      { type: 'episode', name: 'Ep', show: { id: 'S1', name: 'The Show', publisher: 'P' } },
      { type: 'local', name: 'Take 2', artist: 'Me', album: 'Tapes', durationMs: 61_000 },
      { type: 'track', name: 'Gone here', playable: false },
      { type: 'removed' },
    ]);
    const { value } = await fetchPlaylistItems(api, 'Kinds');
    expect(value.items.map((i) => i.kind)).toEqual(['track', 'episode', 'local', 'unavailable', 'removed']);
    const [track, episode, local, , removed] = value.items;
    expect(track).toMatchObject({
      title: 'Song',
      subtitle: 'Band, Guest',
      uri: expect.stringMatching(/^spotify:track:/),
      webUrl: expect.stringMatching(/^https:\/\/open\.spotify\.com\/track\//),
      imageUrl: expect.stringContaining('/image/64/'),
    });
    expect(episode).toMatchObject({
      title: 'Ep',
      subtitle: 'The Show',
      uri: expect.stringMatching(/^spotify:episode:/),
    });
    expect(local).toMatchObject({ title: 'Take 2', subtitle: 'Me', album: 'Tapes', webUrl: null, imageUrl: null });
    expect(local?.uri).toMatch(/^spotify:local:/);
    expect(removed).toMatchObject({ title: '', uri: null, addedAt: expect.any(Number) });
  });

  it('10,000 entries: 1 + 198 requests, at most 13 at a time, in order', async () => {
    const { api } = account([{ id: 'Large', trackCount: 10_000 }]);
    let inFlight = 0;
    let most = 0;
    const counting: WebApi = {
      ...api,
      getJson: async (path, read, options) => {
        most = Math.max(most, ++inFlight);
        try {
          return await api.getJson(path, read, options);
        } finally {
          inFlight--;
        }
      },
    };
    emu.fault({ kind: 'latency', ms: 5 });
    const result = await fetchPlaylistItems(counting, 'Large');
    expect(most).toBe(13);
    expect(result.value.items).toHaveLength(10_000);
    expect(result.requests).toBe(199);
    expect(result.value.pages.map((p) => p.offset)).toEqual(Array.from({ length: 198 }, (_, i) => 100 + i * 50));
    expect(result.value.embedded).toBe(100);
  });
});

describe('reloading', () => {
  it('unchanged: exactly one request, a 304 with no body, and the same items', async () => {
    const { api } = account([{ id: 'Same', trackCount: 430 }]);
    const first = await fetchPlaylistItems(api, 'Same');
    emu.clearRequests();
    const again = await fetchPlaylistItems(api, 'Same', { previous: first.value });
    expect(again).toMatchObject({ status: 'unchanged', requests: 1, notModified: 0, bytes: 0 });
    expect(again.value.items).toBe(first.value.items);
    const log = itemRequests('Same');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ path: '/v1/playlists/Same', status: 304, bytes: 0 });
    expect(log[0]?.headers['if-none-match']).toBe(first.value.etag);
  });

  it('a new snapshot reloads, and pages before an edit deep in the list come back 304', async () => {
    const { api } = account([{ id: 'Edited', trackCount: 600 }]);
    const first = await fetchPlaylistItems(api, 'Edited');
    // Same length, one entry replaced at position 520: only the page holding it changes.
    emu.editPlaylistItems('Edited', {
      remove: [520],
      insert: { position: 520, items: [{ type: 'track', name: 'New' }] },
    });
    const again = await fetchPlaylistItems(api, 'Edited', { previous: first.value });
    expect(again.status).toBe('loaded');
    expect(again.value.items[520]?.title).toBe('New');
    expect(again.value.items).toHaveLength(600);
    expect(again.value.details.snapshotId).not.toBe(first.value.details.snapshotId);
    // 1 playlist + 10 pages; all pages but the one with position 520 (offset 500) are 304.
    expect(again.requests).toBe(11);
    expect(again.notModified).toBe(9);
  });

  it('the same snapshot behind a changed ETag (followers, cover URLs) is still unchanged', async () => {
    const { api } = account([{ id: 'Meta', trackCount: 120 }]);
    const first = await fetchPlaylistItems(api, 'Meta');
    const stale = { ...first.value, etag: '"not-the-current-one"' };
    const again = await fetchPlaylistItems(api, 'Meta', { previous: stale });
    expect(again).toMatchObject({ status: 'unchanged', requests: 1 });
    expect(again.value.etag).toBe(first.value.etag);
  });

  it('a playlist that changes while it is read is read again once, from the start', async () => {
    const { api } = account([{ id: 'Moving', trackCount: 300 }]);
    let edited = false;
    const racing: WebApi = {
      ...api,
      getJson: async (path, read, options) => {
        const res = await api.getJson(path, read, options);
        // Right after the playlist object (first attempt): someone appends a track.
        if (!edited && !path.includes('/items')) {
          edited = true;
          emu.editPlaylistItems('Moving', { insert: { position: 300, items: [{ type: 'track', name: 'Late' }] } });
        }
        return res;
      },
    };
    const result = await fetchPlaylistItems(racing, 'Moving');
    expect(result.restarted).toBe(true);
    expect(result.value.items).toHaveLength(301);
    expect(result.value.items.at(-1)?.title).toBe('Late');
  });
});

describe('refusals', () => {
  it("another user's playlist: Spotify's 403 becomes ItemsNotListable (a forbidden AppError with the rule in words)", async () => {
    const { api } = account([{ id: 'Theirs', ownerId: 'someone', trackCount: 20 }]);
    const error = await fetchPlaylistItems(api, 'Theirs').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ItemsNotListable);
    expect(error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/own or collaborate on/) });
  });

  it('a Premium 403 is still the Premium error, not the development-mode rule', async () => {
    const { api } = account([{ id: 'Mine', trackCount: 20 }]);
    emu.fault({ kind: 'premium-403', path: '/v1/playlists/Mine' });
    const error = await fetchPlaylistItems(api, 'Mine').catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ItemsNotListable);
    expect(error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/Premium/) });
  });

  it('pages above 50 are refused before anything is sent', async () => {
    const { api } = account([{ id: 'Mine2', trackCount: 20 }]);
    await expect(getPlaylistItemsPage(api, 'Mine2', 0, 51)).rejects.toBeInstanceOf(AppError);
    expect(itemRequests('Mine2')).toHaveLength(0);
  });
});
