/**
 * The window's read of the playlist list in slices (app/playlist-slices.ts) over the real
 * getPlaylists handler and a library synced from the emulator: the first screen first, the rest
 * after it has painted, never rows of two different lists.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PlaylistSlice } from '../../app/contract.ts';
import { createHandlers, dispatch, type HandlerDeps } from '../../app/handlers.ts';
import { createLibraryCache } from '../../app/library/library-cache.ts';
import { createLibrarySync, type LibrarySync } from '../../app/library-sync.ts';
import { FIRST_SCREEN_ROWS, type ReadOptions, readPlaylists, SLICE_ROWS } from '../../app/playlist-slices.ts';
import { systemClock } from '../../app/ports.ts';
import type { Result } from '../../app/result.ts';
import { memoryStore } from '../bench/contenders.ts';
import { newAccount } from '../spotify/helpers.ts';
import { startEmulator } from '../spotify-emulator/index.ts';
import type { Emulator } from '../spotify-emulator/types.ts';
import { createMemoryLogger } from '../support/ports.ts';

const PLAYLISTS = 4_321;

let emu: Emulator;
let account: ReturnType<typeof newAccount>;
let library: LibrarySync;
const logger = createMemoryLogger();

beforeAll(async () => {
  emu = await startEmulator();
  account = newAccount(emu);
  emu.seedPlaylists(account.userId, PLAYLISTS);
  library = createLibrarySync({
    cache: createLibraryCache(memoryStore()),
    clock: systemClock,
    logger,
    onChange: () => {},
  });
  await library.sync(account.api);
});
afterAll(async () => {
  await account.api.close();
  await emu.close();
});

/** getPlaylists exactly as the window calls it, through dispatch (the IPC boundary), recording each ask. */
function bridge() {
  const handlers = createHandlers({ library } as unknown as HandlerDeps);
  const asked: Array<[number, number]> = [];
  const fetchSlice = (offset: number, limit: number) => {
    asked.push([offset, limit]);
    return dispatch(handlers, 'getPlaylists', { offset, limit }, logger) as Promise<Result<PlaylistSlice>>;
  };
  return { asked, fetchSlice };
}

const ids = (list: ReadonlyArray<{ id: string }>) => list.map((p) => p.id);

describe('reading the playlist list in slices', () => {
  test('the first screen comes first, the rest after it has painted, in slices, and adds up to the list', async () => {
    const { asked, fetchSlice } = bridge();
    const events: string[] = [];
    const result = await readPlaylists({
      fetchSlice,
      onFirstScreen: (first) => {
        events.push(`first screen: ${first.playlists.length} of ${first.total}`);
        expect(ids(first.playlists)).toEqual(ids(library.playlists().slice(0, FIRST_SCREEN_ROWS)));
      },
      afterPaint: async () => {
        events.push(`painted after ${asked.length} ask(s)`);
      },
      wanted: () => true,
    });
    expect(events).toEqual([`first screen: ${FIRST_SCREEN_ROWS} of ${PLAYLISTS}`, 'painted after 1 ask(s)']);
    expect(asked).toEqual([
      [0, FIRST_SCREEN_ROWS],
      [FIRST_SCREEN_ROWS, SLICE_ROWS],
      [FIRST_SCREEN_ROWS + SLICE_ROWS, SLICE_ROWS],
      [FIRST_SCREEN_ROWS + 2 * SLICE_ROWS, SLICE_ROWS],
    ]);
    expect(result).toMatchObject({ ok: true, value: { total: PLAYLISTS, revision: library.info().revision } });
    if (result?.ok) expect(ids(result.value.playlists)).toEqual(ids(library.playlists()));
  });

  test('without a first screen (a list is already shown) it reads whole slices and shows nothing early', async () => {
    const { asked, fetchSlice } = bridge();
    let painted = 0;
    const result = await readPlaylists({ fetchSlice, afterPaint: async () => void painted++, wanted: () => true });
    expect(asked[0]).toEqual([0, SLICE_ROWS]);
    expect(asked).toHaveLength(Math.ceil(PLAYLISTS / SLICE_ROWS));
    expect(painted).toBe(0);
    if (result?.ok) expect(result.value.playlists).toHaveLength(PLAYLISTS);
  });

  test('a list that changes between slices is read again from the start, never mixed', async () => {
    const { fetchSlice } = bridge();
    const before = library.playlists();
    const renamed = emu
      .getPlaylists(account.userId)
      .map((p, i) => ({ ...p, name: i === 0 ? 'Renamed first' : p.name }));
    let changed = false;
    const options: ReadOptions = {
      fetchSlice,
      onFirstScreen: () => {},
      // While the window paints its first screen, Spotify's copy changes and a sync brings it in.
      afterPaint: async () => {
        if (changed) return;
        changed = true;
        emu.setPlaylists(account.userId, [...renamed, { name: 'Added while reading' }]);
        await library.sync(account.api);
      },
      wanted: () => true,
    };
    const result = await readPlaylists(options);
    expect(library.info().revision).toBeGreaterThan(1);
    expect(result?.ok).toBe(true);
    if (!result?.ok) return;
    expect(result.value.revision).toBe(library.info().revision);
    expect(result.value.total).toBe(PLAYLISTS + 1);
    expect(ids(result.value.playlists)).toEqual(ids(library.playlists()));
    expect(ids(result.value.playlists)).not.toEqual(ids(before));
  });

  test('a caller that stops wanting the list gets null, and no further slice is asked for', async () => {
    const { asked, fetchSlice } = bridge();
    let wanted = true;
    const result = await readPlaylists({
      fetchSlice,
      onFirstScreen: () => {},
      afterPaint: async () => {
        wanted = false;
      },
      wanted: () => wanted,
    });
    expect(result).toBeNull();
    expect(asked).toHaveLength(1);
  });

  test('a failed slice is the answer; a list that never stops changing is a plain failure', async () => {
    const failing = await readPlaylists({
      fetchSlice: async () => ({ ok: false, error: { code: 'unexpected', message: 'The bridge broke.' } }),
      afterPaint: async () => {},
      wanted: () => true,
    });
    expect(failing).toEqual({ ok: false, error: { code: 'unexpected', message: 'The bridge broke.' } });

    let revision = 0;
    const restless = await readPlaylists({
      // Every answer comes from a newer list than the one before.
      fetchSlice: async (offset, limit) => ({
        ok: true,
        value: {
          revision: ++revision,
          total: 10,
          offset,
          playlists: library.playlists().slice(offset, offset + Math.min(limit, 5)),
        },
      }),
      afterPaint: async () => {},
      wanted: () => true,
    });
    expect(restless).toMatchObject({ ok: false, error: { message: expect.stringMatching(/kept changing/) } });
  });
});
