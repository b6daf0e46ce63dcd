/**
 * A `--linux dir` pack of the built app without downloading Electron: electron-builder with a stub
 * Electron executable (carrying Electron 45's real fuse wire, so the fuses can be flipped and read
 * back) packs app.asar and the extra resources in a few seconds. Used by the packaging checks and by
 * the desktop journeys that run the double as a packaged app (process.resourcesPath = the pack's
 * resources folder).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

export interface LinuxPack {
  /** electron-builder's output folder (holds linux-unpacked/). */
  readonly output: string;
  /** The unpacked app: the executable, resources/. */
  readonly unpacked: string;
  /** What process.resourcesPath is in the packed app: app.asar and the extra resources. */
  readonly resources: string;
  /** The packed executable (the stub Electron, renamed to the product's executable name). */
  readonly executable: string;
  /** Removes the pack and the stub. */
  remove(): void;
}

/** Electron 45's default fuse wire, behind the sentinel @electron/fuses looks for. */
function stubElectronDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tunetray-stub-electron-'));
  const wire = Buffer.concat([
    Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
    Buffer.from([1, 9]),
    Buffer.from('101100011'),
  ]);
  const file = join(dir, 'electron');
  writeFileSync(
    file,
    Buffer.concat([Buffer.from('#!/bin/sh\necho "stub electron"\nexit 0\n#'), wire, Buffer.from('\n')]),
  );
  chmodSync(file, 0o755);
  return dir;
}

/** Packs what `npm run build` left in out/ (build first). */
export function packLinuxDir(): LinuxPack {
  const stub = stubElectronDist();
  const output = mkdtempSync(join(tmpdir(), 'tunetray-pack-'));
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/electron-builder/cli.js'),
      '--linux',
      'dir',
      `-c.electronDist=${stub}`,
      `-c.directories.output=${output}`,
    ],
    { cwd: root, stdio: 'pipe' },
  );
  const unpacked = join(output, 'linux-unpacked');
  return {
    output,
    unpacked,
    resources: join(unpacked, 'resources'),
    executable: join(unpacked, 'tunetray'),
    remove() {
      rmSync(output, { recursive: true, force: true });
      rmSync(stub, { recursive: true, force: true });
    },
  };
}
