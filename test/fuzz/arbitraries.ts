/**
 * Generators of hostile input shared by the fuzz boundaries, and the checks every boundary
 * applies to what comes back (a user-facing message, no JavaScript internals).
 */
import fc from 'fast-check';

/** Keys that reach an object's prototype machinery when code copies or merges carelessly. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** An object whose own keys include `key` (JSON.parse makes `__proto__` an own key, as a renderer's JSON would). */
export function withOwnKey(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...base };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

/** `{a:{a:{...}}}` or `[[[...]]]`, `depth` levels: built iteratively so the generator itself cannot overflow. */
export function nested(depth: number, kind: 'object' | 'array', leaf: unknown = 1): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = kind === 'object' ? { a: value } : [value];
  return value;
}

export const deepValue = fc
  .record({ depth: fc.integer({ min: 50, max: 20_000 }), kind: fc.constantFrom('object', 'array' as const) })
  .map(({ depth, kind }) => nested(depth, kind as 'object' | 'array'));

/** 64 KiB to 2 MiB of one repeated piece: big enough to hurt a careless copy or regex, cheap to build. */
export const hugeString = fc
  .record({ piece: fc.string({ minLength: 1, maxLength: 8 }), size: fc.integer({ min: 65_536, max: 2_097_152 }) })
  .map(({ piece, size }) => piece.repeat(Math.ceil(size / piece.length)).slice(0, size));

/** Everything Electron's structured clone can deliver, and a bit more. */
export const anyValue = fc.anything({
  maxDepth: 4,
  maxKeys: 6,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

export const protoKeyed = fc
  .record({ key: fc.constantFrom(...PROTOTYPE_KEYS), value: anyValue, base: fc.dictionary(fc.string(), anyValue) })
  .map(({ key, value, base }) => withOwnKey(base, key, value));

/** Non-plain containers that a careless `typeof x === 'object'` check lets through. */
export const exoticObject = fc.oneof(
  fc.constant(new Date(0)),
  fc.constant(/callback/),
  fc.constant(new Error('boom')),
  fc.constant(new Map([['switchAccount', true]])),
  fc.constant(new Set([1])),
  fc.constant(new Uint8Array([1, 2, 3])),
  fc.constant(Object(false) as object),
  fc.constant(new (class Preferences {})()),
);

/** Any hostile value: the union of the above. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: anyValue },
  { weight: 2, arbitrary: fc.jsonValue() },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: hugeString },
  { weight: 2, arbitrary: protoKeyed },
  { weight: 1, arbitrary: exoticObject },
);

/** Signs that an internal error leaked into a message meant for a person. */
const INTERNALS = [
  'TypeError',
  'ReferenceError',
  'RangeError',
  'SyntaxError',
  'Cannot read prop',
  'is not a function',
  'is not iterable',
  'undefined',
  '[object',
  'NaN',
  'Infinity',
  'Unrecognized key',
  'Invalid input',
  'expected ',
  'ZodError',
  'Maximum call stack',
];

/** Why `message` is not fit to show a person, or null when it is. */
export function whyNotUserFacing(message: unknown): string | null {
  if (typeof message !== 'string') return `the message is a ${typeof message}`;
  if (message.trim().length < 10) return `the message is too short: ${JSON.stringify(message)}`;
  if (message.length > 600) return `the message is ${message.length} characters long`;
  const leak = INTERNALS.find((word) => message.includes(word));
  return leak ? `the message shows internals (${leak}): ${message.slice(0, 200)}` : null;
}

/** Rejects with `what` after `ms` instead of letting the test runner time out without a reason. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    }),
  ]);
}

/** True when Object.prototype has gained a key (a `__proto__` merge got through somewhere). */
export function prototypePolluted(): boolean {
  return Object.getOwnPropertyNames(Object.prototype).length !== BASELINE_PROTOTYPE_KEYS;
}
const BASELINE_PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).length;
