/**
 * Store files: one of auth.json, settings.json and library.json of a signed-in profile replaced
 * by random bytes, a cut-off copy, valid JSON of the wrong shape, an empty file or a huge one,
 * then the core started over stores that behave like main/store.ts (reportUnreadable). For every case:
 * - start() resolves (within 10 s) into a state the UI knows, with no 'unexpected' notice;
 * - where something the file held was lost (the sign-in, a setting, the saved library), the
 *   state carries a notice saying so;
 * - every file left in the profile is a JSON object;
 * - a library cache that was thrown away comes back from Spotify with the first sync.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { Settings } from '../../app/model.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { within } from './arbitraries.ts';
import { defineBoundary } from './boundary.ts';
import { type Mutation, mutate, mutations } from './mutate.ts';
import { copyProfile, type FuzzWorld, settled, startWorld } from './profile.ts';

type StoreFile = 'auth' | 'settings' | 'library';
/** The key each file's owner reads (app/tokens/vault.ts, app/settings.ts, app/library/library-cache.ts). */
const OWNER_KEY: Record<StoreFile, string> = { auth: 'tokens', settings: 'settings', library: 'library' };

type Content =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'truncated'; cut: number }
  | { kind: 'mutated'; mutations: Mutation[] }
  | { kind: 'json'; value: unknown }
  | { kind: 'empty' }
  | { kind: 'huge'; megabytes: number; valid: boolean };

interface StoreCase {
  file: StoreFile;
  content: Content;
}

const content: fc.Arbitrary<Content> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 2_000 }) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('truncated' as const), cut: fc.double({ min: 0, max: 1, noNaN: true }) }),
  },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('mutated' as const), mutations }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue({ maxDepth: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'empty' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('huge' as const),
      megabytes: fc.integer({ min: 1, max: 6 }),
      valid: fc.boolean(),
    }),
  },
) as fc.Arbitrary<Content>;

const cases: fc.Arbitrary<StoreCase> = fc.record({
  file: fc.constantFrom<StoreFile>('auth', 'settings', 'library'),
  content,
});

/** The bytes to write, and the JSON document they parse to (undefined when they do not). */
function render(original: string, item: Content): { bytes: Buffer; parsed: unknown } {
  const parse = (text: string) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  };
  switch (item.kind) {
    case 'bytes': {
      const bytes = Buffer.from(item.bytes);
      return { bytes, parsed: parse(bytes.toString('utf8')) };
    }
    case 'truncated': {
      // Strictly before the closing brace: a cut that only drops trailing whitespace is still the file.
      const end = original.trimEnd().length - 1;
      const text = original.slice(0, Math.floor(end * item.cut));
      return { bytes: Buffer.from(text), parsed: parse(text) };
    }
    case 'mutated': {
      const { doc } = mutate(JSON.parse(original), item.mutations);
      const text = doc === undefined ? '' : JSON.stringify(doc);
      return { bytes: Buffer.from(text), parsed: doc };
    }
    case 'json':
      return { bytes: Buffer.from(JSON.stringify(item.value)), parsed: item.value };
    case 'empty':
      return { bytes: Buffer.alloc(0), parsed: undefined };
    case 'huge': {
      const size = item.megabytes * 1_048_576;
      // Valid: the real file with megabytes of whitespace. Not: the real file with megabytes of junk after it.
      const text = item.valid ? `${original}${' '.repeat(size)}` : `${original}${'\u0000junk'.repeat(size / 5)}`;
      return { bytes: Buffer.from(text), parsed: parse(text) };
    }
  }
}

/** The fuzz's own reading of a settings field (app/settings.ts must agree): is this value usable? */
const SETTINGS_FIELDS: Record<string, (value: unknown) => boolean> = {
  clientId: (v) => v === null || (typeof v === 'string' && /^[0-9a-fA-F]{32}$/.test(v.trim())),
  accountsUrl: (v) => typeof v === 'string' && URL.canParse(v) && /^https?:$/.test(new URL(v).protocol),
  apiUrl: (v) => typeof v === 'string' && URL.canParse(v) && /^https?:$/.test(new URL(v).protocol),
  allowWeakTokenStorage: (v) => typeof v === 'boolean',
  startAtLogin: (v) => typeof v === 'boolean',
};

/**
 * What the file holds for its owner, as the fuzz reads it: the original, nothing (the key absent
 * or null, as in a fresh profile), or something else. For settings, "something else" is split
 * into usable fields only (nothing to report) and a field the app cannot use (to be reported).
 */
function classify(file: StoreFile, parsed: unknown, original: unknown): 'intact' | 'nothing' | 'other' | 'damaged' {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'damaged';
  const held = (parsed as Record<string, unknown>)[OWNER_KEY[file]];
  if (isDeepStrictEqual(held, (original as Record<string, unknown>)[OWNER_KEY[file]])) return 'intact';
  if (held === undefined || held === null) return 'nothing';
  if (file !== 'settings') return 'other';
  if (typeof held !== 'object' || Array.isArray(held)) return 'damaged';
  const fields = Object.entries(held as Record<string, unknown>).filter(([key]) => key in SETTINGS_FIELDS);
  return fields.every(([key, value]) => SETTINGS_FIELDS[key]?.(value)) ? 'other' : 'damaged';
}

interface Baseline {
  settings: Settings;
  playlists: unknown;
  profile: unknown;
}

export const storeBoundary = defineBoundary<StoreCase>({
  name: 'store-files',
  testRuns: 250,
  async open() {
    const world: FuzzWorld = await startWorld({ playlists: 7 });
    const originals: Record<StoreFile, string> = {
      auth: readFileSync(join(world.profile, 'auth.json'), 'utf8'),
      settings: readFileSync(join(world.profile, 'settings.json'), 'utf8'),
      library: readFileSync(join(world.profile, 'library.json'), 'utf8'),
    };
    const baseline: Baseline = await (async () => {
      const core = createTestCore({ dir: copyProfile(world.profile), cipherKey: world.key, env: world.env });
      await core.session.start();
      const snapshot = {
        settings: core.settings.get(),
        playlists: core.library.playlists(),
        profile: core.library.profile(),
      };
      await core.session.dispose();
      rmSync(core.dir, { recursive: true, force: true });
      return snapshot;
    })();

    const property = fc.asyncProperty(cases, async (item) => {
      const dir = copyProfile(world.profile);
      let core: TestCore | null = null;
      try {
        const { bytes, parsed } = render(originals[item.file], item.content);
        writeFileSync(join(dir, `${item.file}.json`), bytes);
        const started = createTestCore({
          dir,
          cipherKey: world.key,
          env: world.env,
          reportUnreadable: true,
          signInTimeoutMs: 10_000,
        });
        core = started;
        await within(started.session.start(), 10_000, 'session.start()');
        // Read before the first sync can bring anything back from Spotify.
        const state = started.session.state();
        const restoredLibrary =
          isDeepStrictEqual(started.library.playlists(), baseline.playlists) &&
          isDeepStrictEqual(started.library.profile(), baseline.profile);
        const known = ['needs-setup', 'signed-out', 'connecting', 'connected'];
        if (!known.includes(state.status)) throw new Error(`started in state ${state.status}`);
        if (state.notice?.code === 'unexpected') throw new Error(`started with: ${state.notice.message}`);

        const kind = classify(item.file, parsed, JSON.parse(originals[item.file]));
        // What the app threw away: the sign-in, the saved library, a setting.
        const discarded =
          item.file === 'auth'
            ? state.status !== 'connected'
            : item.file === 'library'
              ? started.library.info().revision === 0
              : !isDeepStrictEqual(started.settings.get(), baseline.settings);
        if (kind === 'intact' && discarded) throw new Error(`${item.file}.json was intact but the app lost it`);
        if (kind === 'intact' && item.file === 'library' && !restoredLibrary)
          throw new Error('the library came back changed');
        const mustSay = kind === 'damaged' || (kind === 'other' && item.file !== 'settings' && discarded);
        if (mustSay && discarded && state.notice === null) {
          throw new Error(`${item.file}.json was lost without a word (state ${state.status})`);
        }
        if (item.file === 'settings' && kind === 'other') {
          const held = (parsed as { settings: { clientId?: string | null } }).settings;
          const expected = typeof held.clientId === 'string' ? held.clientId.trim().toLowerCase() : null;
          if (started.settings.get().clientId !== expected) throw new Error('a usable stored Client ID was not used');
        }
        if (item.file !== 'settings' && item.file !== 'auth' && state.status !== 'connected') {
          throw new Error(`a damaged ${item.file}.json signed the user out`);
        }

        await settled(started);
        // A cache that was thrown away comes back from Spotify. (One that was read, odd or not, is
        // what the app believes; Spotify's 304s then rightly keep it.)
        const refetched = item.file === 'library' && discarded;
        if (refetched && !isDeepStrictEqual(started.library.playlists(), baseline.playlists)) {
          throw new Error('the first sync did not bring the library back');
        }
        await started.session.dispose();
        core = null;
        for (const name of readdirSync(dir)) {
          const text = readFileSync(join(dir, name), 'utf8');
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch {
            throw new Error(`${name} no longer parses after start (${text.length} bytes)`);
          }
          if (value === null || typeof value !== 'object' || Array.isArray(value)) {
            throw new Error(`${name} is not a JSON object after start`);
          }
        }
      } finally {
        await core?.session.dispose();
        rmSync(dir, { recursive: true, force: true });
      }
    });
    return { property, close: () => world.close() };
  },
});
