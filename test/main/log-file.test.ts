/** The log file's size cap, rotation and asynchronous writes (main/log-file.ts), on a real folder. */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createLogFile } from '../../main/log-file.ts';

const folder = () => mkdtempSync(join(tmpdir(), 'tunetray-logs-'));
const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);

describe('log file', () => {
  test('a burst of ten times the cap leaves both files under it, newest lines kept, every line whole', async () => {
    const cap = 64 * 1024;
    const file = createLogFile({ path: join(folder(), 'main.log'), maxBytes: cap });
    const lines = Array.from({ length: 3_300 }, (_, i) => `2026-11-23T09:00:00.000Z INFO line ${i} ${'x'.repeat(180)}`);
    for (const line of lines) file.write(line);
    await file.flush();

    expect(size(file.path)).toBeLessThanOrEqual(cap);
    expect(size(file.oldPath)).toBeLessThanOrEqual(cap);
    expect(size(file.path) + size(file.oldPath)).toBeGreaterThan(cap);
    const kept = `${readFileSync(file.oldPath, 'utf8')}${readFileSync(file.path, 'utf8')}`.split('\n').filter(Boolean);
    expect(kept.at(-1)).toBe(lines.at(-1));
    // What is kept is a tail of what was written, in order, with no line cut by a rotation.
    expect(kept).toEqual(lines.slice(lines.length - kept.length));
  });

  test('an existing file counts towards the cap (a restart does not start from zero)', async () => {
    const dir = folder();
    const path = join(dir, 'main.log');
    writeFileSync(path, `${'y'.repeat(1000)}\n`);
    const file = createLogFile({ path, maxBytes: 1500 });
    file.write('z'.repeat(600));
    await file.flush();
    expect(readFileSync(join(dir, 'main.old.log'), 'utf8')).toBe(`${'y'.repeat(1000)}\n`);
    expect(readFileSync(path, 'utf8')).toBe(`${'z'.repeat(600)}\n`);
  });

  test('writes are asynchronous: nothing is on disk until the event loop has run', async () => {
    const file = createLogFile({ path: join(folder(), 'main.log') });
    file.write('first line');
    expect(existsSync(file.path)).toBe(false);
    await file.flush();
    expect(readFileSync(file.path, 'utf8')).toBe('first line\n');
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
  });

  test('a huge line (a 200,000-character name) is cut, and a line break cannot forge a second entry', async () => {
    const file = createLogFile({ path: join(folder(), 'main.log'), maxLineBytes: 1024 });
    file.write(`name=${'é'.repeat(200_000)}`);
    file.write('a\n2026-11-23T09:00:00.000Z ERROR forged');
    await file.flush();
    const [first, second, rest] = readFileSync(file.path, 'utf8').split('\n');
    expect(Buffer.byteLength(`${first}\n`)).toBeLessThanOrEqual(1024);
    expect(first?.endsWith(' [cut]')).toBe(true);
    expect(first).not.toContain('\uFFFD');
    expect(second).toBe('a 2026-11-23T09:00:00.000Z ERROR forged');
    expect(rest).toBe('');
  });
});
