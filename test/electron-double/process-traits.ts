/**
 * What lib/browser/init.ts and Electron's Node setup give the main process: `process.type` and
 * `process.resourcesPath`; an uncaught exception does not end the app (Electron shows an error box;
 * here it goes to stderr); an unhandled rejection is a warning, not a crash (Electron runs Node with
 * unhandled_rejections = "warn-with-error-code"). Both are also reported to the test, so it can fail
 * at once instead of waiting for something that will never happen.
 */
import { report } from './control.ts';
import { config } from './host-config.ts';
import { now } from './messages.ts';
import './process-versions.ts';

Object.defineProperty(process, 'type', { value: 'browser', enumerable: true });
// The platform main is to see (the platform knob). Node bound path, fs and util to the host's POSIX
// behaviour at bootstrap, before this runs; os.platform() follows process.platform, os.type() does not.
if (process.platform !== config.platform) {
  Object.defineProperty(process, 'platform', { value: config.platform, enumerable: true, configurable: true });
}
Object.defineProperty(process, 'resourcesPath', { value: config.resourcesPath, enumerable: true });

const describe = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

process.on('uncaughtException', (error) => {
  // "Do nothing if the user has a custom uncaught exception handler."
  if (process.listenerCount('uncaughtException') > 1) return;
  process.stderr.write(`A JavaScript error occurred in the main process\nUncaught Exception:\n${describe(error)}\n`);
  report({ type: 'fault', kind: 'uncaught-exception', message: describe(error), at: now() });
});

process.on('unhandledRejection', (reason) => {
  process.stderr.write(`(electron) Unhandled promise rejection: ${describe(reason)}\n`);
  process.exitCode = 1;
  report({ type: 'fault', kind: 'unhandled-rejection', message: describe(reason), at: now() });
});
