/**
 * Mutations of a valid JSON document, the way real responses go wrong: a field dropped, nulled
 * or retyped, an array emptied, nulled or flooded, an element duplicated or replaced by junk,
 * a huge value. Each mutation names its target by index into the document's paths (taken modulo
 * their number), so any generated mutation applies to any document; `touched` reports the paths
 * that were changed, for properties about neighbours.
 */
import fc from 'fast-check';

export type JsonPath = Array<string | number>;

export type MutationOp =
  | 'drop'
  | 'null'
  | 'retype'
  | 'empty-array'
  | 'huge'
  | 'duplicate'
  | 'junk-element'
  | 'null-element';

export interface Mutation {
  at: number;
  op: MutationOp;
  /** What 'retype' and 'junk-element' put in. */
  value: unknown;
  /** Which huge value: picks among strings, numbers and floods. */
  size: number;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom<MutationOp>(
    'drop',
    'drop',
    'null',
    'null',
    'retype',
    'retype',
    'empty-array',
    'huge',
    'duplicate',
    'junk-element',
    'null-element',
  ),
  value: fc.jsonValue({ maxDepth: 2 }),
  size: fc.nat(),
});

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });

/** Every path in `doc`, the root ([]) first, parents before children. */
export function pathsOf(doc: unknown): JsonPath[] {
  const out: JsonPath[] = [];
  const walk = (value: unknown, path: JsonPath) => {
    out.push(path);
    if (Array.isArray(value)) {
      for (const [i, child] of value.entries()) walk(child, [...path, i]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
    }
  };
  walk(doc, []);
  return out;
}

const HUGE_STRING = 'x'.repeat(1_048_576);
const HUGE_NUMBERS = [1e308, -1e308, 2 ** 53 + 2, -1, 0.000001, 1e21, -0];

function hugeFor(value: unknown, size: number): unknown {
  if (typeof value === 'string') {
    if (size % 2 === 0 || value.length === 0) return HUGE_STRING;
    return value.repeat(Math.max(1, Math.min(1 + (size % 5_000), Math.floor(2_097_152 / value.length))));
  }
  if (typeof value === 'number') return HUGE_NUMBERS[size % HUGE_NUMBERS.length];
  // Floods of small values: a flood of copies of a big element would not fit in memory.
  if (Array.isArray(value)) return Array.from({ length: 2_000 + (size % 3_000) }, (_, i) => (i % 2 ? null : i));
  if (value !== null && typeof value === 'object') {
    const flood: Record<string, unknown> = { ...value };
    for (let i = 0; i < 2_000; i++) flood[`extra_${i}`] = i;
    return flood;
  }
  return HUGE_STRING;
}

/** A value of another JSON type than `value` (or `value` itself when the draw has the same type). */
function retyped(value: unknown, draw: unknown): unknown {
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  if (kind(draw) !== kind(value)) return draw;
  const others: unknown[] = [0, 'text', true, [], {}, null];
  return others.find((v) => kind(v) !== kind(value));
}

function getAt(doc: unknown, path: JsonPath): unknown {
  let value = doc;
  for (const key of path) value = (value as Record<string | number, unknown>)[key];
  return value;
}

/** Applies `list` to a copy of `doc`. The document may become undefined (the root dropped). */
export function mutate(doc: unknown, list: readonly Mutation[]): { doc: unknown; touched: JsonPath[] } {
  let current: unknown = structuredClone(doc);
  const touched: JsonPath[] = [];
  for (const m of list) {
    const paths = current === undefined ? [] : pathsOf(current);
    if (paths.length === 0) break;
    const path = paths[m.at % paths.length] as JsonPath;
    const target = getAt(current, path);
    let next: unknown = target;
    let remove = false;
    switch (m.op) {
      case 'drop':
        remove = true;
        break;
      case 'null':
        next = null;
        break;
      case 'retype':
        next = retyped(target, m.value);
        break;
      case 'empty-array':
        next = [];
        break;
      case 'huge':
        next = hugeFor(target, m.size);
        break;
      case 'duplicate':
      case 'junk-element':
      case 'null-element':
        if (!Array.isArray(target)) {
          next = m.op === 'null-element' ? [null] : [m.value];
          break;
        }
        next = [...target];
        if (m.op === 'duplicate' && target.length > 0) {
          (next as unknown[]).splice(m.size % target.length, 0, structuredClone(target[m.size % target.length]));
        } else if (m.op === 'junk-element') (next as unknown[]).splice(m.size % (target.length + 1), 0, m.value);
        else if (target.length > 0) (next as unknown[])[m.size % target.length] = null;
        else next = [null];
        break;
    }
    touched.push(path);
    if (path.length === 0) {
      current = remove ? undefined : next;
      continue;
    }
    const parent = getAt(current, path.slice(0, -1)) as Record<string | number, unknown> | unknown[];
    const key = path[path.length - 1] as string | number;
    if (remove && Array.isArray(parent)) parent.splice(key as number, 1);
    else if (remove) delete (parent as Record<string, unknown>)[key];
    else (parent as Record<string | number, unknown>)[key] = next;
  }
  return { doc: current, touched };
}

/** Whether a mutation touched `path` itself, something inside it, or something it lies inside. */
export function touches(touched: readonly JsonPath[], path: JsonPath): boolean {
  return touched.some((t) => {
    const n = Math.min(t.length, path.length);
    for (let i = 0; i < n; i++) if (t[i] !== path[i]) return false;
    return true;
  });
}
