/**
 * Draws Tunetray's icons into build/ as PNG, with no image tools: a 512 px app icon and the
 * tray icons (16/32 px; black-with-alpha "Template" images so macOS can tint them; a
 * coloured one for Linux and Windows trays). Run: node build/make-icons.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer) => {
  let c = 0xffffffff;
  for (const byte of buf) c = (crcTable[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

function png(size: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const samples = 4; // 4x4 supersampling for smooth edges
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      let coverage = 0;
      for (let sy = 0; sy < samples; sy++)
        for (let sx = 0; sx < samples; sx++) {
          const [r, g, b, a] = pixel((x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size);
          red += r * a;
          green += g * a;
          blue += b * a;
          coverage += a;
        }
      const alpha = coverage / (samples * samples);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const div = coverage || 1;
      raw[o] = Math.round(red / div);
      raw[o + 1] = Math.round(green / div);
      raw[o + 2] = Math.round(blue / div);
      raw[o + 3] = Math.round(alpha);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Three rising bars (a tray of sound) inside a circle; coordinates in 0..1. */
function inBars(x: number, y: number): boolean {
  const bars = [
    { x0: 0.3, x1: 0.4, top: 0.52 },
    { x0: 0.45, x1: 0.55, top: 0.38 },
    { x0: 0.6, x1: 0.7, top: 0.26 },
  ];
  return (
    bars.some((b) => x >= b.x0 && x <= b.x1 && y >= b.top && y <= 0.72) ||
    (x >= 0.26 && x <= 0.74 && y >= 0.75 && y <= 0.8)
  );
}
const inCircle = (x: number, y: number, r = 0.46) => (x - 0.5) ** 2 + (y - 0.5) ** 2 <= r * r;

const appIcon = (x: number, y: number): Rgba => {
  if (!inCircle(x, y)) return [0, 0, 0, 0];
  if (inBars(x, y)) return [255, 255, 255, 255];
  // A diagonal gradient from teal to indigo.
  const t = (x + y) / 2;
  return [Math.round(20 + 60 * t), Math.round(170 - 90 * t), Math.round(150 + 80 * t), 255];
};
const templateIcon = (x: number, y: number): Rgba => (inBars(x, y) ? [0, 0, 0, 255] : [0, 0, 0, 0]);
const colourTrayIcon = (x: number, y: number): Rgba => appIcon(x, y);

const dir = import.meta.dirname;
mkdirSync(join(dir, 'tray'), { recursive: true });
writeFileSync(join(dir, 'icon.png'), png(512, appIcon));
writeFileSync(join(dir, 'tray', 'trayTemplate.png'), png(16, templateIcon));
writeFileSync(join(dir, 'tray', 'trayTemplate@2x.png'), png(32, templateIcon));
writeFileSync(join(dir, 'tray', 'tray.png'), png(16, colourTrayIcon));
writeFileSync(join(dir, 'tray', 'tray@2x.png'), png(32, colourTrayIcon));
console.log('icons written to build/');
