/**
 * Plain-Node adapters for app/'s ports, used by tests and the browser harness.
 * They are real implementations (the cipher really encrypts, the store is a file),
 * not mocks: tests assert behaviour through them.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createLogger, createRedactor, type LogLevel, type Redactor } from '../../app/log.ts';
import type { Cipher, CipherProtection, KeyValueStore, Logger, PowerEvents } from '../../app/ports.ts';

/** AES-256-GCM with a key held in memory: a stand-in for safeStorage that really encrypts. */
export function createTestCipher(options: { key?: Buffer; protection?: CipherProtection } = {}): Cipher & {
  key: Buffer;
} {
  const key = options.key ?? randomBytes(32);
  const protection: CipherProtection = options.protection ?? { kind: 'encrypted', store: 'secret-service' };
  return {
    key,
    protection: async () => protection,
    async encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    async decrypt(ciphertext) {
      const raw = Buffer.from(ciphertext, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const plaintext = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      return { plaintext, shouldReEncrypt: false };
    },
  };
}

/**
 * A JSON file store with the same contract as electron-store: whole-file JSON, atomic
 * rename, mode 0o600. A corrupt file reads as empty (electron-store's clearInvalidConfig).
 * With `reportUnreadable`, it behaves like main/store.ts instead: a file that exists but is not
 * a JSON object is reset, and the next get() returns 'unreadable-file' once (UNREADABLE_FILE),
 * so the owner of the key can tell the user.
 */
export function createFileStore(
  path: string,
  options: { reportUnreadable?: boolean } = {},
): KeyValueStore & { path: string } {
  let unreadable = false;
  const read = (): Record<string, unknown> => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return {};
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // fall through: unreadable
    }
    if (options.reportUnreadable) {
      unreadable = true;
      rmSync(path, { force: true });
    }
    return {};
  };
  const write = (data: Record<string, unknown>) => {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, JSON.stringify(data, null, 2), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  };
  return {
    path,
    get: (key) => {
      const value = read()[key];
      if (!unreadable) return value;
      unreadable = false;
      return 'unreadable-file';
    },
    set: (key, value) => write({ ...read(), [key]: value }),
    delete: (key) => {
      const data = read();
      delete data[key];
      if (Object.keys(data).length === 0) rmSync(path, { force: true });
      else write(data);
    },
  };
}

/** Collects log lines so tests can assert that no secret was ever written. */
export function createMemoryLogger(redactor: Redactor = createRedactor()): Logger & {
  lines: Array<{ level: LogLevel; line: string }>;
  redactor: Redactor;
} {
  const lines: Array<{ level: LogLevel; line: string }> = [];
  const logger = createLogger((level, line) => lines.push({ level, line }), redactor);
  return { ...logger, lines, redactor };
}

/** Power events a test can fire by hand. */
export function createManualPowerEvents(): PowerEvents & { resume(): void; online(): void; emitOnline(): void } {
  const resume = new Set<() => void>();
  const online = new Set<() => void>();
  const subscribe = (set: Set<() => void>) => (listener: () => void) => {
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };
  return {
    onResume: subscribe(resume),
    onOnline: subscribe(online),
    resume: () => {
      for (const listener of [...resume]) listener();
    },
    online: () => {
      for (const listener of [...online]) listener();
    },
    emitOnline: () => {
      for (const listener of [...online]) listener();
    },
  };
}
