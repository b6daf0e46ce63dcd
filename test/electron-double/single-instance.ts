/**
 * app.requestSingleInstanceLock() across processes, the way Chromium's ProcessSingleton does it on
 * Linux: a `SingletonLock` symlink in the userData folder pointing at `<hostname>-<pid>`. A live owner
 * means another instance: this one drops its argv, working directory and additionalData in the
 * owner's mailbox (synchronously, as the real call blocks until the message is sent) and gets false.
 * A lock whose process is gone (a crash, SIGKILL) is stale and taken over.
 */
import { randomUUID } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface SecondInstanceMessage {
  argv: string[];
  workingDirectory: string;
  additionalData: unknown;
}

const LOCK = 'SingletonLock';
const MAILBOX = 'SingletonMailbox';

const me = () => `${hostname()}-${process.pid}`;

function ownerIsAlive(target: string): boolean {
  const match = /^(.*)-(\d+)$/.exec(target);
  if (!match || match[1] !== hostname()) return false;
  try {
    process.kill(Number(match[2]), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Tries to become the primary instance for `userData`; on failure hands `message` to the primary. */
export function acquireLock(userData: string, message: SecondInstanceMessage): boolean {
  mkdirSync(userData, { recursive: true });
  const lock = join(userData, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      symlinkSync(me(), lock);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner: string;
    try {
      owner = readlinkSync(lock);
    } catch {
      continue; // released meanwhile
    }
    if (owner === me()) return true;
    if (ownerIsAlive(owner)) {
      const mailbox = join(userData, MAILBOX);
      mkdirSync(mailbox, { recursive: true });
      // Written under a temporary name, then renamed: the primary never reads half a message.
      const name = `${Date.now()}-${randomUUID()}`;
      writeFileSync(join(mailbox, `${name}.tmp`), JSON.stringify(message));
      renameSync(join(mailbox, `${name}.tmp`), join(mailbox, `${name}.json`));
      return false;
    }
    rmSync(lock, { force: true });
  }
  return false;
}

export function releaseLock(userData: string): void {
  const lock = join(userData, LOCK);
  try {
    if (readlinkSync(lock) === me()) unlinkSync(lock);
  } catch {
    // not ours, or already gone
  }
}

/** Delivers every message other instances leave for the primary, oldest first. Returns a stop function. */
export function watchMailbox(userData: string, deliver: (message: SecondInstanceMessage) => void): () => void {
  const mailbox = join(userData, MAILBOX);
  mkdirSync(mailbox, { recursive: true });
  const drain = () => {
    for (const name of readdirSync(mailbox)
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      const file = join(mailbox, name);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
        rmSync(file, { force: true });
      } catch {
        continue;
      }
      deliver(JSON.parse(text) as SecondInstanceMessage);
    }
  };
  const watcher = watch(mailbox, drain);
  watcher.unref();
  drain();
  return () => watcher.close();
}
