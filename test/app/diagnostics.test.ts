import { describe, expect, test } from 'vitest';
import { connectionHealth, secretStoreName } from '../../app/connection-health.ts';
import { diagnosticsReport } from '../../app/diagnostics.ts';
import { createRedactor } from '../../app/log.ts';
import { DEFAULT_SETTINGS, type SessionState } from '../../app/model.ts';

const NOW = Date.UTC(2026, 1, 20, 12);
const DAY = 24 * 60 * 60 * 1000;
const words = { date: (t: number) => `D${t}`, time: (t: number) => `T${t}`, dateTime: (t: number) => `DT${t}` };

const connected = (
  over: Partial<Extract<SessionState, { status: 'connected' }>> = {},
): Extract<SessionState, { status: 'connected' }> => ({
  status: 'connected',
  profile: {
    id: 'demo',
    displayName: 'Demo Listener',
    product: null,
    country: null,
    imageUrl: null,
    spotifyUri: 'spotify:user:demo',
    webUrl: null,
  },
  library: { revision: 1, playlistCount: 300, updatedAt: NOW - 60_000, sync: { kind: 'idle' } },
  reconnectBy: NOW + 100 * DAY,
  connectedSince: NOW - 82 * DAY,
  nextSyncAt: NOW + 15 * 60_000,
  tokenStorage: { mode: 'encrypted', explanation: null, store: 'secret-service' },
  connection: { proxy: null, proxySource: null },
  notice: null,
  ...over,
});

const text = (state: Extract<SessionState, { status: 'connected' }>, id: string) =>
  connectionHealth(state, NOW, words).find((line) => line.id === id);

describe('the connection in plain words', () => {
  test('account, connected since, the approval date, the keyring by name, the syncs', () => {
    const state = connected();
    expect(text(state, 'account')?.text).toBe('Demo Listener (demo)');
    expect(text(state, 'since')?.text).toBe(`D${NOW - 82 * DAY}`);
    expect(text(state, 'approval')).toMatchObject({
      text: `Spotify will ask you to approve again around D${NOW + 100 * DAY}`,
      tone: 'normal',
    });
    expect(text(state, 'storage')?.text).toBe('The system keyring: GNOME Keyring (Secret Service)');
    expect(text(state, 'last-sync')?.text).toBe(`DT${NOW - 60_000}`);
    expect(text(state, 'next-sync')?.text).toBe(`Around T${NOW + 15 * 60_000}, while the window is open`);
    expect(text(state, 'proxy')?.text).toBe('No proxy: connecting directly');
  });

  test('names every keyring', () => {
    expect(secretStoreName('kwallet')).toBe('KWallet');
    expect(secretStoreName('macos-keychain')).toBe('the macOS Keychain');
    expect(secretStoreName('windows-dpapi')).toBe('Windows data protection (DPAPI)');
  });

  test('from 14 days before, the approval line is a warning that says a reconnect keeps everything', () => {
    const line = text(connected({ reconnectBy: NOW + 13 * DAY }), 'approval');
    expect(line?.tone).toBe('warning');
    expect(line?.detail).toMatch(/settings, playlists and saved tracks stay/);
  });

  test('memory only says why and how to fix it; weaker storage says it was a choice', () => {
    const memory = text(
      connected({ tokenStorage: { mode: 'memory', explanation: 'No keyring: install one.', store: null } }),
      'storage',
    );
    expect(memory).toMatchObject({ tone: 'warning', detail: 'No keyring: install one.' });
    expect(memory?.text).toMatch(/^Memory only/);
    const weak = text(connected({ tokenStorage: { mode: 'weak', explanation: null, store: null } }), 'storage');
    expect(weak?.text).toBe('A file with weaker protection, as you chose');
  });

  test('rate limited until when, offline since when, the proxy in use', () => {
    const limited = connected({
      library: { ...connected().library, sync: { kind: 'rate-limited', until: NOW + 90_000 } },
    });
    expect(text(limited, 'rate-limit')?.text).toBe(`Rate limited by Spotify until T${NOW + 90_000}`);
    expect(text(limited, 'next-sync')?.text).toBe(`After T${NOW + 90_000}, when Spotify’s limit lifts`);
    const offline = connected({ library: { ...connected().library, sync: { kind: 'offline', since: NOW - 5 } } });
    expect(text(offline, 'network')?.text).toBe(`Offline since T${NOW - 5}`);
    expect(text(offline, 'next-sync')?.text).toBe('When the network is back');
    const proxied = connected({ connection: { proxy: 'proxy.example:3128', proxySource: 'system' } });
    expect(text(proxied, 'proxy')?.text).toBe('Connecting through proxy proxy.example:3128');
  });
});

describe('the diagnostics report', () => {
  const versions = { app: '0.1.0', electron: '45.4.1', chrome: '146.0.1', node: '22.20.0', os: 'linux x64 6.1' };

  test('says what the Connection view says, the versions, the settings and the last 50 log lines', () => {
    const log = Array.from({ length: 80 }, (_, i) => `INFO line ${i}`);
    const report = diagnosticsReport(
      {
        state: connected(),
        settings: { ...DEFAULT_SETTINGS, clientId: '0123456789abcdef0123456789abcdef', globalShortcut: 'Ctrl+Alt+T' },
        shortcut: { accelerator: 'Ctrl+Alt+T', active: true, problem: null },
        versions,
        log,
        now: NOW,
      },
      createRedactor(),
    );
    expect(report).toContain('Tunetray 0.1.0');
    expect(report).toContain('Electron 45.4.1, Chrome 146.0.1, Node 22.20.0');
    expect(report).toContain('Status: connected');
    expect(report).toContain('Account: Demo Listener (demo)');
    expect(report).toContain(
      `Approval: Spotify will ask you to approve again around ${new Date(NOW + 100 * DAY).toISOString()}`,
    );
    expect(report).toContain('Sign-in kept in: The system keyring: GNOME Keyring (Secret Service)');
    expect(report).toContain('Client ID: set, ending in cdef');
    expect(report).not.toContain('0123456789abcdef0123456789abcdef');
    expect(report).toContain('Global shortcut: Ctrl+Alt+T, active');
    expect(report).toContain('Last 50 log lines:');
    expect(report).not.toContain('INFO line 29\n');
    expect(report).toContain('INFO line 30');
    expect(report).toContain('INFO line 79');
  });

  test('whatever reached it, no remembered secret and nothing shaped like one comes out', () => {
    const redactor = createRedactor();
    const token = 'BQDsecretAccessToken0123456789';
    const base = connected();
    if (!base.profile) throw new Error('a profile expected');
    redactor.remember(token);
    const report = diagnosticsReport(
      {
        state: connected({ profile: { ...base.profile, displayName: token } }),
        settings: DEFAULT_SETTINGS,
        shortcut: { accelerator: null, active: false, problem: null },
        versions,
        log: [`WARN a careless line Bearer ${token}`, 'INFO callback?code=AQBabcdef123456&state=s3cr3tstate'],
        now: NOW,
      },
      redactor,
    );
    expect(report).not.toContain(token);
    expect(report).not.toContain('AQBabcdef123456');
    expect(report).not.toContain('s3cr3tstate');
    expect(report).toContain('[redacted]');
  });

  test('an endpoint of its own is shown without a user name or password in it', () => {
    const report = diagnosticsReport(
      {
        state: { status: 'signed-out', notice: null },
        settings: { ...DEFAULT_SETTINGS, accountsUrl: 'https://me:hunter22@accounts.example/' },
        shortcut: { accelerator: null, active: false, problem: null },
        versions,
        log: [],
        now: NOW,
      },
      createRedactor(),
    );
    expect(report).toContain('Accounts: https://accounts.example; Web API: Spotify');
    expect(report).not.toContain('hunter22');
    expect(report).toContain('Status: signed-out');
  });
});
