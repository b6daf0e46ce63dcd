/**
 * PowerEvents over Electron: resume from sleep comes from powerMonitor; "online" has no
 * main-process event, so the renderer reports it (contract: reportNetworkOnline).
 */
import { powerMonitor } from 'electron';
import type { PowerEvents } from '../app/ports.ts';

export function createElectronPowerEvents(): PowerEvents & { emitOnline: () => void } {
  const online = new Set<() => void>();
  return {
    onResume(listener) {
      powerMonitor.on('resume', listener);
      // Unlocking after a long lock is as good a moment to re-check as a resume.
      powerMonitor.on('unlock-screen', listener);
      return () => {
        powerMonitor.off('resume', listener);
        powerMonitor.off('unlock-screen', listener);
      };
    },
    onOnline(listener) {
      online.add(listener);
      return () => {
        online.delete(listener);
      };
    },
    emitOnline() {
      for (const listener of [...online]) listener();
    },
  };
}
