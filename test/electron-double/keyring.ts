/**
 * The "operating system keyring" behind the safeStorage double: real AES-256-GCM. A keyring backend
 * (libsecret, KWallet) keeps a random key in the profile folder, so a restart with the same profile
 * decrypts, like a login keyring; basic_text uses a key derived from Chromium's hard-coded password,
 * which anyone can recompute (obfuscation, not protection). Records carry Chromium's prefixes:
 * v10 for basic_text, v11 for a keyring. Pure Node, so tests can read what the app stored.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyringBackend } from './config.ts';

const BASIC_TEXT_KEY = createHash('sha256').update('peanuts').digest();
const V10 = Buffer.from('v10');
const V11 = Buffer.from('v11');

export function keyringKeyFile(profileDir: string, backend: KeyringBackend): string {
  return join(profileDir, 'keyring', `${backend}.key`);
}

function keyringKey(profileDir: string, backend: KeyringBackend): Buffer {
  const file = keyringKeyFile(profileDir, backend);
  try {
    return Buffer.from(readFileSync(file, 'utf8'), 'base64');
  } catch {
    const key = randomBytes(32);
    mkdirSync(join(profileDir, 'keyring'), { recursive: true, mode: 0o700 });
    writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
    return key;
  }
}

const usesKeyring = (backend: KeyringBackend) => backend !== 'basic_text' && backend !== 'unavailable';

export function encryptWith(profileDir: string, backend: KeyringBackend, plaintext: string): Buffer {
  const [prefix, key] = usesKeyring(backend) ? [V11, keyringKey(profileDir, backend)] : [V10, BASIC_TEXT_KEY];
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([prefix, iv, cipher.getAuthTag(), body]);
}

/** Throws when the record is not ours or the key cannot open it. */
export function decryptWith(
  profileDir: string,
  backend: KeyringBackend,
  record: Buffer,
): { result: string; shouldReEncrypt: boolean } {
  const prefix = record.subarray(0, 3);
  let key: Buffer;
  if (prefix.equals(V10)) key = BASIC_TEXT_KEY;
  else if (prefix.equals(V11) && usesKeyring(backend)) key = keyringKey(profileDir, backend);
  else throw new Error('not a record this keyring can open');
  const decipher = createDecipheriv('aes-256-gcm', key, record.subarray(3, 15));
  decipher.setAuthTag(record.subarray(15, 31));
  const result = Buffer.concat([decipher.update(record.subarray(31)), decipher.final()]).toString('utf8');
  // Data protected with the hard-coded key should move to the keyring once there is one.
  return { result, shouldReEncrypt: prefix.equals(V10) && usesKeyring(backend) };
}
