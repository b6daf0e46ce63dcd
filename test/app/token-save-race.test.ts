/**
 * A preference change while a refresh is saving the rotated tokens. Found by reading the save
 * path for the crash test (test/crash/): settingsChanged re-saved the tokens it read from the
 * scheduler, which are still the old ones until the refresh's own save has finished, so its save,
 * queued behind the refresh's, put the rotated-away refresh token back on disk. The next start
 * would then have been signed out by Spotify.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Cipher } from '../../app/ports.ts';
import { type Emulator, startEmulator } from '../spotify-emulator/index.ts';
import { createTestCipher } from '../support/ports.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { waitUntil } from '../support/wait.ts';

/** The test cipher, with a switch that holds every encryption until released. */
function holdableCipher() {
  const inner = createTestCipher();
  let held: Array<() => void> | null = null;
  const cipher: Cipher = {
    ...inner,
    async encrypt(plaintext) {
      if (held) await new Promise<void>((resolve) => held?.push(resolve));
      return inner.encrypt(plaintext);
    },
  };
  return {
    cipher,
    inner,
    hold: () => {
      held = [];
    },
    waiting: () => held?.length ?? 0,
    release: () => {
      const waiting = held ?? [];
      held = null;
      for (const resolve of waiting) resolve();
    },
  };
}

let emulator: Emulator;
let core: TestCore | undefined;
beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  await core?.session.dispose();
  await emulator.close();
});

test('a preference change during a refresh leaves the new refresh token on disk', async () => {
  const { clientId } = emulator.registerClient({ name: 'race', redirectUris: ['http://127.0.0.1/callback'] });
  emulator.registerUser({ id: 'member' });
  emulator.seedPlaylists('member', 3);
  const keyring = holdableCipher();
  const world = createTestCore({
    cipher: keyring.cipher,
    env: {
      TUNETRAY_ACCOUNTS_URL: emulator.accountsUrl,
      TUNETRAY_API_URL: emulator.apiUrl,
      TUNETRAY_CLIENT_ID: clientId,
    },
    signInTimeoutMs: 10_000,
  });
  core = world;
  await world.session.start();
  const connected = world.session.connect();
  await waitUntil(() => world.opened.length > 0, 'the authorize URL');
  const consent = await emulator.playBrowser(world.opened[0] as string, { decision: 'agree' });
  await fetch(consent.location as string);
  expect((await connected).status).toBe('connected');

  // The access token stops working: the next request renews it, and Spotify rotates the refresh token.
  emulator.expireAllAccessTokens();
  keyring.hold();
  const refreshing = world.handlers.refreshLibrary(undefined);
  await waitUntil(() => keyring.waiting() === 1, "the refresh saving Spotify's answer");
  const changing = world.handlers.updatePreferences({ startAtLogin: true });
  await new Promise((resolve) => setTimeout(resolve, 20));
  keyring.release();
  await Promise.all([refreshing, changing]);

  const record = JSON.parse(readFileSync(join(world.dir, 'auth.json'), 'utf8')) as { tokens: { ciphertext: string } };
  const saved = JSON.parse((await keyring.inner.decrypt(record.tokens.ciphertext)).plaintext) as {
    refreshToken: string;
  };
  expect(emulator.refreshTokenState(saved.refreshToken)).toEqual({ status: 'active' });
});
