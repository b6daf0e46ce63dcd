/**
 * The window's Content-Security-Policy, sent as a header with every UI file.
 * No remote scripts ever; images only from Spotify's image CDNs and, when a stand-in
 * server is configured (the emulator, the demo), from that server's origin.
 */
const SPOTIFY_IMAGE_ORIGINS = [
  'https://i.scdn.co',
  'https://mosaic.scdn.co',
  'https://image-cdn-ak.spotifycdn.com',
  'https://image-cdn-fa.spotifycdn.com',
  'https://t.scdn.co',
];

export function imageOrigins(apiUrl: string): string[] {
  const origin = new URL(apiUrl).origin;
  return origin === 'https://api.spotify.com' ? SPOTIFY_IMAGE_ORIGINS : [...SPOTIFY_IMAGE_ORIGINS, origin];
}

export function contentSecurityPolicy(apiUrl: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: ${imageOrigins(apiUrl).join(' ')}`,
    "font-src 'self'",
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
