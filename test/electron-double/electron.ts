/**
 * What `import ... from 'electron'` gives the app's main process under the double (register.ts
 * points the specifier here). Every export is a double typed against electron.d.ts; reading a
 * member the double does not model throws at once, naming it, instead of failing later as undefined.
 */
import { app as appDouble } from './app.ts';
import { BrowserWindowDouble } from './browser-window.ts';
import { listen } from './control.ts';
import { powerMonitor as powerMonitorDouble, session as sessionDouble, shell as shellDouble } from './host-services.ts';
import { ipcMain as ipcMainDouble } from './ipc-main.ts';
import { MenuDouble, MenuItemDouble } from './menu.ts';
import { nativeImage as nativeImageDouble } from './native-image.ts';
import { net as netDouble, protocol as protocolDouble } from './protocol.ts';
import { safeStorage as safeStorageDouble } from './safe-storage.ts';
import { screen as screenDouble } from './screen.ts';
import { TrayDouble } from './tray.ts';

listen();

// Looked up by Node, Promise resolution, util.inspect and bundlers' interop helpers; never by main/.
const PROBES = new Set(['then', 'toJSON', 'constructor', 'inspect', 'default', '__esModule', 'nodeType', '$$typeof']);

function strict<T extends object>(name: string, target: T): T {
  const bound = new Map<string, unknown>();
  return new Proxy(target, {
    get(object, key) {
      if (typeof key === 'symbol' || PROBES.has(key)) return Reflect.get(object, key, object);
      if (!(key in object)) {
        throw new Error(
          `electron double: ${name}.${key} is not modelled. Add it under test/electron-double/, typed against electron.d.ts.`,
        );
      }
      const value = Reflect.get(object, key, object);
      // Classes (Menu, Tray...) and plain values pass as they are; only methods (no prototype) are bound.
      if (typeof value !== 'function' || value.prototype !== undefined) return value;
      // Methods run on the real object (its #private state), and keep their identity.
      if (!bound.has(key)) bound.set(key, (value as (...args: unknown[]) => unknown).bind(object));
      return bound.get(key);
    },
  });
}

export const app = strict('app', appDouble);
export const BrowserWindow = BrowserWindowDouble;
export const ipcMain = strict('ipcMain', ipcMainDouble);
export const Menu = MenuDouble;
export const MenuItem = MenuItemDouble;
export const nativeImage = strict('nativeImage', nativeImageDouble);
export const net = strict('net', netDouble);
export const powerMonitor = strict('powerMonitor', powerMonitorDouble);
export const protocol = strict('protocol', protocolDouble);
export const safeStorage = strict('safeStorage', safeStorageDouble);
export const screen = strict('screen', screenDouble);
export const session = strict('session', sessionDouble);
export const shell = strict('shell', shellDouble);
export const Tray = TrayDouble;

export default strict('electron', {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  MenuItem,
  nativeImage,
  net,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
});
