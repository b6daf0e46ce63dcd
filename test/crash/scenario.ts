/**
 * The crash test: the core in a child process against the emulator in this one, SIGKILLed at
 * random moments of sign-in, refresh with rotation, library sync and settings writes, and
 * started again after every kill. Counts what a user would notice:
 *   lostSessions    a sign-in that was saved and is gone (or unusable) after the restart, other than
 *   unavoidable     Spotify rotated the refresh token and the process died before the new one was
 *                   on disk (told apart with the emulator's knowledge of which token is current)
 *   corruptFiles    store files that no longer parse
 *   plaintextTokens files holding an issued code or token in plain text (logs and temp files too)
 *   failedStarts    a restart that did not come up (crashed, or no answer within 20 s)
 * run.ts (npm run crash) runs 200+ kills; crash.test.ts a short version inside npm test.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../spotify-emulator/index.ts';
import { seededRandom } from '../support/random.ts';
import {
  corruptStoreFiles,
  createSecretScanner,
  leftoverTempFiles,
  type SavedSignIn,
  savedSignIn,
} from './profile-check.ts';
import type { ChildConfig, ChildMessage, Workload } from './protocol.ts';

export interface CrashCounts {
  kills: number;
  lostSessions: number;
  unavoidable: number;
  corruptFiles: number;
  plaintextTokens: number;
  failedStarts: number;
}

export interface CrashReport extends CrashCounts {
  seed: number;
  /** Kills per workload, and how many landed before the child had started. */
  byWorkload: Record<Workload | 'starting', number>;
  /** The most temp files of interrupted atomic writes seen after a kill (each start removes them). */
  leftoverTempFiles: number;
  /** From a refresh reply read to auth.json renamed into place, in the child, in ms. */
  windowMs: { median: number; max: number; samples: number };
  /** What went wrong, for the report: one line per lost session, corrupt file, leak or failed start. */
  problems: string[];
}

const CHILD = join(import.meta.dirname, 'child.ts');
const WORKLOADS: Workload[] = ['sign-in', 'refresh', 'sync', 'settings'];
/** How long after the workload starts a kill may come; the loops take a few ms per round. */
const KILL_WITHIN_MS = 250;
const START_TIMEOUT_MS = 20_000;

interface Life {
  child: ChildProcess;
  started: Promise<{ status: string; notice: string | null } | null>;
  workload: Promise<boolean>;
  exited: Promise<void>;
  errors: string[];
}

export async function runCrashTest(options: {
  kills: number;
  seed: number;
  onKill?: (done: number, counts: CrashCounts) => void;
}): Promise<CrashReport> {
  const random = seededRandom(options.seed);
  const emu = await startEmulator();
  const userId = 'listener';
  const { clientId } = emu.registerClient({ name: 'Tunetray crash', redirectUris: ['http://127.0.0.1/callback'] });
  emu.registerUser({ id: userId, displayName: 'Listener' });
  emu.seedPlaylists(userId, 60);
  const profile = mkdtempSync(join(tmpdir(), 'tunetray-crash-'));
  const key = randomBytes(32);
  const scan = createSecretScanner(profile);
  const report: CrashReport = {
    kills: 0,
    lostSessions: 0,
    unavoidable: 0,
    corruptFiles: 0,
    plaintextTokens: 0,
    failedStarts: 0,
    seed: options.seed,
    byWorkload: { 'sign-in': 0, refresh: 0, sync: 0, settings: 0, starting: 0 },
    leftoverTempFiles: 0,
    windowMs: { median: 0, max: 0, samples: 0 },
    problems: [],
  };
  const windows: number[] = [];
  /** A sign-in was confirmed and nothing since may have ended it. */
  let expectSignedIn = false;
  let signInAgain = false;
  /** What the last kill left on disk, checked against how the next life starts. */
  let left: SavedSignIn | null = null;
  let startupMs = 600;

  const live = (workload: Workload): Life => {
    const config: ChildConfig = {
      profile,
      key: key.toString('hex'),
      accountsUrl: emu.accountsUrl,
      apiUrl: emu.apiUrl,
      clientId,
      workload,
      signInAgain,
    };
    const child = fork(CHILD, [], {
      env: { ...process.env, TUNETRAY_CRASH_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const errors: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => errors.push(chunk.toString('utf8').trim()));
    let onStarted: (value: { status: string; notice: string | null } | null) => void = () => {};
    let onWorkload: (value: boolean) => void = () => {};
    const started = new Promise<{ status: string; notice: string | null } | null>((resolve) => {
      onStarted = resolve;
    });
    const workloadRunning = new Promise<boolean>((resolve) => {
      onWorkload = resolve;
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    void exited.then(() => {
      onStarted(null);
      onWorkload(false);
    });
    child.on('message', (message: ChildMessage) => {
      switch (message.type) {
        case 'started':
          onStarted({ status: message.status, notice: message.notice });
          break;
        case 'open':
          // The system browser: the consent page, then the redirect to the child's loopback port.
          void emu
            .playBrowser(message.url, { decision: 'agree', userId })
            .then((page) => (page.location ? fetch(page.location).then((r) => r.arrayBuffer()) : null))
            .catch(() => {});
          break;
        case 'connected':
          expectSignedIn = true;
          signInAgain = false;
          break;
        case 'workload':
          onWorkload(true);
          break;
        case 'window':
          windows.push(message.ms);
          break;
        case 'error':
          errors.push(message.message);
          break;
      }
    });
    return { child, started, workload: workloadRunning, exited, errors };
  };

  const timeout = <T>(promise: Promise<T>, ms: number, fallback: T) =>
    Promise.race([promise, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms))]);

  /** Checks how a life started against what the previous kill left on disk. */
  const checkStart = async (life: Life, kill: number) => {
    const begun = performance.now();
    const started = await timeout(life.started, START_TIMEOUT_MS, null);
    if (!started) {
      report.failedStarts++;
      report.problems.push(`kill ${kill}: the restart failed: ${life.errors.join(' | ').slice(0, 300)}`);
      return false;
    }
    startupMs = Math.max(200, Math.round(0.8 * startupMs + 0.2 * (performance.now() - begun)));
    if (left === 'current' && expectSignedIn && started.status !== 'connected') {
      report.lostSessions++;
      report.problems.push(`kill ${kill}: a current sign-in on disk started as ${started.status} (${started.notice})`);
      expectSignedIn = false;
      signInAgain = true;
    }
    return true;
  };

  try {
    // Life 0 signs in first; the life after the last kill only shows how that kill restarts.
    for (let kill = 0; kill <= options.kills; kill++) {
      const workload = WORKLOADS[Math.floor(random() * WORKLOADS.length)] as Workload;
      emu.setTokenLifetime(workload === 'sync' ? 3600 : 1);
      const life = live(workload);
      const killDuringStart = kill > 0 && random() < 0.1;
      const delay = random();
      if (killDuringStart) {
        await new Promise((resolve) => setTimeout(resolve, delay * startupMs));
        report.byWorkload.starting++;
      } else {
        if (!(await checkStart(life, kill))) {
          life.child.kill('SIGKILL');
          await life.exited;
          continue;
        }
        const running = await timeout(life.workload, START_TIMEOUT_MS, false);
        if (!running) {
          report.problems.push(`kill ${kill}: the ${workload} workload did not start: ${life.errors.join(' | ')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, delay * KILL_WITHIN_MS));
        report.byWorkload[workload]++;
      }
      if (kill === options.kills) {
        life.child.kill('SIGKILL');
        await life.exited;
        break;
      }
      life.child.kill('SIGKILL');
      await life.exited;
      report.kills++;

      const corrupt = corruptStoreFiles(profile);
      report.corruptFiles += corrupt.length;
      for (const name of corrupt) report.problems.push(`kill ${kill} (${workload}): ${name} no longer parses`);
      const leaks = scan(emu.issuedSecrets());
      report.plaintextTokens += leaks.length;
      for (const name of leaks) report.problems.push(`kill ${kill} (${workload}): a token in plain text in ${name}`);
      report.leftoverTempFiles = Math.max(report.leftoverTempFiles, leftoverTempFiles(profile).length);

      left = await savedSignIn(profile, key, emu);
      if (expectSignedIn && left === 'one-behind') {
        report.unavoidable++;
        expectSignedIn = false;
        signInAgain = true;
      } else if (expectSignedIn && left !== 'current') {
        report.lostSessions++;
        report.problems.push(`kill ${kill} (${workload}): the saved sign-in is ${left}`);
        expectSignedIn = false;
        signInAgain = true;
      }
      options.onKill?.(report.kills, report);
    }
  } finally {
    await emu.close();
    rmSync(profile, { recursive: true, force: true });
  }
  windows.sort((a, b) => a - b);
  report.windowMs = {
    median: Number((windows[Math.floor(windows.length / 2)] ?? 0).toFixed(2)),
    max: Number((windows.at(-1) ?? 0).toFixed(2)),
    samples: windows.length,
  };
  return report;
}
