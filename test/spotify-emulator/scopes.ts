/**
 * Spotify's authorization scopes, each with the plain words the consent page shows.
 * Anything not in this table is refused at /authorize with `Illegal scope`, as Spotify does.
 */
export const SCOPE_WORDS: Readonly<Record<string, string>> = {
  'ugc-image-upload': 'Upload images to personalise your profile or playlist cover',
  'user-read-playback-state': 'Read your currently playing content and Spotify Connect devices information',
  'user-modify-playback-state': 'Control playback on your Spotify clients and Spotify Connect devices',
  'user-read-currently-playing': 'Read your currently playing content',
  'app-remote-control': 'Communicate with the Spotify app on your device',
  streaming: 'Play content and control playback on your other devices',
  'playlist-read-private': 'Access your private playlists',
  'playlist-read-collaborative': 'Access your collaborative playlists',
  'playlist-modify-private': 'Manage your private playlists',
  'playlist-modify-public': 'Manage your public playlists',
  'user-follow-modify': 'Manage who you are following',
  'user-follow-read': 'Access your followers and who you are following',
  'user-read-playback-position': 'Read your position in content you have played',
  'user-top-read': 'Read your top artists and content',
  'user-read-recently-played': 'Access your recently played items',
  'user-library-modify': 'Manage your saved content',
  'user-library-read': 'Access your saved content',
  'user-read-email': 'Get your real email address',
  'user-read-private': 'Access your subscription details (country, plan and explicit content settings)',
  'user-personalized': 'Get personalized content for you',
  'user-soa-link': 'Link a partner user account to a Spotify user account',
  'user-soa-unlink': 'Unlink a partner user account from a Spotify account',
  'soa-manage-entitlements': 'Modify entitlements for linked users',
  'soa-manage-partner': 'Update partner information',
  'soa-create-partner': 'Create new partners, platform partners only',
};

export function isKnownScope(scope: string): boolean {
  return Object.hasOwn(SCOPE_WORDS, scope);
}

/** Splits a `scope` parameter: spaces separate (URLSearchParams already turned `+` into spaces). */
export function parseScopeParam(value: string | null): string[] {
  if (value === null) return [];
  const out: string[] = [];
  for (const s of value.split(/[\s]+/)) {
    if (s !== '' && !out.includes(s)) out.push(s);
  }
  return out;
}
