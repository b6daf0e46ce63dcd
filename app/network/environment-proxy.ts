/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY, read the way undici's EnvHttpProxyAgent reads them
 * (lowercase wins over uppercase; https falls back to http_proxy; NO_PROXY entries are hosts,
 * `.domain` or `*.domain` suffixes, optional `:port`, or `*`), but answering "which route for
 * this URL" instead of dispatching. Tunetray needs the answer itself: the window says which proxy
 * it connects through, and an error names the proxy that refused. EnvHttpProxyAgent keeps that
 * choice private, so the route goes to undici's ProxyAgent, as a proxy from the system does.
 *
 * One addition: a value without a scheme (`proxy.corp:3128`) means http, as curl reads it.
 * Loopback addresses are proxied like any other host unless NO_PROXY names them, as
 * EnvHttpProxyAgent and curl do (the demo's emulator on 127.0.0.1 needs NO_PROXY=127.0.0.1 when
 * HTTPS_PROXY points elsewhere).
 */
import { DIRECT, type ProxyRoute } from './proxy-route.ts';

export interface ProxyEnvironment {
  HTTPS_PROXY?: string | undefined;
  https_proxy?: string | undefined;
  HTTP_PROXY?: string | undefined;
  http_proxy?: string | undefined;
  NO_PROXY?: string | undefined;
  no_proxy?: string | undefined;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** The variable's value, lowercase first, as EnvHttpProxyAgent and curl read them; '' is unset. */
function read(env: ProxyEnvironment, lower: keyof ProxyEnvironment, upper: keyof ProxyEnvironment): string | null {
  const value = env[lower] ?? env[upper];
  return value === undefined || value.trim() === '' ? null : value.trim();
}

function proxyRoute(value: string): ProxyRoute | null {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    return null;
  }
  const scheme = url.protocol === 'http:' ? 'http' : url.protocol === 'https:' ? 'https' : null;
  const socks = url.protocol === 'socks5:' || url.protocol === 'socks:';
  if ((!scheme && !socks) || !url.hostname) return null;
  const port = url.port ? Number(url.port) : socks ? 1080 : (DEFAULT_PORTS[url.protocol] ?? 80);
  return {
    kind: 'proxy',
    scheme: scheme ?? 'socks5',
    uri: url.href.replace(/\/$/, ''),
    address: `${url.hostname}:${port}`,
    source: 'environment',
  };
}

interface NoProxyEntry {
  hostname: string;
  port: number;
  /** `*.example.com`: subdomains only, not the apex. */
  subdomainsOnly: boolean;
}

function parseNoProxy(value: string): NoProxyEntry[] {
  const entries: NoProxyEntry[] = [];
  for (const entry of value.split(/[,\s]/)) {
    if (!entry) continue;
    let hostname: string;
    let port = 0;
    const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      hostname = bracketed[1] ?? '';
      port = bracketed[2] ? Number(bracketed[2]) : 0;
    } else {
      const withPort = (entry.match(/:/g) ?? []).length === 1 ? /^(.+):(\d+)$/.exec(entry) : null;
      hostname = withPort ? (withPort[1] ?? '') : entry;
      port = withPort ? Number(withPort[2]) : 0;
    }
    entries.push({
      hostname: hostname
        .replace(/^\*?\./, '')
        .replace(/^(.+)\.$/, '$1')
        .toLowerCase(),
      port,
      subdomainsOnly: entry.startsWith('*.'),
    });
  }
  return entries;
}

function bypassed(entries: NoProxyEntry[], hostname: string, port: number): boolean {
  for (const entry of entries) {
    if (entry.port && entry.port !== port) continue;
    if (entry.hostname === '*') return true;
    if (!entry.subdomainsOnly && hostname === entry.hostname) return true;
    if (hostname.endsWith(`.${entry.hostname}`)) return true;
  }
  return false;
}

/**
 * The environment's route for each URL, or null when no proxy variable is set (then the
 * system's proxy settings apply). A variable that is not a proxy URL counts as unset.
 */
export function environmentProxy(env: ProxyEnvironment): ((url: URL) => ProxyRoute) | null {
  const httpValue = read(env, 'http_proxy', 'HTTP_PROXY');
  const httpsValue = read(env, 'https_proxy', 'HTTPS_PROXY');
  const httpRoute = httpValue === null ? null : proxyRoute(httpValue);
  const httpsRoute = httpsValue === null ? httpRoute : (proxyRoute(httpsValue) ?? httpRoute);
  if (!httpRoute && !httpsRoute) return null;
  const noProxy = parseNoProxy(read(env, 'no_proxy', 'NO_PROXY') ?? '');
  return (url) => {
    const route = url.protocol === 'https:' ? httpsRoute : httpRoute;
    if (!route) return DIRECT;
    const hostname = url.hostname
      .replace(/^\[(.+)\]$/, '$1')
      .replace(/^(.+)\.$/, '$1')
      .toLowerCase();
    const port = url.port ? Number(url.port) : (DEFAULT_PORTS[url.protocol] ?? 0);
    return bypassed(noProxy, hostname, port) ? DIRECT : route;
  };
}
