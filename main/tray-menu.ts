/**
 * The tray menu as pure data: a function of the session state and the playlists, so it
 * is tested without Electron. main/tray.ts turns it into an Electron Menu and wires the
 * actions; it is rebuilt whenever what it shows changes (Linux needs setContextMenu again), and
 * only then (sameTrayItems): many state changes, such as a sync's progress, show the same menu.
 */
import { displayText } from '../app/display-text.ts';
import type { PlaylistSummary, SessionState } from '../app/model.ts';

export type TrayAction =
  | { kind: 'open-window' }
  | { kind: 'connect' }
  | { kind: 'cancel-connect' }
  | { kind: 'disconnect' }
  | { kind: 'refresh' }
  | { kind: 'open-playlist'; playlistId: string }
  | { kind: 'quit' };

export type TrayItem =
  | { type: 'separator' }
  | { type: 'normal'; label: string; enabled: boolean; action?: TrayAction; submenu?: TrayItem[] };

export const TRAY_PLAYLIST_LIMIT = 25;

const item = (label: string, action?: TrayAction, enabled = true): TrayItem => ({
  type: 'normal',
  label,
  enabled,
  ...(action ? { action } : {}),
});
const separator: TrayItem = { type: 'separator' };

/** How much of a name from Spotify the tray shows (the window has room for more). */
export const TRAY_PLAYLIST_NAME_CHARS = 48;
export const TRAY_PROFILE_NAME_CHARS = 32;
/** Windows cuts tray tooltips at 127 characters (NOTIFYICONDATA's szTip holds 128 with the NUL). */
export const TRAY_TOOLTIP_CHARS = 127;

/**
 * A name from Spotify as a menu label: capped with an ellipsis, control and bidi-override
 * characters removed (app/display-text.ts), then & doubled, since Electron menus treat & as a
 * mnemonic marker and a playlist called "Rock & Roll" must show as written.
 */
const menuText = (name: string, maxChars: number) => displayText(name, maxChars).replace(/&/g, '&&');

const CONNECTING_TEXT: Record<Extract<SessionState, { status: 'connecting' }>['step'], string> = {
  'waiting-for-browser': 'Waiting for your browser…',
  'exchanging-code': 'Finishing sign-in…',
  'loading-profile': 'Loading your profile…',
  'waiting-for-keyring': 'Keyring locked: waiting to connect…',
};

/** The tray's tooltip: plain text (no mnemonics), names cleaned and capped, the whole within Windows' limit. */
export function trayTooltip(state: SessionState): string {
  return displayText(tooltipText(state), TRAY_TOOLTIP_CHARS);
}

function tooltipText(state: SessionState): string {
  switch (state.status) {
    case 'needs-setup':
      return 'Tunetray: set up your Spotify Client ID';
    case 'signed-out':
      return 'Tunetray: not connected';
    case 'connecting':
      return state.step === 'waiting-for-keyring'
        ? 'Tunetray: your keyring is locked; connecting when it is unlocked'
        : 'Tunetray: connecting to Spotify…';
    case 'connected': {
      const sync = state.library.sync;
      const who = state.profile
        ? displayText(state.profile.displayName, TRAY_PROFILE_NAME_CHARS) || 'Spotify'
        : 'Spotify';
      if (sync.kind === 'offline') return `Tunetray: ${who} (offline)`;
      if (sync.kind === 'rate-limited') return `Tunetray: ${who} (rate limited)`;
      return `Tunetray: ${who}, ${state.library.playlistCount} playlists`;
    }
  }
}

export function trayMenu(state: SessionState, playlists: readonly PlaylistSummary[]): TrayItem[] {
  const open = item('Open Tunetray', { kind: 'open-window' });
  const quit = item('Quit Tunetray', { kind: 'quit' });
  switch (state.status) {
    case 'needs-setup':
      return [item('Set up Tunetray…', { kind: 'open-window' }), separator, quit];
    case 'signed-out':
      return [
        item('Not connected', undefined, false),
        item('Connect Spotify…', { kind: 'connect' }),
        separator,
        open,
        quit,
      ];
    case 'connecting':
      return [
        item(CONNECTING_TEXT[state.step], undefined, false),
        item(state.step === 'waiting-for-keyring' ? 'Stop waiting' : 'Cancel sign-in', { kind: 'cancel-connect' }),
        separator,
        open,
        quit,
      ];
    case 'connected': {
      const shown = playlists.slice(0, TRAY_PLAYLIST_LIMIT);
      const submenu: TrayItem[] = shown.map((p) =>
        item(menuText(p.name, TRAY_PLAYLIST_NAME_CHARS) || 'Untitled playlist', {
          kind: 'open-playlist',
          playlistId: p.id,
        }),
      );
      if (shown.length === 0) submenu.push(item('No playlists yet', undefined, false));
      if (playlists.length > shown.length) {
        submenu.push(separator, item(`All playlists (${playlists.length})…`, { kind: 'open-window' }));
      }
      const name = (state.profile && menuText(state.profile.displayName, TRAY_PROFILE_NAME_CHARS)) || 'Spotify';
      const syncing = state.library.sync.kind === 'syncing';
      return [
        item(`Signed in as ${name}`, undefined, false),
        { type: 'normal', label: 'Playlists', enabled: true, submenu },
        separator,
        item(syncing ? 'Refreshing…' : 'Refresh now', { kind: 'refresh' }, !syncing),
        open,
        separator,
        item('Disconnect', { kind: 'disconnect' }),
        quit,
      ];
    }
  }
}

/** Whether two menus show exactly the same thing: labels, enabled states, actions and submenus. */
export function sameTrayItems(a: readonly TrayItem[], b: readonly TrayItem[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i];
    if (!y || x.type !== y.type) return false;
    if (x.type === 'separator' || y.type === 'separator') return true;
    return (
      x.label === y.label &&
      x.enabled === y.enabled &&
      sameAction(x.action, y.action) &&
      (x.submenu === undefined || y.submenu === undefined
        ? x.submenu === y.submenu
        : sameTrayItems(x.submenu, y.submenu))
    );
  });
}

function sameAction(a: TrayAction | undefined, b: TrayAction | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.kind !== b.kind) return false;
  return a.kind !== 'open-playlist' || (b.kind === 'open-playlist' && a.playlistId === b.playlistId);
}
