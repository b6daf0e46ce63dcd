import { describe, expect, test } from 'vitest';
import { contentSecurityPolicy } from '../../main/csp.ts';
import { isAllowedExternalUrl } from '../../main/external-url-policy.ts';
import { isTrustedSender } from '../../main/sender-check.ts';
import { windowPosition } from '../../main/window-position.ts';

describe('external URL allow-list', () => {
  const accounts = 'https://accounts.spotify.com';
  test.each([
    ['https://accounts.spotify.com/authorize?client_id=x', true],
    ['https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M', true],
    ['spotify:playlist:37i9dQZF1DXcBWIGoYBM5M', true],
    ['http://accounts.spotify.com/authorize', false],
    ['https://accounts.spotify.com/api/token', false],
    ['https://accounts.spotify.com.evil.example/authorize', false],
    ['https://user:pw@open.spotify.com/', false],
    // The web player only over https: plain http could be rewritten on the way.
    ['http://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M', false],
    ['http://open.spotify.com:443/playlist/37i9dQZF1DXcBWIGoYBM5M', false],
    ['https://open.spotify.com.evil.example/playlist/x', false],
    ['wss://open.spotify.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['spotify:playlist:abc;rm -rf', false],
    ['spotify:track:4uLU6hMCjMI75M1A2tKUQC', true],
    ['spotify:episode:512ojhOuo1ktJprKbVcKyQ', true],
    ['https://open.spotify.com/episode/512ojhOuo1ktJprKbVcKyQ', true],
    // Local files: free text naming a file on someone's computer, never handed to the OS.
    ['spotify:local:My+Band:Tapes:Kitchen+jam:214', false],
    ['spotify:local:::song:1', false],
    ['spotify:track:', false],
    ['not a url', false],
  ])('%s -> %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url, accounts)).toBe(allowed);
  });

  test('a loopback emulator may use http, other hosts may not', () => {
    expect(isAllowedExternalUrl('http://127.0.0.1:8765/authorize?x=1', 'http://127.0.0.1:8765')).toBe(true);
    expect(isAllowedExternalUrl('http://127.0.0.1:9999/authorize', 'http://127.0.0.1:8765')).toBe(false);
    expect(isAllowedExternalUrl('http://example.test/authorize', 'http://example.test')).toBe(false);
  });
});

describe('IPC sender check', () => {
  const origin = 'app://tunetray';
  test('only our window, main frame, our origin', () => {
    const ok = { isOurWindow: true, isMainFrame: true, frameUrl: 'app://tunetray/index.html' };
    expect(isTrustedSender(ok, origin)).toBe(true);
    expect(isTrustedSender({ ...ok, isOurWindow: false }, origin)).toBe(false);
    expect(isTrustedSender({ ...ok, isMainFrame: false }, origin)).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'https://evil.example/' }, origin)).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'app://other/index.html' }, origin)).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: undefined }, origin)).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'http://localhost:5173/' }, 'http://localhost:5173')).toBe(true);
  });
});

describe('content security policy', () => {
  const imgSrc = (csp: string) => /(?:^|; )img-src ([^;]*)/.exec(csp)?.[1]?.split(' ') ?? [];

  test("images: exactly Spotify's image hosts (CDN wildcards and the avatar host), nothing else", () => {
    expect(imgSrc(contentSecurityPolicy('https://api.spotify.com/v1'))).toEqual([
      'https://*.scdn.co',
      'https://*.spotifycdn.com',
      'https://platform-lookaside.fbsbx.com',
    ]);
  });

  test('a configured stand-in adds its own origin only (scheme, host and port), not its path', () => {
    expect(imgSrc(contentSecurityPolicy('http://127.0.0.1:8765/v1'))).toEqual([
      'https://*.scdn.co',
      'https://*.spotifycdn.com',
      'https://platform-lookaside.fbsbx.com',
      'http://127.0.0.1:8765',
    ]);
  });

  test('no data: or self images, no plain http, no other directive opens the network', () => {
    const csp = contentSecurityPolicy('https://api.spotify.com/v1');
    expect(imgSrc(csp)).not.toContain('data:');
    expect(imgSrc(csp)).not.toContain("'self'");
    expect(imgSrc(csp).every((source) => source.startsWith('https://'))).toBe(true);
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("default-src 'none'");
  });

  test('no remote scripts; images from Spotify CDNs, plus a stand-in server', () => {
    const real = contentSecurityPolicy('https://api.spotify.com/v1');
    expect(real).toContain("script-src 'self'");
    expect(real).toContain("default-src 'none'");
    expect(real).toMatch(/img-src [^;]*https:\/\/\*\.scdn\.co/);
    expect(real).not.toContain('127.0.0.1');
    expect(contentSecurityPolicy('http://127.0.0.1:8765/v1')).toMatch(/img-src [^;]*http:\/\/127\.0\.0\.1:8765/);
  });
});

describe('window placement', () => {
  const work = { x: 0, y: 25, width: 1440, height: 875 };
  const size = { width: 380, height: 600 };
  test('under a menu-bar tray icon (macOS)', () => {
    expect(windowPosition(size, work, { x: 1200, y: 0, width: 22, height: 22 })).toEqual({ x: 1021, y: 26 });
  });
  test('above a taskbar tray icon, clamped to the screen (Windows)', () => {
    const pos = windowPosition(
      size,
      { x: 0, y: 0, width: 1920, height: 1040 },
      { x: 1900, y: 1045, width: 24, height: 24 },
    );
    expect(pos).toEqual({ x: 1540, y: 440 });
  });
  test('centred when the platform reports no tray bounds (Linux)', () => {
    expect(windowPosition(size, work, null)).toEqual({ x: 530, y: 163 });
  });
});
