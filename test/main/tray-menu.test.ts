import { describe, expect, test } from 'vitest';
import type { PlaylistSummary, SessionState } from '../../app/model.ts';
import { TRAY_PLAYLIST_LIMIT, type TrayItem, trayMenu, trayTooltip } from '../../main/tray-menu.ts';

const playlist = (i: number): PlaylistSummary => ({
  id: `p${i}`,
  name: i === 0 ? 'Rock & Roll' : `Playlist ${i}`,
  ownerName: 'Listener',
  ownerId: 'listener',
  trackCount: i,
  isPublic: true,
  collaborative: false,
  imageUrl: null,
  spotifyUri: `spotify:playlist:p${i}`,
  webUrl: null,
});

const connected = (
  count: number,
  sync: SessionState & { status: 'connected' } extends infer S
    ? S extends { library: { sync: infer Y } }
      ? Y
      : never
    : never = { kind: 'idle' },
): SessionState => ({
  status: 'connected',
  profile: {
    id: 'listener',
    displayName: 'Listener',
    product: 'premium',
    country: null,
    imageUrl: null,
    spotifyUri: 'spotify:user:listener',
    webUrl: null,
  },
  library: { revision: 1, playlistCount: count, updatedAt: 0, sync },
  reconnectBy: null,
  tokenStorage: { mode: 'encrypted', explanation: null },
  notice: null,
});

const labels = (items: TrayItem[]) => items.map((i) => (i.type === 'separator' ? '---' : i.label));
const actions = (items: TrayItem[]) => items.flatMap((i) => (i.type === 'normal' && i.action ? [i.action.kind] : []));

describe('trayMenu', () => {
  test('needs setup: only set up and quit', () => {
    const menu = trayMenu({ status: 'needs-setup', notice: null }, []);
    expect(labels(menu)).toEqual(['Set up Tunetray…', '---', 'Quit Tunetray']);
    expect(actions(menu)).toEqual(['open-window', 'quit']);
  });

  test('signed out: connect is offered, no disconnect', () => {
    const menu = trayMenu({ status: 'signed-out', notice: null }, []);
    expect(actions(menu)).toEqual(['connect', 'open-window', 'quit']);
  });

  test('connecting: cancel is offered', () => {
    const menu = trayMenu({ status: 'connecting', step: 'waiting-for-browser', notice: null }, []);
    expect(actions(menu)).toContain('cancel-connect');
    expect(actions(menu)).not.toContain('connect');
  });

  test('connecting: the step is named; a locked keyring offers to stop waiting', () => {
    const loading = trayMenu({ status: 'connecting', step: 'loading-profile', notice: null }, []);
    expect(labels(loading).slice(0, 2)).toEqual(['Loading your profile…', 'Cancel sign-in']);
    const locked = trayMenu({ status: 'connecting', step: 'waiting-for-keyring', notice: null }, []);
    expect(labels(locked).slice(0, 2)).toEqual(['Keyring locked: waiting to connect…', 'Stop waiting']);
    expect(actions(locked)).toContain('cancel-connect');
    expect(trayTooltip({ status: 'connecting', step: 'waiting-for-keyring', notice: null })).toMatch(
      /keyring is locked/,
    );
  });

  test('connected: profile line, the first 25 playlists in order, then All playlists', () => {
    const all = Array.from({ length: 60 }, (_, i) => playlist(i));
    const menu = trayMenu(connected(60), all);
    expect(labels(menu)).toEqual([
      'Signed in as Listener',
      'Playlists',
      '---',
      'Refresh now',
      'Open Tunetray',
      '---',
      'Disconnect',
      'Quit Tunetray',
    ]);
    const sub = menu.find((i) => i.type === 'normal' && i.label === 'Playlists');
    const submenu = sub?.type === 'normal' ? (sub.submenu ?? []) : [];
    expect(submenu).toHaveLength(TRAY_PLAYLIST_LIMIT + 2);
    expect(labels(submenu).slice(0, 3)).toEqual(['Rock && Roll', 'Playlist 1', 'Playlist 2']);
    expect(labels(submenu).at(-1)).toBe('All playlists (60)…');
    const first = submenu[0];
    expect(first?.type === 'normal' && first.action).toEqual({ kind: 'open-playlist', playlistId: 'p0' });
  });

  test('connected with few playlists: no All playlists entry; none: a disabled hint', () => {
    const few = trayMenu(connected(3), [playlist(1), playlist(2), playlist(3)]);
    const sub = few[1];
    expect(sub?.type === 'normal' && labels(sub.submenu ?? [])).toEqual(['Playlist 1', 'Playlist 2', 'Playlist 3']);
    const none = trayMenu(connected(0), [])[1];
    expect(none?.type === 'normal' && none.submenu?.[0]).toMatchObject({ label: 'No playlists yet', enabled: false });
  });

  test('refresh is disabled while syncing', () => {
    const menu = trayMenu(connected(1, { kind: 'syncing', loaded: 0, total: null }), [playlist(1)]);
    expect(menu.find((i) => i.type === 'normal' && i.label === 'Refreshing…')).toMatchObject({ enabled: false });
  });
});

describe('trayTooltip', () => {
  test('describes each state', () => {
    expect(trayTooltip({ status: 'signed-out', notice: null })).toBe('Tunetray: not connected');
    expect(trayTooltip(connected(12))).toBe('Tunetray: Listener, 12 playlists');
    expect(trayTooltip(connected(12, { kind: 'offline', since: 0 }))).toBe('Tunetray: Listener (offline)');
  });
});
