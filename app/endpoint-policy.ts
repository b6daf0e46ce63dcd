/**
 * Where Tunetray may send the user's tokens. The Accounts and Web API base URLs can be overridden
 * (environment, settings.json) so that the emulator, the demo and tests can stand in for Spotify;
 * an override is also a way to send the saved tokens to someone else. So:
 *  - a packaged build ignores every override and talks to Spotify only (the caller logs it);
 *  - in development, https is accepted for any host, plain http only on the loopback literals
 *    127.0.0.1 and [::1] (not `localhost`, which /etc/hosts can point anywhere).
 */

/** The loopback IP literals, as URL.hostname spells them. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '[::1]']);

export const isLoopbackHost = (hostname: string): boolean => LOOPBACK_HOSTS.has(hostname);

/** Why `raw` may not be an endpoint in development, or null when it may. */
export function endpointRefusal(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.username || url.password) return 'a URL with a user name or password';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return null;
  if (url.protocol === 'http:') return 'plain http is accepted only on 127.0.0.1 or [::1]; use https';
  return 'use an https URL';
}
