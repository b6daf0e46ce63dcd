/**
 * How IPC payloads cross between main and the page. Electron copies them with the structured clone
 * algorithm; Playwright's own serialiser does the same job but slowly for big payloads (seconds for
 * 10,000 playlists). A value that JSON carries exactly (plain objects and arrays of strings, finite
 * numbers, booleans and null; no undefined, no -0) goes as one JSON string instead; anything else
 * keeps Playwright's structured path. Either way the page gets the same value.
 */
export type Wire = { json: string } | { value: unknown };

function jsonExact(value: unknown, depth: number): boolean {
  if (depth > 200) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!jsonExact(item, depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    if (!jsonExact((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

export function toWire(value: unknown): Wire {
  return jsonExact(value, 0) ? { json: JSON.stringify(value) } : { value };
}
