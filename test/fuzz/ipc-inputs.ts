/**
 * The fuzz's own description of what each IPC channel accepts, written without zod so that it
 * can disagree with app/contract.ts: a schema loosened by mistake (z.any(), a missing .strict())
 * is then a failing property, not a matching oracle. A channel added to the contract without an
 * entry here is still fuzzed, with the invariants that need no description (see ipc.property.ts).
 */
import fc from 'fast-check';
import { ACCELERATOR_MAX_LENGTH, parseAccelerator } from '../../app/accelerator.ts';
import type { ChannelKey } from '../../app/contract.ts';
import { hostileValue, PROTOTYPE_KEYS, withOwnKey } from './arbitraries.ts';

export interface ChannelInput {
  /** Inputs this channel must accept. */
  valid: fc.Arbitrary<unknown>;
  /** The independent oracle: does the channel accept `input`? */
  accepts: (input: unknown) => boolean;
}

/** Plain data only: an object straight from JSON or structured clone, never a Map, Date or class instance. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && Object.getOwnPropertySymbols(value).length === 0;
}

/** A plain object whose own keys are among `allowed`, each passing its check (absent keys pass as undefined). */
function objectOf(required: string[], optional: string[], check: (key: string, value: unknown) => boolean) {
  return (input: unknown): boolean => {
    if (!isPlainObject(input)) return false;
    const keys = Object.keys(input);
    if (keys.some((key) => !required.includes(key) && !optional.includes(key))) return false;
    if (required.some((key) => !keys.includes(key))) return false;
    return keys.every((key) => check(key, input[key]));
  };
}

const isBoolOrAbsent = (value: unknown) => value === undefined || typeof value === 'boolean';
const CLIENT_ID = /^[0-9a-fA-F]{32}$/;
const PLAYLIST_ID = /^[0-9A-Za-z]{1,64}$/;
const ITEM_URI = /^spotify:(track|episode):[0-9A-Za-z]{1,64}$/;

const hex = fc.constantFrom(...'0123456789abcdefABCDEF'.split(''));
const clientId = fc
  .record({
    id: fc.array(hex, { minLength: 32, maxLength: 32 }).map((chars) => chars.join('')),
    pad: fc.constantFrom('', ' ', '\t', '\n '),
  })
  .map(({ id, pad }) => `${pad}${id}${pad}`);
/** Key combinations, some valid ("Ctrl+Alt+K", "F13"), most not ("Shift+K", "K", "Ctrl+", "Ctrl+Alt+Ö"). */
const accelerator = fc
  .array(
    fc.constantFrom('Ctrl', 'CmdOrCtrl', 'Alt', 'Shift', 'Super', 'K', 'F5', 'F13', 'Space', 'Plus', 'Ö', '', ' '),
    {
      minLength: 1,
      maxLength: 5,
    },
  )
  .map((parts) => parts.join('+'));
const base62 = fc.constantFrom(...'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));

export function channelInputs(knownPlaylistIds: readonly string[]): Partial<Record<ChannelKey, ChannelInput>> {
  const none: ChannelInput = { valid: fc.constant(undefined), accepts: (input) => input === undefined };
  const playlistId = fc.oneof(
    fc.constantFrom(...knownPlaylistIds),
    fc.array(base62, { minLength: 1, maxLength: 64 }).map((chars) => chars.join('')),
  );
  return {
    getSessionState: none,
    cancelConnect: none,
    reopenBrowser: none,
    disconnect: none,
    refreshLibrary: none,
    getPlaylists: {
      valid: fc.oneof(
        fc.constant(undefined),
        fc.record(
          { offset: fc.nat({ max: 20_000 }), limit: fc.integer({ min: 1, max: 20_000 }) },
          { requiredKeys: [] },
        ),
      ),
      accepts: (input) =>
        input === undefined ||
        objectOf([], ['offset', 'limit'], (key, v) =>
          v === undefined ? true : Number.isSafeInteger(v) && (v as number) >= (key === 'limit' ? 1 : 0),
        )(input),
    },
    getSettings: none,
    reportNetworkOnline: none,
    getDiagnostics: none,
    hideWindow: none,
    getGlobalShortcut: none,
    connect: {
      valid: fc.oneof(
        fc.constant(undefined),
        fc.record({ switchAccount: fc.oneof(fc.boolean(), fc.constant(undefined)) }, { requiredKeys: [] }),
      ),
      accepts: (input) => input === undefined || objectOf([], ['switchAccount'], (_, v) => isBoolOrAbsent(v))(input),
    },
    setClientId: {
      valid: clientId.map((id) => ({ clientId: id })),
      accepts: objectOf(['clientId'], [], (_, v) => typeof v === 'string' && CLIENT_ID.test(v.trim())),
    },
    updatePreferences: {
      valid: fc.record(
        {
          allowWeakTokenStorage: fc.oneof(fc.boolean(), fc.constant(undefined)),
          startAtLogin: fc.oneof(fc.boolean(), fc.constant(undefined)),
        },
        { requiredKeys: [] },
      ),
      accepts: objectOf([], ['allowWeakTokenStorage', 'startAtLogin'], (_, v) => isBoolOrAbsent(v)),
    },
    openPlaylist: {
      valid: playlistId.map((id) => ({ playlistId: id })),
      accepts: objectOf(['playlistId'], [], (_, v) => typeof v === 'string' && PLAYLIST_ID.test(v)),
    },
    getPlaylistItems: {
      valid: playlistId.map((id) => ({ playlistId: id })),
      accepts: objectOf(['playlistId'], [], (_, v) => typeof v === 'string' && PLAYLIST_ID.test(v)),
    },
    refreshPlaylistItems: {
      valid: fc.record({
        playlistId,
        shownSnapshotId: fc.oneof(fc.constant(null), fc.string({ maxLength: 200 })),
      }),
      accepts: objectOf(['playlistId', 'shownSnapshotId'], [], (key, v) =>
        key === 'playlistId'
          ? typeof v === 'string' && PLAYLIST_ID.test(v)
          : v === null || (typeof v === 'string' && v.length <= 200),
      ),
    },
    setGlobalShortcut: {
      valid: fc
        .oneof(fc.constant(null), fc.constantFrom('Ctrl+Alt+K', 'CommandOrControl+Shift+Space', 'F13'), accelerator)
        .map((value) => ({ accelerator: value })),
      // The object's shape is checked here on its own; which strings are key combinations is
      // app/accelerator.ts's grammar, tested by test/app/accelerator.test.ts.
      accepts: objectOf(
        ['accelerator'],
        [],
        (_, v) => v === null || (typeof v === 'string' && v.length <= ACCELERATOR_MAX_LENGTH && parseAccelerator(v).ok),
      ),
    },
    openPlaylistItem: {
      valid: fc.record({
        playlistId,
        uri: fc
          .record({ kind: fc.constantFrom('track', 'episode'), id: playlistId })
          .map(({ kind, id }) => `spotify:${kind}:${id}`)
          .filter((uri) => uri.length <= 100),
      }),
      accepts: objectOf(['playlistId', 'uri'], [], (key, v) =>
        key === 'playlistId'
          ? typeof v === 'string' && PLAYLIST_ID.test(v)
          : typeof v === 'string' && v.length <= 100 && ITEM_URI.test(v),
      ),
    },
  };
}

/**
 * Near misses of a valid input: an extra or prototype key, one value retyped, the object wrapped
 * in an array, handed over as a Map or with a prototype of its own. Most are invalid; the oracle
 * decides, not the generator.
 */
export function nearMisses(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const asObject = valid.map((v) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {}));
  return fc.oneof(
    fc
      .record({ base: asObject, key: fc.oneof(fc.string(), fc.constantFrom(...PROTOTYPE_KEYS)), value: hostileValue })
      .map(({ base, key, value }) => withOwnKey(base, key, value)),
    fc.record({ base: asObject, value: hostileValue, pick: fc.nat() }).map(({ base, value, pick }) => {
      const keys = Object.keys(base);
      const key = keys.length > 0 ? (keys[pick % keys.length] as string) : 'value';
      return withOwnKey(base, key, value);
    }),
    valid.map((v) => [v]),
    asObject.map((v) => new Map(Object.entries(v))),
    asObject.map((v) => Object.assign(Object.create({ inherited: true }), v)),
    asObject.map((v) => Object.create(v)),
    valid.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : null)),
    fc.constantFrom(null, 0, '', false, [], {}, Number.NaN),
  );
}
