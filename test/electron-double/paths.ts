/**
 * app.getPath()/setPath() on a Linux layout rooted in the test's profile folder: home is
 * `<profile>/home`, appData is `<profile>/config` (XDG_CONFIG_HOME), userData is appData/<app name>,
 * logs is userData/logs (created when first asked for, as Electron does).
 */
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

export type PathName = Parameters<Electron.App['getPath']>[0];

export function createPaths(profileDir: string, appName: string) {
  const overrides = new Map<string, string>();
  let logsCreated = false;

  const defaults = (name: PathName): string | null => {
    const home = join(profileDir, 'home');
    switch (name) {
      case 'home':
        return home;
      case 'appData':
        return join(profileDir, 'config');
      case 'userData':
        return join(get('appData'), appName);
      case 'sessionData':
        return get('userData');
      case 'temp':
        return join(profileDir, 'tmp');
      case 'exe':
      case 'module':
        return process.execPath;
      case 'assets':
        return dirname(process.execPath);
      case 'logs':
        return join(get('userData'), 'logs');
      case 'crashDumps':
        return join(get('userData'), 'Crashpad');
      case 'desktop':
        return join(home, 'Desktop');
      case 'documents':
        return join(home, 'Documents');
      case 'downloads':
        return join(home, 'Downloads');
      case 'music':
        return join(home, 'Music');
      case 'pictures':
        return join(home, 'Pictures');
      case 'videos':
        return join(home, 'Videos');
      case 'recent':
        return null; // Windows only
    }
  };

  function get(name: PathName): string {
    const path = overrides.get(name) ?? defaults(name);
    // Electron: "On failure, an Error is thrown."
    if (path === null || path === undefined) throw new Error(`Failed to get '${name}' path`);
    if (name === 'logs' && !overrides.has('logs') && !logsCreated) {
      // "a default log directory will be created equivalent to calling app.setAppLogsPath()"; errors ignored.
      logsCreated = true;
      try {
        mkdirSync(path, { recursive: true });
      } catch {
        // Electron ignores a failure here too; the app finds out when it writes.
      }
    }
    return path;
  }

  function set(name: string, path: string): void {
    if (!isAbsolute(path)) throw new Error('Path must be absolute');
    if (defaults(name as PathName) === undefined) throw new Error('Failed to set path');
    overrides.set(name, path);
  }

  return { get, set };
}
