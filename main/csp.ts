/**
 * The window's Content-Security-Policy, sent as a header with every UI file.
 * No remote scripts ever. Images only from where Spotify serves them (../shared/spotify-api.md
 * §8): covers and mosaics from many hosts under scdn.co and spotifycdn.com (i.scdn.co,
 * mosaic.scdn.co, image-cdn-ak.spotifycdn.com, blend-playlist-covers.spotifycdn.com, ...; new
 * ones appear over time, so the two wildcards are sturdier than a list), avatars also from
 * Facebook's platform-lookaside.fbsbx.com (profile-images.scdn.co is under the wildcard); and,
 * when a stand-in server is configured (the emulator, the demo), that server's origin.
 */
const SPOTIFY_IMAGE_SOURCES = [
  'https://*.scdn.co',
  'https://*.spotifycdn.com',
  'https://platform-lookaside.fbsbx.com',
] as const;

const SPOTIFY_API_ORIGIN = 'https://api.spotify.com';

export function imageOrigins(apiUrl: string): string[] {
  const origin = new URL(apiUrl).origin;
  return origin === SPOTIFY_API_ORIGIN ? [...SPOTIFY_IMAGE_SOURCES] : [...SPOTIFY_IMAGE_SOURCES, origin];
}

export function contentSecurityPolicy(apiUrl: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    // No 'self' and no data: the window's own pictures are inline SVG elements, not image loads.
    `img-src ${imageOrigins(apiUrl).join(' ')}`,
    "font-src 'self'",
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
