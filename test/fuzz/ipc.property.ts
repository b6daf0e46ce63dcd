/**
 * IPC: every contract channel, through dispatch() over a real signed-in core, with arbitrary
 * values, near misses of valid ones, deep nesting, huge strings and prototype keys.
 *
 * For every case:
 * - dispatch answers (within 10 s) with a Result, never throws, never 'unexpected' (a bug);
 * - an input the channel does not accept (the fuzz's own oracle, ipc-inputs.ts) is refused with
 *   'invalid-argument' in plain words, and no handler ran;
 * - whatever is refused leaves the session state, the settings and every file of the profile
 *   exactly as they were, and Object.prototype untouched;
 * - an accepted input gets the channel's normal result (a value, or an expected failure).
 * A case that legitimately changed something (disconnect, a new Client ID...) is followed by a
 * fresh core on a fresh copy of the profile, so every case starts from the same signed-in state.
 */
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { type ChannelKey, channelKeys, contract, type Handlers } from '../../app/contract.ts';
import { dispatch } from '../../app/handlers.ts';
import type { TestCore } from '../support/test-core.ts';
import {
  hostileValue,
  PROTOTYPE_KEYS,
  prototypePolluted,
  whyNotUserFacing,
  within,
  withOwnKey,
} from './arbitraries.ts';
import { defineBoundary } from './boundary.ts';
import { channelInputs, nearMisses } from './ipc-inputs.ts';
import { bootCore, copyProfile, type FuzzWorld, readProfile, startWorld } from './profile.ts';

export interface IpcCase {
  key: string;
  input: unknown;
}

interface Live {
  core: TestCore;
  dir: string;
  /** Handlers that ran since the case began. */
  calls: string[];
  handlers: Handlers;
}

const ERROR_CODES = new Set([
  'invalid-argument',
  'needs-setup',
  'busy',
  'cancelled',
  'timed-out',
  'access-denied',
  'browser-unavailable',
  'sign-in-failed',
  'invalid-client',
  'missing-scope',
  'network',
  'rate-limited',
  'spotify-unavailable',
  'forbidden',
  'signed-out',
  'not-connected',
  'storage',
]);

/** The real handlers, recording which ran: dispatch is under test, the handlers are not replaced. */
function recording(handlers: Handlers, calls: string[]): Handlers {
  const entries = channelKeys.map((key) => {
    const handler = handlers[key] as (input: unknown) => Promise<unknown>;
    return [
      key,
      (input: unknown) => {
        calls.push(key);
        return handler(input);
      },
    ];
  });
  return Object.fromEntries(entries) as Handlers;
}

function snapshot(live: Live) {
  return JSON.stringify({
    state: live.core.session.state(),
    settings: live.core.settings.get(),
    playlists: live.core.library.playlists(),
    opened: live.core.opened.length,
    files: readProfile(live.dir),
  });
}

async function boot(world: FuzzWorld): Promise<Live> {
  const dir = copyProfile(world.profile);
  let core: TestCore | undefined;
  // The test plays a user who closes the browser at once: a valid connect ends 'cancelled'.
  core = await bootCore(world, dir, { onOpen: () => setImmediate(() => core?.session.cancelConnect()) });
  if (core.session.state().status !== 'connected') throw new Error('the fuzz core did not start connected');
  const calls: string[] = [];
  return { core, dir, calls, handlers: recording(core.handlers, calls) };
}

async function retire(live: Live): Promise<void> {
  await live.core.session.dispose();
  rmSync(live.dir, { recursive: true, force: true });
}

function fail(message: string, item: IpcCase): never {
  throw new Error(`${message} (channel ${JSON.stringify(item.key)})`);
}

export const ipcBoundary = defineBoundary<IpcCase>({
  name: 'ipc',
  testRuns: 300,
  async open() {
    const world = await startWorld();
    const specs = channelInputs(world.emu.getPlaylists(world.userId).map((p) => p.id));
    const unspecified = channelKeys.filter((key) => !specs[key]);
    if (unspecified.length > 0) {
      console.warn(`fuzz ipc: no input description for ${unspecified.join(', ')}; generic invariants only`);
    }
    let live = await boot(world);

    const forChannel = (key: ChannelKey) => {
      const valid = specs[key]?.valid ?? fc.constant(undefined);
      return fc
        .oneof(
          { weight: 3, arbitrary: hostileValue },
          { weight: 2, arbitrary: valid },
          { weight: 3, arbitrary: nearMisses(valid) },
        )
        .map((input): IpcCase => ({ key, input }));
    };
    const unknownChannel = fc
      .record({
        key: fc.oneof(fc.string(), fc.constantFrom(...PROTOTYPE_KEYS, '', contract.getSessionState.name)),
        input: hostileValue,
      })
      .filter(({ key }) => !Object.hasOwn(contract, key));
    const cases = fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...channelKeys).chain(forChannel) },
      { weight: 1, arbitrary: unknownChannel },
    );

    const property = fc.asyncProperty(cases, async (item) => {
      const before = snapshot(live);
      live.calls.length = 0;
      const result = await within(
        dispatch(live.handlers, item.key, item.input, live.core.logger),
        10_000,
        `dispatch(${item.key})`,
      );
      if (typeof result !== 'object' || result === null || typeof result.ok !== 'boolean') {
        fail(`dispatch answered ${String(result)} instead of a Result`, item);
      }
      if (prototypePolluted()) fail('Object.prototype gained a key', item);
      const known = Object.hasOwn(contract, item.key) ? specs[item.key as ChannelKey] : undefined;
      const accepted = Object.hasOwn(contract, item.key) && (known ? known.accepts(item.input) : undefined);

      if (!result.ok) {
        const { code, message } = result.error;
        if (!ERROR_CODES.has(code)) fail(`failed with code ${code}: ${message}`, item);
        const why = whyNotUserFacing(message);
        if (why) fail(why, item);
      }
      if (accepted === false) {
        if (result.ok || result.error.code !== 'invalid-argument') {
          fail(`accepted input it must refuse: answered ${JSON.stringify(result).slice(0, 200)}`, item);
        }
        if (live.calls.length > 0) fail(`ran the ${live.calls.join(', ')} handler for refused input`, item);
      }
      if (accepted === true && live.calls.length === 0) fail('refused a valid input before its handler', item);
      const after = snapshot(live);
      if (!result.ok && result.error.code === 'invalid-argument' && after !== before) {
        fail('refused input still changed the state, the settings or the files', item);
      }
      if (after !== before) {
        await retire(live);
        live = await boot(world);
      }
    });
    // Every channel's valid input with an extra key, an own __proto__, as a Map and inherited.
    const examples = channelKeys.flatMap((key): IpcCase[] => {
      const spec = specs[key];
      const sample = spec ? fc.sample(spec.valid, { numRuns: 1, seed: 1 })[0] : undefined;
      const base = sample !== null && typeof sample === 'object' ? (sample as Record<string, unknown>) : {};
      return [
        withOwnKey(base, 'extra', true),
        withOwnKey(base, '__proto__', { polluted: true }),
        new Map(Object.entries(base)),
        Object.create(base),
      ].map((input) => ({ key, input }));
    });
    return {
      property,
      examples,
      async close() {
        await retire(live);
        await world.close();
      },
    };
  },
});
