/**
 * The log file, in plain Node (tested without Electron). Writes are asynchronous and never block
 * the main process: lines queue while one append is on its way, then go out together, in order.
 *
 * A hard size cap: main.log grows to at most `maxBytes`; the line that would cross it first turns
 * main.log into main.old.log (replacing the previous one) and starts a new main.log. So the two
 * files together never hold more than 2 × maxBytes. The size counted includes lines still queued,
 * which is what keeps the cap under a burst. A line longer than `maxLineBytes` is cut.
 *
 * Why not electron-log's file transport: with `sync: false` it counts only bytes already written,
 * so a burst overshoots its maxSize (measured: 470 KB in a file capped at 64 KB, 2,000 lines
 * logged in one go); with `sync: true` the cap holds but every line blocks the main process.
 *
 * Logging must never take the app down: failures to write are dropped silently.
 */
import { statSync } from 'node:fs';
import { appendFile, rename, truncate } from 'node:fs/promises';
import { join, parse } from 'node:path';

export const DEFAULT_LOG_MAX_BYTES = 1024 * 1024;
export const DEFAULT_LOG_MAX_LINE_BYTES = 8 * 1024;

export interface LogFile {
  /** Queues one line (without its newline). Returns at once. */
  readonly write: (line: string) => void;
  /** Resolves when every line written so far is on disk (or was dropped). */
  readonly flush: () => Promise<void>;
  readonly path: string;
  readonly oldPath: string;
}

type Pending = { kind: 'lines'; text: string[] } | { kind: 'rotate' };

export function createLogFile(options: { path: string; maxBytes?: number; maxLineBytes?: number }): LogFile {
  const { path } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
  const maxLineBytes = Math.min(options.maxLineBytes ?? DEFAULT_LOG_MAX_LINE_BYTES, maxBytes);
  const { dir, name, ext } = parse(path);
  const oldPath = join(dir, `${name}.old${ext}`);
  let size = currentSize(path);
  const queue: Pending[] = [];
  let draining: Promise<void> | null = null;

  const cut = (line: string): string => {
    const oneLine = line.replace(/[\r\n]+/g, ' ');
    if (Buffer.byteLength(oneLine) + 1 <= maxLineBytes) return oneLine;
    const marker = ' [cut]';
    // Cut on bytes, then drop a character split in half.
    const kept = Buffer.from(oneLine)
      .subarray(0, maxLineBytes - 1 - marker.length)
      .toString('utf8');
    return `${kept.replace(/\uFFFD$/, '')}${marker}`;
  };

  const drain = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        if (next.kind === 'rotate') await rotate(path, oldPath);
        else await appendFile(path, next.text.join(''), { mode: 0o600 });
      } catch {
        // Dropped: a full or read-only disk must not stop Tunetray.
      }
    }
    draining = null;
  };

  return {
    path,
    oldPath,
    write(line) {
      const text = `${cut(line)}\n`;
      const bytes = Buffer.byteLength(text);
      if (size > 0 && size + bytes > maxBytes) {
        queue.push({ kind: 'rotate' });
        size = 0;
      }
      size += bytes;
      const last = queue.at(-1);
      if (last?.kind === 'lines') last.text.push(text);
      else queue.push({ kind: 'lines', text: [text] });
      draining ??= Promise.resolve().then(drain);
    },
    async flush() {
      while (draining) await draining;
    },
  };
}

function currentSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

async function rotate(path: string, oldPath: string): Promise<void> {
  try {
    await rename(path, oldPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    // Could not rename (a file held open elsewhere): start over in place, so the cap still holds.
    await truncate(path, 0);
  }
}
