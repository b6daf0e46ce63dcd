/**
 * Generated cover and profile images, served by the emulator itself so that tests and the demo
 * never reach the internet: a coloured square with up to two initials, derived only from the id
 * and label, so every run draws the same picture.
 */
import { seedOf } from './ids.ts';

const ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

export function isValidImageId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export function initialsOf(label: string): string {
  const words = label
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
  const letters = words.slice(0, 2).map((w) => Array.from(w)[0] ?? '');
  const joined = letters.join('').toUpperCase();
  return joined === '' ? '♪' : joined;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderSvg(id: string, label: string): string {
  const seed = seedOf(id);
  const hue = seed % 360;
  const hue2 = (hue + 40 + ((seed >>> 9) % 80)) % 360;
  const text = escapeXml(initialsOf(label));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="640" viewBox="0 0 640 640" role="img" aria-label="${escapeXml(label)}">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">` +
    `<stop offset="0" stop-color="hsl(${hue},62%,46%)"/><stop offset="1" stop-color="hsl(${hue2},58%,30%)"/>` +
    `</linearGradient></defs><rect width="640" height="640" fill="url(#g)"/>` +
    `<text x="320" y="320" dy=".35em" text-anchor="middle" font-family="system-ui,sans-serif" font-size="240" ` +
    `font-weight="700" fill="#fff">${text}</text></svg>`
  );
}
