/** Every fuzzed boundary, in the order the runner reports them. */
import type { FuzzBoundary } from './boundary.ts';
import { ipcBoundary } from './ipc.property.ts';
import { loopbackBoundary } from './loopback.property.ts';
import { spotifyBoundary } from './spotify.property.ts';
import { storeBoundary } from './store.property.ts';

export const boundaries: FuzzBoundary[] = [ipcBoundary, loopbackBoundary, spotifyBoundary, storeBoundary];
