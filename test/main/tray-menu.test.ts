import { describe, expect, test } from 'vitest';
import type { PlaylistSummary, SessionState } from '../../app/model.ts';
import {
  sameTrayItems,
  TRAY_PLAYLIST_LIMIT,
  TRAY_PLAYLIST_NAME_CHARS,
  TRAY_PROFILE_NAME_CHARS,
  TRAY_TOOLTIP_CHARS,
  type TrayItem,
  trayMenu,
  trayTooltip,
} from '../../main/tray-menu.ts';

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
  connection: { proxy: null, proxySource: null },
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

describe('names from Spotify in the tray', () => {
  const submenuOf = (menu: TrayItem[]) => {
    const sub = menu.find((i) => i.type === 'normal' && i.label === 'Playlists');
    return sub?.type === 'normal' ? (sub.submenu ?? []) : [];
  };
  const named = (name: string): PlaylistSummary => ({ ...playlist(1), name });
  const withProfileName = (displayName: string): SessionState => {
    const state = connected(1);
    return state.status === 'connected' && state.profile
      ? { ...state, profile: { ...state.profile, displayName } }
      : state;
  };
  const UNSAFE = /[\p{Cc}\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;

  test('a 200,000-character playlist name becomes a short label with an ellipsis', () => {
    const [label] = labels(submenuOf(trayMenu(connected(1), [named(`Rock & Roll ${'x'.repeat(200_000)}`)])));
    expect(label?.startsWith('Rock && Roll xx')).toBe(true);
    expect(label?.endsWith('…')).toBe(true);
    expect(Array.from(label?.replace(/&&/g, '&') ?? '')).toHaveLength(TRAY_PLAYLIST_NAME_CHARS);
  });

  test('a 200,000-character profile name is capped in the menu and the tooltip', () => {
    const state = withProfileName('Ω'.repeat(200_000));
    const [first] = labels(trayMenu(state, []));
    expect(first).toBe(`Signed in as ${'Ω'.repeat(TRAY_PROFILE_NAME_CHARS - 1)}…`);
    const tooltip = trayTooltip(state);
    expect(tooltip).toBe(`Tunetray: ${'Ω'.repeat(TRAY_PROFILE_NAME_CHARS - 1)}…, 1 playlists`);
    expect(tooltip.length).toBeLessThanOrEqual(TRAY_TOOLTIP_CHARS);
  });

  test('control and bidirectional-override characters never reach a label or the tooltip', () => {
    const spoof =
      'Mix\u202Egnp.exe\u202C \u2066iso\u2069 \u200Emark\u200F\u061C tab\there\nnew\u0000nul\u0085nel\u009Bcsi\u007F';
    const menu = trayMenu(withProfileName(spoof), [named(spoof)]);
    const all = [...labels(menu), ...labels(submenuOf(menu)), trayTooltip(withProfileName(spoof))];
    for (const text of all) expect(text).not.toMatch(UNSAFE);
    expect(labels(submenuOf(menu))[0]).toBe('Mixgnp.exe iso mark tab here new nul nel csi');
  });

  test('emoji and accents are never split by the cap; & stays escaped after it', () => {
    const family = '👩‍👩‍👧‍👦';
    const [label] = labels(submenuOf(trayMenu(connected(1), [named(`${'é'.repeat(46)}&${family}${family}`)])));
    expect(label).toBe(`${'é'.repeat(46)}&&…`);
    const [fits] = labels(submenuOf(trayMenu(connected(1), [named(`${family} & Friends`)])));
    expect(fits).toBe(`${family} && Friends`);
  });

  test('a name that is nothing but controls still gives a usable label', () => {
    expect(labels(submenuOf(trayMenu(connected(1), [named('\u202E\u0000\u200F')])))[0]).toBe('Untitled playlist');
    expect(labels(trayMenu(withProfileName('\u0007'), []))[0]).toBe('Signed in as Spotify');
  });
});

describe('sameTrayItems', () => {
  const playlists = Array.from({ length: 40 }, (_, i) => playlist(i));
  const menu = (state: SessionState, list = playlists) => trayMenu(state, list);

  test('progress of a sync shows the same menu: nothing to set again', () => {
    const at50 = menu(connected(40, { kind: 'syncing', loaded: 50, total: 10_000 }));
    const at9950 = menu(connected(40, { kind: 'syncing', loaded: 9_950, total: 10_000 }));
    expect(sameTrayItems(at50, at9950)).toBe(true);
    expect(sameTrayItems(menu(connected(40)), menu(connected(40)))).toBe(true);
  });

  test('anything the menu shows differs: a sync starting or ending, a shown name, the count, the status', () => {
    const idle = menu(connected(40));
    expect(sameTrayItems(idle, menu(connected(40, { kind: 'syncing', loaded: 0, total: null })))).toBe(false);
    const renamed = playlists.map((p, i) => (i === 3 ? { ...p, name: 'Renamed' } : p));
    expect(sameTrayItems(idle, menu(connected(40), renamed))).toBe(false);
    expect(sameTrayItems(idle, menu(connected(41), [...playlists, playlist(40)]))).toBe(false);
    const moved = playlists.map((p, i) => (i === 0 ? { ...p, id: 'other' } : p));
    expect(sameTrayItems(idle, menu(connected(40), moved))).toBe(false);
    expect(sameTrayItems(idle, menu({ status: 'signed-out', notice: null }))).toBe(false);
  });

  test('a change beyond the playlists the tray shows leaves its menu as it is', () => {
    const beyond = playlists.map((p, i) => (i === TRAY_PLAYLIST_LIMIT + 5 ? { ...p, name: 'Renamed' } : p));
    expect(sameTrayItems(menu(connected(40)), menu(connected(40), beyond))).toBe(true);
  });
});
