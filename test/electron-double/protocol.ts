/**
 * `protocol` and `net`. Chromium cannot load a custom scheme, so a page's app://host/... is shown to
 * it as https://host.app.electron-double.invalid/... (a name that never resolves) and every request
 * there is answered by main's own protocol.handle handler, called with a Request for the app:// URL.
 * URLs are reported back to main in app:// form. `net.fetch` serves file: URLs as Electron's does.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onlyElectronMembers } from './event.ts';
import { isReady, requireReady, ruleBroken } from './lifecycle.ts';

const MAPPED_SUFFIX = '.electron-double.invalid';

type Handler = (request: Request) => Response | Promise<Response>;
const handlers = new Map<string, Handler>();
const privileged = new Map<string, Electron.Privileges>();
let registeredPrivileged = false;

/** app://tunetray/x -> https://tunetray.app.electron-double.invalid/x, for schemes registered as standard. */
export function toChromiumUrl(url: string): string {
  const parsed = new URL(url);
  const scheme = parsed.protocol.slice(0, -1);
  if (['http', 'https', 'file', 'data', 'about'].includes(scheme)) return url;
  if (!privileged.get(scheme)?.standard) {
    throw new Error(
      `electron double: only custom schemes registered as standard are modelled; '${scheme}:' is not (registerSchemesAsPrivileged)`,
    );
  }
  return `https://${parsed.host}.${scheme}${MAPPED_SUFFIX}${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/** The reverse of toChromiumUrl; other URLs are returned as they are. */
export function fromChromiumUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!parsed.hostname.endsWith(MAPPED_SUFFIX)) return url;
  const labels = parsed.hostname.slice(0, -MAPPED_SUFFIX.length).split('.');
  const scheme = labels.pop();
  return `${scheme}://${labels.join('.')}${parsed.pathname}${parsed.search}${parsed.hash}`;
}

export const isMappedUrl = (url: string): boolean => {
  try {
    return new URL(url).hostname.endsWith(MAPPED_SUFFIX);
  } catch {
    return false;
  }
};

/** What the page's request gets: main's handler's answer, or a net error in Electron's terms. */
export type ProtocolAnswer =
  | { ok: true; status: number; headers: Record<string, string>; body: Buffer }
  | { ok: false; error: string; code: number };

export async function answerMappedRequest(request: Request): Promise<ProtocolAnswer> {
  const scheme = new URL(request.url).protocol.slice(0, -1);
  const handler = handlers.get(scheme);
  if (!handler) return { ok: false, error: 'ERR_UNKNOWN_URL_SCHEME', code: -302 };
  try {
    const response = await handler(request);
    if (!(response instanceof Response)) return { ok: false, error: 'ERR_UNEXPECTED', code: -9 };
    if (response.type === 'error') return { ok: false, error: 'ERR_FAILED', code: -2 };
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { ok: true, status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
  } catch (error) {
    // Electron logs the handler's error and fails the request with ERR_UNEXPECTED.
    console.error(error);
    return { ok: false, error: 'ERR_UNEXPECTED', code: -9 };
  }
}

export const protocol = {
  registerSchemesAsPrivileged(customSchemes: Electron.CustomScheme[]): void {
    if (isReady()) {
      throw ruleBroken(
        'protocol.registerSchemesAsPrivileged should be called before app is ready',
        "registerSchemesAsPrivileged can only be used before the app's 'ready' event",
        'protocol#protocolregisterschemesasprivilegedcustomschemes',
      );
    }
    if (registeredPrivileged) {
      throw ruleBroken(
        'protocol.registerSchemesAsPrivileged was called a second time',
        'registerSchemesAsPrivileged can be called only once',
        'protocol#protocolregisterschemesasprivilegedcustomschemes',
      );
    }
    registeredPrivileged = true;
    for (const { scheme, privileges } of customSchemes) privileged.set(scheme, privileges ?? {});
  },
  handle(scheme: string, handler: Handler): void {
    requireReady(`protocol.handle('${scheme}') before app is ready`, 'protocol', 'protocol#methods');
    if (handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    handlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    if (!handlers.delete(scheme)) throw new Error(`Failed to unhandle protocol: ${scheme}`);
  },
  isProtocolHandled(scheme: string): boolean {
    return handlers.has(scheme);
  },
} satisfies Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle' | 'unhandle' | 'isProtocolHandled'>;
onlyElectronMembers<typeof protocol, Electron.Protocol>('ok');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain',
};

async function fetchFile(url: string): Promise<Response> {
  const path = fileURLToPath(url);
  const info = await stat(path).catch(() => null);
  // Electron's net.fetch rejects for a missing file rather than answering 404.
  if (!info?.isFile()) throw new TypeError('net::ERR_FILE_NOT_FOUND');
  const body = await readFile(path);
  const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
  return new Response(body, { status: 200, headers: { 'content-type': type, 'content-length': String(body.length) } });
}

export const net = {
  fetch(input: string | GlobalRequest, init?: RequestInit & { bypassCustomProtocolHandlers?: boolean }) {
    if (!isReady()) {
      throw ruleBroken(
        'net module can only be used after app is ready',
        "net can only be used after the app's 'ready' event",
        'net',
      );
    }
    const url = typeof input === 'string' ? input : input.url;
    if (url.startsWith('file:')) return fetchFile(url);
    return fetch(input, init);
  },
} satisfies Pick<Electron.Net, 'fetch'>;
onlyElectronMembers<typeof net, Electron.Net>('ok');
