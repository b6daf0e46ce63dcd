/**
 * Cover, mosaic and profile images, served by the emulator itself (PNG) so that tests and the
 * demo never reach the internet. Like Spotify's CDN the URLs are absolute and self-describing:
 *
 *   /image/<size>/<seed>                 a square picture (i.scdn.co/image/... on Spotify)
 *   /mosaic/<size>/<seed>.<seed>.<seed>.<seed>  four album covers in a 2 x 2 grid (mosaic.scdn.co/<size>/...)
 *
 * The picture depends only on the seed(s) and the size, so every run draws the same image and the
 * server needs no registry of what it handed out.
 */
import { seedOf } from './ids.ts';
import { encodePng } from './png.ts';

/** Spotify's sizes: 640/300/60 for playlist covers and mosaics, 640/300/64 for albums, 300/64 for avatars. */
export const COVER_SIZES = [640, 300, 60] as const;
export const ALBUM_SIZES = [640, 300, 64] as const;
const MIN_SIZE = 16;
const MAX_SIZE = 640;
const SEED = '[A-Za-z0-9_-]{1,80}';
const COVER_PATH = new RegExp(`^/image/(\\d{1,4})/(${SEED})$`);
const MOSAIC_PATH = new RegExp(`^/mosaic/(\\d{1,4})/(${SEED}(?:\\.${SEED}){3})$`);
const MAX_MEMO = 600;

export type ImageSpec =
  | { kind: 'cover'; size: number; seed: string }
  | { kind: 'mosaic'; size: number; seeds: string[] };

export function coverUrl(base: string, seed: string, size: number): string {
  return `${base}/image/${size}/${seed}`;
}

export function mosaicUrl(base: string, seeds: readonly string[], size: number): string {
  return `${base}/mosaic/${size}/${seeds.join('.')}`;
}

/** The image a path names, or null for anything else (including sizes outside 16..640 and odd seeds). */
export function parseImagePath(pathname: string): ImageSpec | null {
  const cover = COVER_PATH.exec(pathname);
  const mosaic = cover ? null : MOSAIC_PATH.exec(pathname);
  const match = cover ?? mosaic;
  if (!match?.[1] || !match[2]) return null;
  const size = Number(match[1]);
  if (size < MIN_SIZE || size > MAX_SIZE) return null;
  return cover ? { kind: 'cover', size, seed: match[2] } : { kind: 'mosaic', size, seeds: match[2].split('.') };
}

type Rgb = [number, number, number];

function hsl(h: number, s: number, l: number): Rgb {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** Two colours and a disc position from a seed: a diagonal gradient with a record on it. */
function paletteOf(seed: string): { from: Rgb; to: Rgb; disc: Rgb; cx: number; cy: number } {
  const n = seedOf(seed);
  const hue = n % 360;
  const hue2 = (hue + 35 + ((n >>> 9) % 90)) % 360;
  return {
    from: hsl(hue, 0.62, 0.5),
    to: hsl(hue2, 0.58, 0.3),
    disc: hsl(hue2, 0.35, 0.16),
    cx: 0.55 + ((n >>> 17) % 20) / 100,
    cy: 0.55 + ((n >>> 23) % 20) / 100,
  };
}

/** Paints one seed's picture into the square [x0, x0+w) x [y0, y0+w) of `rgb` (row stride `size`). */
function paint(rgb: Uint8Array, size: number, x0: number, y0: number, w: number, seed: string): void {
  const p = paletteOf(seed);
  const r2 = (0.3 * w) ** 2;
  const hole2 = (0.05 * w) ** 2;
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < w; x++) {
      const t = (x + y) / (2 * w);
      const dx = x - p.cx * w;
      const dy = y - p.cy * w;
      const d2 = dx * dx + dy * dy;
      const onDisc = d2 < r2 && d2 > hole2;
      const at = ((y0 + y) * size + x0 + x) * 3;
      for (let c = 0; c < 3; c++) {
        const bg = (p.from[c] ?? 0) + ((p.to[c] ?? 0) - (p.from[c] ?? 0)) * t;
        rgb[at + c] = onDisc ? (p.disc[c] ?? 0) : Math.round(bg);
      }
    }
  }
}

function render(spec: ImageSpec): Buffer {
  const { size } = spec;
  const rgb = new Uint8Array(size * size * 3);
  if (spec.kind === 'cover') {
    paint(rgb, size, 0, 0, size, spec.seed);
  } else {
    // Four tiles of half the size; an odd size leaves a one-pixel seam, which Spotify's even sizes never do.
    const half = Math.floor(size / 2);
    spec.seeds.forEach((seed, i) => {
      paint(rgb, size, (i % 2) * half, Math.floor(i / 2) * half, half, seed);
    });
  }
  return encodePng(size, size, rgb);
}

const memo = new Map<string, Buffer>();

/** The PNG for a spec, memoised (bounded: the oldest drawn image is dropped first). */
export function renderImage(spec: ImageSpec): Buffer {
  const key = spec.kind === 'cover' ? `c${spec.size}/${spec.seed}` : `m${spec.size}/${spec.seeds.join('.')}`;
  const cached = memo.get(key);
  if (cached) return cached;
  const png = render(spec);
  if (memo.size >= MAX_MEMO) {
    const oldest = memo.keys().next().value;
    if (oldest !== undefined) memo.delete(oldest);
  }
  memo.set(key, png);
  return png;
}
