/**
 * `session.defaultSession`: the system's proxy as Chromium resolves it for the session (one PAC
 * answer, chosen by the test: `DIRECT` unless the knob says otherwise), and main's permission
 * handlers, applied to what pages ask for (permission-shim.ts routes a page's requests here).
 *
 * Permissions follow Electron's documented order: "Most web APIs do a permission check and then make
 * a permission request if the check is denied." Without a handler Electron grants: "By default,
 * Electron will automatically approve all permission requests unless the developer has manually
 * configured a custom handler."
 */
import { EventEmitter } from 'node:events';
import { onlyElectronMembers } from './event.ts';
import { config } from './host-config.ts';
import { isReady, ruleBroken } from './lifecycle.ts';
import { strict } from './strict.ts';

type PermissionRequestHandler = NonNullable<Parameters<Electron.Session['setPermissionRequestHandler']>[0]>;
type PermissionCheckHandler = NonNullable<Parameters<Electron.Session['setPermissionCheckHandler']>[0]>;
export type Permission = Parameters<PermissionRequestHandler>[1];

/** What the page asked for, as Electron describes the requesting frame. */
export interface PermissionAsk {
  webContents: Electron.WebContents;
  permission: Permission;
  /** The frame's URL in Electron's form (app://...). */
  requestingUrl: string;
  isMainFrame: boolean;
  /** For `media`: camera (`video`) and/or microphone (`audio`). */
  mediaTypes?: Array<'video' | 'audio'>;
  /** A check only (navigator.permissions.query): the check handler answers, no request is made. */
  checkOnly?: boolean;
}

/** `new URL(x).origin` is "null" for custom schemes; Chromium serialises a standard scheme's origin as scheme://host. */
function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'null';
  }
}

export class SessionDouble
  extends EventEmitter
  implements Pick<Electron.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'resolveProxy'>
{
  #request: PermissionRequestHandler | null = null;
  #check: PermissionCheckHandler | null = null;

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.#request = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.#check = handler;
  }
  /** "Resolves with the proxy information for url": a PAC-style answer such as "PROXY host:port" or "DIRECT". */
  async resolveProxy(_url: string): Promise<string> {
    return config.systemProxy;
  }

  /** The page's request, decided by main's handlers as Electron would (static: no member Electron lacks). */
  static decide(session: SessionDouble, ask: PermissionAsk): Promise<boolean> {
    const mediaType = ask.mediaTypes?.length === 1 ? ask.mediaTypes[0] : undefined;
    const origin = originOf(ask.requestingUrl);
    const checked =
      session.#check === null ||
      session.#check(ask.webContents, ask.permission, origin, {
        requestingUrl: ask.requestingUrl,
        isMainFrame: ask.isMainFrame,
        ...(ask.permission === 'media' ? { securityOrigin: origin, mediaType: mediaType ?? 'unknown' } : {}),
      });
    const request = session.#request;
    if (checked || ask.checkOnly) return Promise.resolve(checked);
    if (request === null) return Promise.resolve(true);
    return new Promise((resolve) => {
      request(ask.webContents, ask.permission, (granted) => resolve(granted === true), {
        requestingUrl: ask.requestingUrl,
        isMainFrame: ask.isMainFrame,
        ...(ask.permission === 'media' ? { securityOrigin: origin, mediaTypes: ask.mediaTypes ?? [] } : {}),
      });
    });
  }
}
onlyElectronMembers<SessionDouble, Electron.Session>('ok');

let defaultSession: SessionDouble | null = null;
let strictDefaultSession: SessionDouble | null = null;

/** What a page's permission request gets: main's answer, or Electron's default when main never set handlers. */
export function decidePermission(ask: PermissionAsk): Promise<boolean> {
  return defaultSession ? SessionDouble.decide(defaultSession, ask) : Promise.resolve(true);
}

export const session = {
  get defaultSession(): SessionDouble {
    if (!isReady()) {
      throw ruleBroken(
        'Session can only be received when app is ready',
        "the default session exists only after the app's 'ready' event",
        'session#sessiondefaultsession',
      );
    }
    defaultSession ??= new SessionDouble();
    strictDefaultSession ??= strict('session.defaultSession', defaultSession);
    return strictDefaultSession;
  },
};
onlyElectronMembers<typeof session, typeof Electron.session>('ok');
