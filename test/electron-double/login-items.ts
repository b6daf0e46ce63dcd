/**
 * Start at login and the Dock, by platform. macOS: setLoginItemSettings registers the login item
 * (`openAtLogin`), getLoginItemSettings reports it and, from the launch knob, wasOpenedAtLogin; the
 * app has a Dock icon (`app.dock`). Linux: Electron does nothing with login items
 * (shell/browser/browser_linux.cc: SetLoginItemSettings is empty, GetLoginItemSettings returns the
 * defaults) and there is no Dock (`app.dock` is undefined). Every setLoginItemSettings call is
 * reported to the test as main made it.
 */
import { provide, report } from './control.ts';
import { onlyElectronMembers } from './event.ts';
import { config } from './host-config.ts';
import { now } from './messages.ts';

const macOS = config.platform === 'darwin';
let openAtLogin = false;

export function setLoginItemSettings(settings: Electron.Settings): void {
  report({ type: 'login-item-settings', settings: JSON.parse(JSON.stringify(settings)), at: now() });
  if (macOS) openAtLogin = settings.openAtLogin ?? false;
}

export function getLoginItemSettings(_options?: Electron.LoginItemSettingsOptions): Electron.LoginItemSettings {
  return {
    openAtLogin: macOS && openAtLogin,
    wasOpenedAtLogin: macOS && config.login.wasOpenedAtLogin,
    status: macOS && openAtLogin ? 'enabled' : 'not-registered',
    executableWillLaunchAtLogin: false,
    launchItems: [],
  };
}

/** The Dock icon: shown while the app is running, unless the app hides it (a tray-only app does). */
export class DockDouble implements Pick<Electron.Dock, 'show' | 'hide' | 'isVisible'> {
  #visible = true;
  async show(): Promise<void> {
    this.#visible = true;
  }
  hide(): void {
    this.#visible = false;
  }
  isVisible(): boolean {
    return this.#visible;
  }
}
onlyElectronMembers<DockDouble, Electron.Dock>('ok');

export const dock = macOS ? new DockDouble() : undefined;

provide({
  'app.dock': () => (dock ? { visible: dock.isVisible() } : null),
});
