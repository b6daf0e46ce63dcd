/**
 * "Copy diagnostics": a plain-text report for a bug report or a support question. What the
 * Connection view says (app/connection-health.ts), the state and its notice, the settings that
 * matter, the versions of Tunetray and its host, and the last log lines.
 *
 * Nothing secret can be in it: the log lines were redacted when they were written, and the whole
 * report goes through the redactor once more (every token, code, verifier and state the app has
 * seen, and anything shaped like one), so a secret that reached any part of it by mistake is
 * still replaced. Times are ISO 8601 (UTC), which reads the same wherever the report is pasted.
 */
import { connectionHealth, type HealthFormat } from './connection-health.ts';
import type { Redactor } from './log.ts';
import type { SessionState, Settings, ShortcutStatus } from './model.ts';
import type { HostVersions } from './ports.ts';

export const DIAGNOSTICS_LOG_LINES = 50;

export interface DiagnosticsInput {
  state: SessionState;
  settings: Settings;
  shortcut: ShortcutStatus;
  versions: HostVersions;
  /** The newest log lines, oldest first. */
  log: readonly string[];
  now: number;
}

const iso = (epochMs: number) => new Date(epochMs).toISOString();
const ISO_FORMAT: HealthFormat = { date: iso, time: iso, dateTime: iso };

const SPOTIFY_ACCOUNTS = 'https://accounts.spotify.com';
const SPOTIFY_API = 'https://api.spotify.com/v1';

/** An endpoint as the report shows it: Spotify's by name, any other without user name or password. */
function endpoint(url: string, spotify: string): string {
  if (url === spotify) return 'Spotify';
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'not a URL';
  }
}

export function diagnosticsReport(input: DiagnosticsInput, redactor: Redactor): string {
  const { state, settings, shortcut, versions } = input;
  const out: string[] = [];
  out.push(`Tunetray diagnostics, ${iso(input.now)}`);
  out.push('');
  out.push(`Tunetray ${versions.app}`);
  out.push(`Electron ${versions.electron ?? 'none'}, Chrome ${versions.chrome ?? 'none'}, Node ${versions.node}`);
  out.push(`System: ${versions.os}`);
  out.push('');
  out.push(`Status: ${describeStatus(state)}`);
  if (state.notice) out.push(`Notice: ${state.notice.message} (${state.notice.code})`);
  if (state.status === 'connected') {
    for (const line of connectionHealth(state, input.now, ISO_FORMAT)) {
      out.push(`${line.label}: ${line.text}${line.detail ? ` (${line.detail})` : ''}`);
    }
    out.push(`Playlists: ${state.library.playlistCount}`);
  }
  out.push('');
  out.push('Settings:');
  out.push(`  Client ID: ${settings.clientId ? `set, ending in ${settings.clientId.slice(-4)}` : 'not set'}`);
  out.push(
    `  Accounts: ${endpoint(settings.accountsUrl, SPOTIFY_ACCOUNTS)}; Web API: ${endpoint(settings.apiUrl, SPOTIFY_API)}`,
  );
  out.push(`  Start at login: ${settings.startAtLogin ? 'on' : 'off'}`);
  out.push(`  Store sign-in with weaker protection: ${settings.allowWeakTokenStorage ? 'on' : 'off'}`);
  out.push(`  Global shortcut: ${describeShortcut(shortcut)}`);
  out.push('');
  out.push(`Last ${Math.min(input.log.length, DIAGNOSTICS_LOG_LINES)} log lines:`);
  for (const line of input.log.slice(-DIAGNOSTICS_LOG_LINES)) out.push(`  ${line}`);
  return redactor.redact(out.join('\n'));
}

function describeStatus(state: SessionState): string {
  switch (state.status) {
    case 'connecting':
      return `connecting (${state.step})`;
    default:
      return state.status;
  }
}

function describeShortcut(shortcut: ShortcutStatus): string {
  if (shortcut.accelerator === null) return 'off';
  return `${shortcut.accelerator}, ${shortcut.active ? 'active' : `not active (${shortcut.problem ?? 'not registered'})`}`;
}
