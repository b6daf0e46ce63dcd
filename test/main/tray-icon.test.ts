import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { trayIconPath } from '../../main/tray-icon.ts';

const root = join(import.meta.dirname, '../..');
const where = { resourcesPath: '/opt/Tunetray/resources', appPath: '/opt/Tunetray/resources/app.asar' };

describe('trayIconPath', () => {
  test('the template image only on macOS; the colour icon on Windows and Linux', () => {
    expect(trayIconPath({ platform: 'darwin', packaged: true, ...where })).toBe(
      '/opt/Tunetray/resources/tray/trayTemplate.png',
    );
    expect(trayIconPath({ platform: 'linux', packaged: true, ...where })).toBe('/opt/Tunetray/resources/tray/tray.png');
    expect(trayIconPath({ platform: 'win32', packaged: true, ...where })).toBe('/opt/Tunetray/resources/tray/tray.png');
  });

  test('in development the files come from build/tray, and they exist there', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const path = trayIconPath({ platform, packaged: false, resourcesPath: '/nowhere', appPath: root });
      expect(path.startsWith(join(root, 'build', 'tray'))).toBe(true);
      expect(existsSync(path)).toBe(true);
    }
  });
});
