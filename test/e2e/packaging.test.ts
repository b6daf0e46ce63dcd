/**
 * Packaging checks that work without downloading Electron: the electron-builder config
 * validates against electron-builder's own schema, and a `--linux dir` pack with a stub
 * Electron (carrying a real fuse wire) produces an app.asar with exactly the built app,
 * and fuses that are really flipped.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { describe, expect, test } from 'vitest';
import { trayIconPath } from '../../main/tray-icon.ts';
import { packLinuxDir } from '../support/pack.ts';

const root = join(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

describe('packaging', () => {
  test("electron-builder.yml validates against electron-builder's schema", async () => {
    const yaml = require('js-yaml') as { load(text: string): unknown };
    const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(
      validateConfiguration({ ...(config as object), electronFuses: { runAsNode: 'no' } }, new DebugLogger(false)),
    ).rejects.toThrow();
    // The schema knows the file:// fuse (a misspelt key would be refused like the one above).
    await expect(
      validateConfiguration(
        { ...(config as object), electronFuses: { grantFileProtocolExtraPrivilege: false } },
        new DebugLogger(false),
      ),
    ).rejects.toThrow();
  });

  test('a linux dir pack holds main, preload and renderer only, with fuses flipped', { timeout: 120_000 }, async () => {
    const pack = packLinuxDir();
    const unpacked = pack.unpacked;
    const asarPath = join(unpacked, 'resources', 'app.asar');
    const asar = require('@electron/asar') as { listPackage(path: string, options: object): string[] };
    const files = asar.listPackage(asarPath, {}).map((f) => f.replaceAll('\\', '/'));

    expect(files).toContain('/out/main/index.js');
    expect(files).toContain('/out/preload/preload.cjs');
    expect(files).toContain('/out/renderer/index.html');
    expect(files).toContain('/package.json');
    expect(files.filter((f) => f.startsWith('/test'))).toEqual([]);
    expect(files.filter((f) => /spotify-emulator/.test(f))).toEqual([]);
    expect(files.filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /^\/(app|main|renderer|build)\//.test(f))).toEqual([]);
    expect(statSync(join(unpacked, 'resources', 'tray', 'tray.png')).size).toBeGreaterThan(0);
    // The file main loads in a packaged app (process.resourcesPath is <app>/resources) is there for
    // every platform: extraResources is the same on all three.
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const icon = trayIconPath({ platform, packaged: true, resourcesPath: join(unpacked, 'resources'), appPath: '' });
      expect(statSync(icon).size, icon).toBeGreaterThan(0);
      expect(statSync(icon.replace(/\.png$/, '@2x.png')).size, icon).toBeGreaterThan(0);
    }

    const fuses = await getCurrentFuseWire(pack.executable);
    expect(fuses[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(fuses[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);

    const size = statSync(asarPath).size;
    console.log(`app.asar: ${(size / 1024).toFixed(0)} KiB, ${files.length} entries`);
    pack.remove();
  });
});
