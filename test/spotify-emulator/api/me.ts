/**
 * GET /v1/me: the field set depends on granted scopes, and on the `devModeProfile` switch that
 * models Spotify's 2026 removal of country/email/explicit_content/followers/product for
 * development-mode apps. A field without its scope is absent, never null.
 */
import type { EmulatorContext } from '../context.ts';
import type { Reply } from '../http.ts';
import { coverUrl } from '../images.ts';
import type { User } from '../state.ts';
import type { EmulatorImage } from '../types.ts';
import { conditionalJson } from './conditional.ts';

/** Avatars come in 300 and 64 (on Spotify from i.scdn.co, platform-lookaside.fbsbx.com or profile-images.scdn.co). */
export function userImages(ctx: EmulatorContext, user: User): EmulatorImage[] {
  if (!user.images) return [];
  return [300, 64].map((size) => ({
    url: coverUrl(ctx.world.url, `user-${safeId(user.id)}`, size),
    height: size,
    width: size,
  }));
}

/** User ids may contain dots and other characters that image ids do not allow. */
function safeId(id: string): string {
  return Buffer.from(id).toString('base64url').slice(0, 60);
}

export function profileOf(ctx: EmulatorContext, user: User, scopes: ReadonlySet<string>): Record<string, unknown> {
  const { world } = ctx;
  const profile: Record<string, unknown> = {
    display_name: user.displayName,
    external_urls: { spotify: `https://open.spotify.com/user/${encodeURIComponent(user.id)}` },
    href: `${world.apiUrl}/users/${encodeURIComponent(user.id)}`,
    id: user.id,
    images: userImages(ctx, user),
    type: 'user',
    uri: `spotify:user:${user.id}`,
    account_id: user.accountId,
  };
  if (world.switches.devModeProfile) return profile;
  if (scopes.has('user-read-private')) {
    profile.country = user.country;
    profile.product = user.product;
    profile.explicit_content = { filter_enabled: false, filter_locked: false };
  }
  if (scopes.has('user-read-email')) profile.email = user.email;
  profile.followers = { href: null, total: user.followers };
  return profile;
}

export function handleMe(
  ctx: EmulatorContext,
  user: User,
  scopes: ReadonlySet<string>,
  ifNoneMatch: string | undefined,
): Reply {
  return conditionalJson(JSON.stringify(profileOf(ctx, user, scopes)), ifNoneMatch);
}
