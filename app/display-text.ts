/**
 * Text from Spotify made safe to show in a single-line, native place (tray labels, tooltips):
 * names have no length limit and may hold control or bidirectional-override characters, which
 * could make a label huge or make it read differently from what it is ("evil\u202Egnp.exe").
 *
 * - C0 and C1 controls and DEL become spaces (so words do not run together), runs of white space
 *   collapse, ends are trimmed;
 * - bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the
 *   direction marks (U+200E, U+200F, U+061C) are removed;
 * - the result is cut to `maxChars` user-perceived characters (graphemes, so an emoji or an
 *   accented letter is never split), ending in an ellipsis when cut.
 */
/** General category Cc: exactly C0 (U+0000-U+001F), DEL and C1 (U+0080-U+009F). */
const CONTROLS = /\p{Cc}+/gu;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
const ELLIPSIS = '…';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function displayText(raw: string, maxChars: number): string {
  // Only a bounded prefix can reach the screen: never scan a 200,000-character name in full.
  const prefix = raw.length > maxChars * 8 + 64 ? raw.slice(0, maxChars * 8 + 64) : raw;
  const clean = prefix.replace(BIDI_CONTROLS, '').replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
  const parts: string[] = [];
  // Cut when there is more than fits, or when the prefix above already dropped the rest.
  let cut = prefix.length < raw.length;
  for (const { segment } of graphemes.segment(clean)) {
    if (parts.length === maxChars) {
      cut = true;
      break;
    }
    parts.push(segment);
  }
  if (!cut) return parts.join('');
  return `${parts
    .slice(0, maxChars - 1)
    .join('')
    .trimEnd()}${ELLIPSIS}`;
}
