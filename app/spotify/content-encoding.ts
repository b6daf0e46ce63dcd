/**
 * Compressed Web API replies. Tunetray asks for gzip (`Accept-Encoding: gzip`, as the PHP library
 * it follows does on every request): a page of 50 playlists is about 50 KiB of JSON and a tenth
 * of that compressed, which matters on slow links and costs less to decrypt and frame than it
 * saves. undici's request() does not decompress, and its decompress interceptor is experimental,
 * so this is done here, off the main thread (zlib's thread pool), with a ceiling so that a
 * reply cannot inflate into hundreds of megabytes (a gzip bomb).
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

export const ACCEPT_ENCODING = 'gzip';

/** Far above any real page (a page of 50 items is well under 1 MiB), far below harm. */
export const MAX_DECODED_BYTES = 16 * 1024 * 1024;

const inflate = promisify(gunzip);

/** Thrown for a body that cannot be decoded; the caller words it like any unreadable reply. */
export class UndecodableBody extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'UndecodableBody';
  }
}

/** The body as the server meant it: inflated when it came gzip-compressed, as it is otherwise. */
export async function decodeBody(body: Buffer, contentEncoding: string | undefined): Promise<Buffer> {
  const coding = (contentEncoding ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return body;
  if (coding !== 'gzip' && coding !== 'x-gzip')
    throw new UndecodableBody(`an encoding Tunetray did not ask for (${coding.slice(0, 20)})`);
  try {
    return await inflate(body, { maxOutputLength: MAX_DECODED_BYTES });
  } catch (error) {
    throw new UndecodableBody('a compressed body that does not inflate', { cause: error });
  }
}
