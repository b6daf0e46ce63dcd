/**
 * The last log lines in memory, for "Copy diagnostics" (app/diagnostics.ts takes the newest 50).
 * Plain Node, tested without Electron. A fixed-size ring: a long-running app logs for months, and
 * the ring never holds more than `capacity` lines of at most `maxLineLength` characters. It keeps
 * what main's logger already redacted (app/log.ts); the report is redacted once more.
 */
export const LOG_RING_CAPACITY = 200;
export const LOG_RING_MAX_LINE = 2_000;

export interface LogRing {
  readonly push: (line: string) => void;
  /** The newest `limit` lines, oldest first. */
  readonly recent: (limit: number) => string[];
}

export function createLogRing(capacity = LOG_RING_CAPACITY, maxLineLength = LOG_RING_MAX_LINE): LogRing {
  const lines: string[] = new Array(capacity);
  let next = 0;
  let size = 0;
  return {
    push(line) {
      lines[next] = line.length > maxLineLength ? `${line.slice(0, maxLineLength)} [cut]` : line;
      next = (next + 1) % capacity;
      size = Math.min(size + 1, capacity);
    },
    recent(limit) {
      const count = Math.max(0, Math.min(limit, size));
      const out: string[] = [];
      for (let i = count; i > 0; i--) out.push(lines[(next - i + capacity) % capacity] as string);
      return out;
    },
  };
}
