/**
 * Tunetray trusts the operating system's certificate store in addition to Node's bundle: a
 * server whose root exists only in the system store (as a company's TLS-inspection root does) is
 * trusted, and is not when the system store is left out. The child process's system store is
 * made to hold only the test's CA through SSL_CERT_FILE / SSL_CERT_DIR, which Node reads for the
 * system store on Linux (elsewhere the test says it is skipped).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../spotify/helpers.ts';
import { startEmulator } from '../spotify-emulator/index.ts';
import type { Emulator } from '../spotify-emulator/types.ts';
import { loopbackCertificate, opensslAvailable } from '../support/certificates.ts';

const run = promisify(execFile);
const supported = process.platform === 'linux' && opensslAvailable();
if (!supported) console.log('skipped: the system-store test needs Linux (SSL_CERT_FILE) and openssl');

describe.skipIf(!supported)('the operating system certificate store', () => {
  let emu: Emulator;
  let dir: string;
  let token: string;

  beforeAll(async () => {
    const pair = loopbackCertificate({ fresh: true });
    dir = mkdtempSync(join(tmpdir(), 'tunetray-system-store-'));
    writeFileSync(join(dir, 'ca.pem'), pair.ca);
    emu = await startEmulator({ tls: pair });
    const { clientId } = emu.registerClient({ redirectUris: ['http://127.0.0.1/callback'] });
    emu.registerUser({ id: 'office' });
    token = emu.mintTokens({ clientId, userId: 'office', scopes: SCOPES }).access_token;
  });
  afterAll(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function client(mode: 'system' | 'no-system'): Promise<string> {
    const script = fileURLToPath(new URL('./system-store-client.ts', import.meta.url));
    const { stdout } = await run(process.execPath, [script, `${emu.apiUrl}/me`, token, mode], {
      env: { ...process.env, SSL_CERT_FILE: join(dir, 'ca.pem'), SSL_CERT_DIR: dir, NODE_EXTRA_CA_CERTS: '' },
      timeout: 15_000,
    });
    return stdout.trim();
  }

  it('trusts a root that only the system store holds', async () => {
    expect(await client('system')).toBe('status 200');
  });

  it('does not, when the system store is left out: the root is in no other list', async () => {
    expect(await client('no-system')).toMatch(/^error (UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)/);
  });
});
