/**
 * Provisioning the Electron binary (build/electron-binary.ts and the `npm start` entry). The
 * download is exercised for real through Electron's own install.js, against a copy of the
 * electron package and a mirror that refuses connections, so it fails the same way on every
 * machine, including a laptop where the real binary is installed.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  ELECTRON_PACKAGE_DIR,
  ensureElectron,
  executableName,
  failureReason,
  findElectron,
} from '../../build/electron-binary.ts';
import { closedPort } from '../support/net.ts';

const root = join(import.meta.dirname, '../..');
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A copy of node_modules/electron without a binary, inside node_modules so that its install.js
 * finds @electron/get as the real one does.
 */
function electronPackageCopy(): string {
  const dir = mkdtempSync(join(root, 'node_modules/.cache/tunetray-electron-'));
  made.push(dir);
  for (const file of ['package.json', 'install.js', 'checksums.json']) {
    copyFileSync(join(ELECTRON_PACKAGE_DIR, file), join(dir, file));
  }
  return dir;
}

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Offline for @electron/get: a mirror on a closed loopback port and an empty download cache. */
async function offlineEnv(): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  return {
    ...env,
    ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`,
    electron_config_cache: tempDir('tunetray-electron-cache-'),
  };
}

describe('findElectron', () => {
  test('finds an installed binary from path.txt without starting a download', () => {
    const dir = electronPackageCopy();
    expect(findElectron({ packageDir: dir, env: {} })).toBeNull();
    mkdirSync(join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(findElectron({ packageDir: dir, env: {} })).toBeNull();
    writeFileSync(join(dir, 'dist/electron'), '');
    expect(findElectron({ packageDir: dir, env: {} })).toBe(join(dir, 'dist/electron'));
  });

  test('ELECTRON_OVERRIDE_DIST_PATH wins, as in Electron’s own index.js', () => {
    const dir = electronPackageCopy();
    const override = tempDir('tunetray-electron-dist-');
    const env = { ELECTRON_OVERRIDE_DIST_PATH: override };
    expect(findElectron({ packageDir: dir, env, platform: 'linux' })).toBeNull();
    writeFileSync(join(override, executableName('linux')), '');
    expect(findElectron({ packageDir: dir, env, platform: 'linux' })).toBe(join(override, 'electron'));
  });
});

describe('ensureElectron', () => {
  test('an installed binary is returned at once (idempotent, no download)', async () => {
    const dir = electronPackageCopy();
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'path.txt'), executableName());
    writeFileSync(join(dir, 'dist', executableName()), '');
    let downloads = 0;
    const result = await ensureElectron({ packageDir: dir, env: await offlineEnv(), onDownload: () => downloads++ });
    expect(result).toEqual({ ok: true, path: join(dir, 'dist', executableName()), downloaded: false });
    expect(downloads).toBe(0);
  });

  test('offline: install-electron is tried, and the failure is one sentence with the next steps', async () => {
    const dir = electronPackageCopy();
    const versions: string[] = [];
    const started = performance.now();
    const result = await ensureElectron({
      packageDir: dir,
      env: await offlineEnv(),
      timeoutMs: 30_000,
      onDownload: (version) => versions.push(version),
    });
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(versions).toHaveLength(1);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/^Tunetray could not download Electron \d+\.\d+\.\d+ \(.+\): /);
    for (const step of ['npx install-electron', 'ELECTRON_MIRROR', 'ELECTRON_OVERRIDE_DIST_PATH']) {
      expect(result.message).toContain(step);
    }
    expect(result.message).not.toMatch(/\n|\bat .+:\d+:\d+/);
  });

  test('an override folder without the executable says so and downloads nothing', async () => {
    const dir = electronPackageCopy();
    const override = tempDir('tunetray-electron-dist-');
    let downloads = 0;
    const result = await ensureElectron({
      packageDir: dir,
      env: { ELECTRON_OVERRIDE_DIST_PATH: override },
      onDownload: () => downloads++,
    });
    expect(downloads).toBe(0);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(override);
  });

  test('failureReason keeps the error line, not the stack', () => {
    const stderr =
      'TypeError: fetch failed\n    at node:internal/deps/undici/undici:15456:13\n    at async x (y.js:1:2)\n';
    expect(failureReason(stderr)).toBe('fetch failed');
    expect(failureReason('RequestError: getaddrinfo ENOTFOUND github.com\n  at ...')).toBe(
      'getaddrinfo ENOTFOUND github.com',
    );
  });
});

describe('npm start without a reachable Electron', () => {
  test('exits non-zero with the one sentence, never electron-vite’s "Electron uninstall" stack', () => {
    const override = tempDir('tunetray-electron-dist-');
    const run = spawnSync(process.execPath, [join(root, 'build/run-electron-vite.ts'), 'preview'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: override },
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('npx install-electron');
    expect(run.stderr).not.toContain('Electron uninstall');
  });

  test('with a binary it hands electron-vite the path through ELECTRON_EXEC_PATH', () => {
    const override = tempDir('tunetray-electron-dist-');
    const stub = join(override, executableName());
    // A stand-in executable that reports how it was started, instead of opening a window.
    writeFileSync(stub, '#!/bin/sh\necho "stub electron started with: $*"\n');
    chmodSync(stub, 0o755);
    const run = spawnSync(process.execPath, [join(root, 'build/run-electron-vite.ts'), 'preview', '--skipBuild'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: override },
      timeout: 60_000,
    });
    expect(run.stdout).toContain('stub electron started with:');
    expect(run.status).toBe(0);
  });
});
