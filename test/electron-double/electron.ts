/**
 * What `import ... from 'electron'` gives the app's main process under the double (register.ts
 * points the specifier here). Every export is a double typed against electron.d.ts; reading a
 * member the double does not model throws at once, naming it, instead of failing later as undefined.
 */
import { app as appDouble } from './app.ts';
import { BrowserWindowDouble } from './browser-window.ts';
import { listen } from './control.ts';
import { globalShortcut as globalShortcutDouble } from './global-shortcut.ts';
import { powerMonitor as powerMonitorDouble, shell as shellDouble } from './host-services.ts';
import { ipcMain as ipcMainDouble } from './ipc-main.ts';
import { MenuDouble, MenuItemDouble } from './menu.ts';
import { nativeImage as nativeImageDouble } from './native-image.ts';
import { net as netDouble, protocol as protocolDouble } from './protocol.ts';
import { safeStorage as safeStorageDouble } from './safe-storage.ts';
import { screen as screenDouble } from './screen.ts';
import { session as sessionDouble } from './session.ts';
import { strict } from './strict.ts';
import { TrayDouble } from './tray.ts';

listen();

export const app = strict('app', appDouble);
export const BrowserWindow = BrowserWindowDouble;
export const globalShortcut = strict('globalShortcut', globalShortcutDouble);
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
  globalShortcut,
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
