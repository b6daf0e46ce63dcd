/**
 * The system's proxy for a URL, as Chromium resolves it for Electron's default session: the
 * OS proxy settings, a PAC script or WPAD. app/network parses the answer and picks the route.
 * Only valid after `ready` (session.defaultSession does not exist before).
 */
import { session } from 'electron';
import type { ProxyResolver } from '../app/ports.ts';

export const resolveSystemProxy: ProxyResolver = (url) => session.defaultSession.resolveProxy(url);
