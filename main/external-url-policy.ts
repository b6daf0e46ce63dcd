/**
 * What the app may hand to the system browser. Only parsed, allow-listed URLs: the
 * configured accounts server's authorize page (https, or http on a loopback address for
 * the emulator), Spotify's web player, and spotify: URIs of the kinds Tunetray shows (playlists,
 * users, tracks, episodes...) with a base62 id.
 *
 * `spotify:local:` URIs are deliberately refused: they carry free text (artist, album and title
 * of a file on someone's computer, percent-encoded) instead of an id, Spotify can only play them
 * on the computer that holds the file, and handing free text to the OS protocol handler is
 * exactly what an allow-list is meant to prevent.
 */
import { AppError } from '../app/result.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);
const SPOTIFY_URI = /^spotify:(playlist|user|album|artist|track|episode|show):[0-9A-Za-z]{1,64}$/;

export function isAllowedExternalUrl(candidate: string, accountsUrl: string): boolean {
  if (SPOTIFY_URI.test(candidate)) return true;
  let url: URL;
  let accounts: URL;
  try {
    url = new URL(candidate);
    accounts = new URL(accountsUrl);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:' && url.hostname === 'open.spotify.com') return true;
  const isAuthorizePage = url.origin === accounts.origin && url.pathname === '/authorize';
  const secureEnough = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  return isAuthorizePage && secureEnough;
}

/** Refuses a URL outside the allow-list with words for the user (main's OpenExternal and the harness). */
export function assertAllowedExternalUrl(candidate: string, accountsUrl: string): void {
  if (!isAllowedExternalUrl(candidate, accountsUrl)) {
    throw new AppError('invalid-argument', 'Tunetray only opens Spotify pages in your browser.');
  }
}
