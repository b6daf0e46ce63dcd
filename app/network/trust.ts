/**
 * Which certificate authorities Tunetray trusts: Node's own list (the bundled Mozilla roots,
 * plus NODE_EXTRA_CA_CERTS when set), the operating system's store (where a company installs the
 * root of its TLS-inspecting proxy), and any extra roots the host passes in (a corporate bundle,
 * the TLS emulator in tests). undici on its own uses only Node's bundle, so without this a user
 * behind TLS inspection looks offline forever.
 *
 * Made into one SecureContext per set of extra roots: parsing a few hundred roots costs tens of
 * milliseconds, which must not be paid again for every connection.
 */
import { createSecureContext, getCACertificates, rootCertificates, type SecureContext } from 'node:tls';

export interface TrustOptions {
  /** PEM certificates trusted in addition to Node's bundle and the system store. */
  extraCaCertificates?: readonly string[];
  /** Read the operating system's store (default true). */
  systemStore?: boolean;
}

export interface Trust {
  readonly secureContext: SecureContext;
  /** How many roots came from each source, for the log. */
  readonly counts: { node: number; system: number; extra: number };
}

/** Node's default list; `rootCertificates` where getCACertificates is missing (older Node in an older Electron). */
function nodeRoots(): string[] {
  try {
    return getCACertificates('default');
  } catch {
    return [...rootCertificates];
  }
}

/** The OS store (macOS keychain, Windows certificate store, the Linux distribution's bundle); [] if unreadable. */
function systemRoots(): string[] {
  try {
    return getCACertificates('system');
  } catch {
    return [];
  }
}

const cache = new Map<string, Trust>();

export function createTrust(options: TrustOptions = {}): Trust {
  const extra = [...(options.extraCaCertificates ?? [])];
  const system = options.systemStore ?? true;
  const key = `${system}\n${extra.join('\n')}`;
  const known = cache.get(key);
  if (known) return known;
  const node = nodeRoots();
  const os = system ? systemRoots() : [];
  const roots = [...new Set([...node, ...os, ...extra].map((pem) => pem.trim()))];
  const trust: Trust = {
    secureContext: createSecureContext({ ca: roots }),
    counts: { node: node.length, system: os.length, extra: extra.length },
  };
  cache.set(key, trust);
  return trust;
}
