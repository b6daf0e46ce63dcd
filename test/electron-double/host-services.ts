/**
 * The rest of the host: shell.openExternal hands every URL to the test (which plays the system
 * browser), and powerMonitor emits what the test asks for (and refuses listeners before 'ready').
 * The default session is in session.ts.
 */
import { EventEmitter } from 'node:events';
import { provide, report } from './control.ts';
import { onlyElectronMembers } from './event.ts';
import { isReady, ruleBroken } from './lifecycle.ts';
import { now } from './messages.ts';

export const shell = {
  async openExternal(url: string, _options?: Electron.OpenExternalOptions): Promise<void> {
    report({ type: 'open-external', url, at: now() });
  },
} satisfies Pick<Electron.Shell, 'openExternal'>;
onlyElectronMembers<typeof shell, Electron.Shell>('ok');

export class PowerMonitorDouble extends EventEmitter implements Pick<Electron.PowerMonitor, 'isOnBatteryPower'> {
  constructor() {
    super();
    // Electron starts the OS event source only once the app is ready and someone listens; before
    // 'ready' it has none to start (older releases threw this very message).
    this.on('newListener', (event: string) => {
      if (event !== 'newListener' && !isReady()) {
        throw ruleBroken(
          "The 'powerMonitor' module can't be used before the app 'ready' event",
          "powerMonitor can only be used after the app's 'ready' event",
          'power-monitor',
        );
      }
    });
  }
  isOnBatteryPower(): boolean {
    return false;
  }
}
onlyElectronMembers<PowerMonitorDouble, Electron.PowerMonitor>('ok');

export const powerMonitor = new PowerMonitorDouble();

provide({
  'power.emit': ({ event }) => {
    powerMonitor.emit(event);
    return null;
  },
});
