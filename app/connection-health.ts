/**
 * The connection in plain words, one line per fact: who is signed in and since when, when Spotify
 * asks to approve again, where the sign-in is kept, the last and the next sync, Spotify's rate
 * limit, the network and the proxy. The window's Connection view and the diagnostics report both
 * show these lines (each with its own way of writing times), so they always say the same thing.
 * Pure: no clock, no locale of its own.
 */
import type { SecretStore, SessionState } from './model.ts';
import { RECONNECT_REMINDER_MS } from './notices.ts';

type Connected = Extract<SessionState, { status: 'connected' }>;

export type HealthTone = 'normal' | 'warning' | 'error';

export interface HealthLine {
  id: 'account' | 'since' | 'approval' | 'storage' | 'last-sync' | 'next-sync' | 'rate-limit' | 'network' | 'proxy';
  label: string;
  text: string;
  /** A second sentence (the reason and the fix), when there is one. */
  detail: string | null;
  tone: HealthTone;
}

/** How times are written: the window uses the user's locale, the diagnostics report ISO 8601. */
export interface HealthFormat {
  date: (epochMs: number) => string;
  time: (epochMs: number) => string;
  dateTime: (epochMs: number) => string;
}

/** A keyring by the name its users know it by. */
export function secretStoreName(store: SecretStore): string {
  switch (store) {
    case 'secret-service':
      return 'GNOME Keyring (Secret Service)';
    case 'kwallet':
      return 'KWallet';
    case 'macos-keychain':
      return 'the macOS Keychain';
    case 'windows-dpapi':
      return 'Windows data protection (DPAPI)';
  }
}

export function connectionHealth(state: Connected, now: number, format: HealthFormat): HealthLine[] {
  const line = (
    id: HealthLine['id'],
    label: string,
    text: string,
    tone: HealthTone = 'normal',
    detail: string | null = null,
  ): HealthLine => ({ id, label, text, detail, tone });
  const lines: HealthLine[] = [];
  const { profile, library, reconnectBy, connectedSince, tokenStorage, connection } = state;
  const sync = library.sync;

  const name = profile ? profile.displayName || profile.id : 'Spotify account';
  lines.push(line('account', 'Account', profile ? `${name} (${profile.id})` : name));
  if (connectedSince !== null) lines.push(line('since', 'Connected since', format.date(connectedSince)));
  if (reconnectBy !== null) {
    const soon = reconnectBy - now <= RECONNECT_REMINDER_MS;
    lines.push(
      line(
        'approval',
        'Approval',
        `Spotify will ask you to approve again around ${format.date(reconnectBy)}`,
        soon ? 'warning' : 'normal',
        soon ? 'Reconnect now: your settings, playlists and saved tracks stay as they are.' : null,
      ),
    );
  }

  lines.push(storageLine(tokenStorage));

  lines.push(
    line(
      'last-sync',
      'Last sync',
      library.updatedAt === null ? 'Not yet' : format.dateTime(library.updatedAt),
      sync.kind === 'failed' ? 'error' : 'normal',
      sync.kind === 'failed' ? sync.message : null,
    ),
  );
  lines.push(line('next-sync', 'Next sync', nextSync(state, format)));

  lines.push(
    sync.kind === 'rate-limited'
      ? line(
          'rate-limit',
          'Spotify’s limit',
          `Rate limited by Spotify until ${format.time(sync.until)}`,
          'warning',
          'Tunetray waits and then tries again on its own.',
        )
      : line('rate-limit', 'Spotify’s limit', 'Not rate limited'),
  );
  lines.push(
    sync.kind === 'offline'
      ? line(
          'network',
          'Network',
          `Offline since ${format.time(sync.since)}`,
          'warning',
          'Showing the saved playlists. Tunetray tries again when the network is back.',
        )
      : line('network', 'Network', 'Online'),
  );
  lines.push(
    connection.proxy
      ? line(
          'proxy',
          'Proxy',
          `Connecting through proxy ${connection.proxy}`,
          'normal',
          connection.proxySource === 'environment'
            ? 'From the HTTPS_PROXY or HTTP_PROXY environment variable.'
            : 'From the system’s proxy settings.',
        )
      : line('proxy', 'Proxy', 'No proxy: connecting directly'),
  );
  return lines;
}

function storageLine(storage: Connected['tokenStorage']): HealthLine {
  const base = { id: 'storage' as const, label: 'Sign-in kept in' };
  switch (storage.mode) {
    case 'encrypted':
      return {
        ...base,
        text: storage.store ? `The system keyring: ${secretStoreName(storage.store)}` : 'The system keyring',
        detail: null,
        tone: 'normal',
      };
    case 'weak':
      return {
        ...base,
        text: 'A file with weaker protection, as you chose',
        detail: 'Anyone who can read your files could use it. Turn this off in Settings to keep it in memory only.',
        tone: 'warning',
      };
    case 'memory':
      return {
        ...base,
        text: 'Memory only: you will need to connect again after Tunetray quits',
        detail: storage.explanation,
        tone: 'warning',
      };
  }
}

function nextSync(state: Connected, format: HealthFormat): string {
  const sync = state.library.sync;
  switch (sync.kind) {
    case 'syncing':
      return 'Now';
    case 'rate-limited':
      return `After ${format.time(sync.until)}, when Spotify’s limit lifts`;
    case 'offline':
      return 'When the network is back';
    default:
      return state.nextSyncAt === null
        ? 'When you open the window'
        : `Around ${format.time(state.nextSyncAt)}, while the window is open`;
  }
}
