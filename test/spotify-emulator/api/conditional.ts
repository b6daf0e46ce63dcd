/**
 * ETag + If-None-Match for Web API GETs: Spotify answers 304 without a body when the client's
 * tag still matches, and always sends `Cache-Control: private, max-age=0` (no Last-Modified).
 */
import { API_CACHE_HEADERS, type Reply } from '../http.ts';
import { etagOf } from '../ids.ts';

function matches(ifNoneMatch: string, etag: string): boolean {
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => {
    const c = candidate.trim();
    return c === '*' || c.replace(/^W\//, '') === bare;
  });
}

/** A 200 JSON reply with its ETag, or 304 when If-None-Match names that tag. */
export function conditionalJson(body: string | Buffer, ifNoneMatch: string | undefined, etag = etagOf(body)): Reply {
  const headers: Record<string, string> = { ...API_CACHE_HEADERS, etag };
  if (ifNoneMatch !== undefined && matches(ifNoneMatch, etag)) return { status: 304, headers, body: null };
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body };
}
