/**
 * Redirect URI rules of /authorize: exact match against the registered list, except that a loopback
 * IP literal registered without a port accepts any port (RFC 8252 §7.3). `localhost` is refused
 * (Spotify stopped allowing it), and plain http is only allowed for loopback IP literals.
 */

export type RedirectCheck = { ok: true } | { ok: false; message: string };

const INVALID = 'INVALID_CLIENT: Invalid redirect URI';
const INSECURE = 'INVALID_CLIENT: Insecure redirect URI';

function isLoopbackLiteral(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === '[::1]';
}

export function checkRedirectUri(requested: string, registered: ReadonlyArray<string>): RedirectCheck {
  let url: URL;
  try {
    url = new URL(requested);
  } catch {
    return { ok: false, message: INVALID };
  }
  if (url.protocol === 'http:') {
    if (url.hostname === 'localhost' || url.hostname.endsWith('.localhost')) return { ok: false, message: INVALID };
    if (!isLoopbackLiteral(url.hostname)) return { ok: false, message: INSECURE };
  }
  if (registered.includes(requested)) return { ok: true };
  // Port-less loopback exception: the request must be in canonical form so that no normalisation
  // (dot segments, case, default port) can sneak a different URI past the exact comparison.
  if (url.protocol !== 'http:' || url.port === '' || url.href !== requested) return { ok: false, message: INVALID };
  if (url.username !== '' || url.password !== '' || url.hash !== '') return { ok: false, message: INVALID };
  const portless = `http://${url.hostname}${url.pathname}${url.search}`;
  if (registered.includes(portless)) return { ok: true };
  return { ok: false, message: INVALID };
}
