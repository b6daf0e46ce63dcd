/**
 * How a request reaches an origin: straight, or through a proxy. Built from a PAC-style answer
 * (what Electron's `session.resolveProxy` returns, the proxy auto-config format of Chromium and
 * every browser) or from HTTPS_PROXY / HTTP_PROXY (environment-proxy.ts).
 */

export type ProxyScheme = 'http' | 'https' | 'socks5';

export type ProxyRoute =
  | { kind: 'direct' }
  | {
      kind: 'proxy';
      scheme: ProxyScheme;
      /** What undici's ProxyAgent dials, credentials included when the environment gave some. */
      uri: string;
      /** host:port, for the window and for error messages (never credentials). */
      address: string;
      /** Where the proxy came from: the operating system (through Electron) or the environment. */
      source: 'system' | 'environment';
    };

export const DIRECT: ProxyRoute = { kind: 'direct' };

/** The PAC keywords undici can carry, with Chromium's default port for each. */
const PAC_SCHEMES: Record<string, { scheme: ProxyScheme; port: number }> = {
  PROXY: { scheme: 'http', port: 80 },
  HTTP: { scheme: 'http', port: 80 },
  HTTPS: { scheme: 'https', port: 443 },
  SOCKS5: { scheme: 'socks5', port: 1080 },
};

export interface ParsedPac {
  route: ProxyRoute;
  /** Entries before the chosen one that Tunetray cannot use (SOCKS4, QUIC, garbage), for the log. */
  skipped: string[];
}

/** host:port in URL form, or null when it is not a host and an optional port. */
function hostPort(text: string, defaultPort: number): { host: string; port: number } | null {
  let url: URL;
  try {
    url = new URL(`http://${text}`);
  } catch {
    return null;
  }
  // Anything beyond host[:port] (a path, credentials, a query) is not a PAC proxy address.
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null;
  if (!url.hostname) return null;
  return { host: url.hostname, port: url.port ? Number(url.port) : defaultPort };
}

/**
 * The first usable entry of a PAC answer such as `"PROXY proxy.corp:3128; DIRECT"`. Chromium
 * tries the entries in order and falls back along the list on failure; Tunetray takes the first
 * one it can carry. An answer with nothing usable means DIRECT, as Chromium does when a PAC
 * script fails.
 */
export function parsePacAnswer(answer: string, source: 'system' | 'environment' = 'system'): ParsedPac {
  const skipped: string[] = [];
  for (const raw of answer.split(';')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [keyword = '', target, ...rest] = entry.split(/\s+/);
    const upper = keyword.toUpperCase();
    if (upper === 'DIRECT' && target === undefined) return { route: DIRECT, skipped };
    const known = PAC_SCHEMES[upper];
    const address = known && target !== undefined && rest.length === 0 ? hostPort(target, known.port) : null;
    if (!known || !address) {
      skipped.push(entry);
      continue;
    }
    // URL keeps IPv6 hosts in brackets, so "[::1]:3128" stays readable and dialable.
    const display = `${address.host}:${address.port}`;
    return {
      route: {
        kind: 'proxy',
        scheme: known.scheme,
        uri: `${known.scheme}://${address.host}:${address.port}`,
        address: display,
        source,
      },
      skipped,
    };
  }
  return { route: DIRECT, skipped };
}

/** The proxy a route goes through, as the window shows it ("proxy.corp:3128"), or null. */
export function proxyAddress(route: ProxyRoute | null): string | null {
  return route?.kind === 'proxy' ? route.address : null;
}
