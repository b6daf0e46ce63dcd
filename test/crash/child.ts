/**
 * One life of Tunetray for the crash test (run.ts starts it with fork and SIGKILLs it): the core
 * composed as main/index.ts composes it, over conf stores in a profile folder (the production
 * write path), an AES "keyring" whose key outlives the process, and the emulator the parent runs.
 *
 * It starts (as the app does at login), reports what it found, signs in if it has to (the parent
 * plays the browser), then runs one workload in a loop until it is killed:
 *   sign-in   connect again and again (switching account: a code exchange and a save each time)
 *   refresh   library refreshes with 1-second tokens: every call renews and rotates the refresh token
 *   sync      library refreshes with long-lived tokens: library.json written again and again
 *   settings  preference changes: settings.json and (re-saved sign-in) auth.json written again and again
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../../app/core.ts';
import { createLogger, createRedactor } from '../../app/log.ts';
import { systemClock } from '../../app/ports.ts';
import { createManualPowerEvents, createTestCipher } from '../support/ports.ts';
import { openConfStores } from './conf-stores.ts';
import type { ChildConfig, ChildMessage } from './protocol.ts';

const config = JSON.parse(process.env.TUNETRAY_CRASH_CONFIG ?? '{}') as ChildConfig;
const send = (message: ChildMessage): void => {
  process.send?.(message);
};

const logs = join(config.profile, 'logs');
mkdirSync(logs, { recursive: true });
const redactor = createRedactor();
// Like main/index.ts: every line appended synchronously, through the redactor.
const logger = createLogger((level, line) => {
  appendFileSync(join(logs, 'main.log'), `${new Date().toISOString()} ${level.toUpperCase()} ${line}\n`);
  // The client side of the window a kill cannot be helped in: from a refresh reply to the saved file.
  if (line.startsWith('token endpoint granted tokens grant="refresh_token"')) grantedAt = performance.now();
}, redactor);
let grantedAt: number | null = null;

const stores = openConfStores(config.profile, logger, (name) => {
  if (name !== 'auth' || grantedAt === null) return;
  send({ type: 'window', ms: performance.now() - grantedAt });
  grantedAt = null;
});

const power = createManualPowerEvents();
const core = createCore({
  cipher: createTestCipher({ key: Buffer.from(config.key, 'hex') }),
  stores,
  openExternal: async (url) => {
    send({ type: 'open', url });
  },
  clock: systemClock,
  power,
  logger,
  redactor,
  env: { TUNETRAY_ACCOUNTS_URL: config.accountsUrl, TUNETRAY_API_URL: config.apiUrl },
  // A development build: the endpoints may point at the emulator.
  packaged: false,
  signInTimeoutMs: 10_000,
});
const { session, settings, handlers } = core;

async function signIn(switchAccount: boolean): Promise<void> {
  const result = await handlers.connect({ switchAccount });
  if (!result.ok) throw new Error(`sign-in failed: ${result.error.code} ${result.error.message}`);
  if (result.value.status !== 'connected') throw new Error(`sign-in ended ${result.value.status}`);
  send({ type: 'connected' });
}

async function main(): Promise<void> {
  const started = performance.now();
  await session.start();
  const state = session.state();
  send({ type: 'started', status: state.status, notice: state.notice?.code ?? null, ms: performance.now() - started });

  if (!settings.get().clientId) settings.setClientId(config.clientId);
  if (config.signInAgain && session.state().status === 'connected') await session.disconnect();
  if (session.state().status !== 'connected') await signIn(false);
  send({ type: 'workload' });
  let toggle = false;
  for (;;) {
    switch (config.workload) {
      case 'sign-in':
        await signIn(true);
        break;
      case 'refresh':
      case 'sync': {
        const result = await handlers.refreshLibrary(undefined);
        if (!result.ok) throw new Error(`refresh failed: ${result.error.code} ${result.error.message}`);
        break;
      }
      case 'settings':
        toggle = !toggle;
        await handlers.updatePreferences({ startAtLogin: toggle });
        await handlers.updatePreferences({ allowWeakTokenStorage: toggle });
        break;
    }
  }
}

main().catch((error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
