/**
 * A TLS connection refused because the server's certificate is not one Tunetray trusts: on a
 * working network that is almost always TLS inspection (a company proxy re-signing traffic with
 * its own root), sometimes a wrong clock. Said as such, not as "offline".
 */
import { AppError } from '../result.ts';

/** OpenSSL's verification codes, as Node reports them, plus Node's own host-name mismatch. */
const UNTRUSTED_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function codeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNTRUSTED_CODES.has(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function certificateError(error: unknown): AppError | null {
  const code = codeOf(error);
  if (code === undefined) return null;
  const clock = code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID';
  return new AppError(
    'untrusted-certificate',
    clock
      ? "Tunetray could not check Spotify's certificate: it looks expired or not yet valid. Check that this computer's date and time are right."
      : "Tunetray does not trust the certificate it was shown for Spotify. If your network inspects secure connections, install your organisation's root certificate in the system's certificate store, then try again.",
    { cause: error },
  );
}
