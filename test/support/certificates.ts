/**
 * Throwaway TLS certificates for loopback servers (the emulator over HTTPS, the proxy tests):
 * a certificate authority made for this process and a leaf for 127.0.0.1 / localhost signed by
 * it. Clients trust the CA through Tunetray's certificate-authority option, the same one
 * corporate roots use, never by switching verification off.
 *
 * Made with Debian's `openssl` (package `openssl`), which CI installs. ECDSA P-256 keys, one day
 * of validity: generating the pair takes a few tens of milliseconds, and a leaked key is worth
 * nothing after the run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LoopbackCertificate {
  /** The CA certificate (PEM): what a client adds to its trusted roots. */
  ca: string;
  /** The server's certificate chain (PEM) and private key (PEM). */
  cert: string;
  key: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** True when `openssl` can be run (tests that need it say so and skip otherwise). */
export function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let cached: LoopbackCertificate | null = null;

/**
 * A CA and a leaf for 127.0.0.1, ::1 and localhost. Made once per process (every server in a
 * test run may share it); `fresh` makes a new, unrelated pair (a CA the client does not trust).
 */
export function loopbackCertificate(options: { fresh?: boolean } = {}): LoopbackCertificate {
  if (cached && !options.fresh) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'tunetray-tls-'));
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    openssl(
      [
        'req',
        '-x509',
        ...ec,
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        '-days',
        '1',
        '-subj',
        '/CN=Tunetray test CA',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
      dir,
    );
    openssl(['req', '-new', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=127.0.0.1'], dir);
    writeFileSync(
      join(dir, 'leaf.ext'),
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature',
        'extendedKeyUsage=serverAuth',
        'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
      ].join('\n'),
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        'leaf.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        'leaf.pem',
        '-days',
        '1',
        '-extfile',
        'leaf.ext',
      ],
      dir,
    );
    const pair: LoopbackCertificate = {
      ca: readFileSync(join(dir, 'ca.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'leaf.pem'), 'utf8'),
      key: readFileSync(join(dir, 'leaf.key'), 'utf8'),
    };
    if (!options.fresh) cached = pair;
    return pair;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
