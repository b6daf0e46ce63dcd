/**
 * A real signed-in profile for the fuzz boundaries: the emulator, a Client ID stored in
 * settings.json (not the environment, so losing the file loses it), and the three store files
 * that a real sign-in and sync leave behind. Boundaries copy the profile for every case.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SettingsEnvironment } from '../../app/settings.ts';
import { type Emulator, startEmulator } from '../spotify-emulator/index.ts';
import { createTestCore, type TestCore, type TestCoreOptions } from '../support/test-core.ts';
import { waitUntil } from '../support/wait.ts';

export interface FuzzWorld {
  emu: Emulator;
  clientId: string;
  userId: string;
  /** The "OS keyring" of every core in this world. */
  key: Buffer;
  /** Endpoints only: the Client ID lives in settings.json. */
  env: SettingsEnvironment;
  /** A signed-in, synced profile folder; copy it, never change it. */
  profile: string;
  close(): Promise<void>;
}

export const FUZZ_USER = 'listener';

export async function startWorld(options: { playlists?: number } = {}): Promise<FuzzWorld> {
  const emu = await startEmulator();
  const { clientId } = emu.registerClient({ name: 'Tunetray fuzz', redirectUris: ['http://127.0.0.1/callback'] });
  emu.registerUser({ id: FUZZ_USER, displayName: 'Listener' });
  emu.seedPlaylists(FUZZ_USER, options.playlists ?? 7);
  const key = randomBytes(32);
  const env = { TUNETRAY_ACCOUNTS_URL: emu.accountsUrl, TUNETRAY_API_URL: emu.apiUrl };
  const profile = mkdtempSync(join(tmpdir(), 'tunetray-fuzz-profile-'));
  const core = createTestCore({ dir: profile, cipherKey: key, env, signInTimeoutMs: 10_000 });
  core.settings.setClientId(clientId);
  await core.session.start();
  const done = core.session.connect();
  await waitUntil(() => core.opened.length > 0, 'the authorize URL');
  const consent = await emu.playBrowser(core.opened.at(-1) as string, { decision: 'agree', userId: FUZZ_USER });
  await fetch(consent.location as string);
  const state = await done;
  if (state.status !== 'connected') throw new Error(`the fuzz profile did not connect: ${state.status}`);
  await core.session.dispose();
  const dirs: string[] = [profile];
  return {
    emu,
    clientId,
    userId: FUZZ_USER,
    key,
    env,
    profile,
    async close() {
      await emu.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh copy of `source` in a new temp folder. */
export function copyProfile(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tunetray-fuzz-case-'));
  cpSync(source, dir, { recursive: true });
  return dir;
}

/** Every file in the folder, by name, as base64 of its bytes: compares "nothing on disk changed". */
export function readProfile(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) files[name] = readFileSync(join(dir, name)).toString('base64');
  return files;
}

/** A core over `dir` in `world`, started, with its first library sync settled. */
export async function bootCore(
  world: FuzzWorld,
  dir: string,
  options: Omit<TestCoreOptions, 'dir' | 'cipherKey' | 'env'> = {},
): Promise<TestCore> {
  const core = createTestCore({ dir, cipherKey: world.key, env: world.env, signInTimeoutMs: 10_000, ...options });
  await core.session.start();
  await settled(core);
  return core;
}

/** Waits until no library sync is running (polls every few ms: fuzz cases are many and short). */
export async function settled(core: TestCore, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (core.library.info().sync.kind === 'syncing') {
    if (Date.now() > deadline) throw new Error(`the library sync did not settle within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
