/** Words and numbers for people. Pure functions, so they are easy to reason about and test. */
import { displayText } from '../../app/display-text.ts';
import type { LibraryInfo, Profile } from '../../app/model.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Number#toLocaleString builds a formatter on every call; a list row formats its track count.
const counts = new Intl.NumberFormat();

export function formatCount(n: number): string {
  return counts.format(n);
}

export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "just now", "5 min ago", "2 hours ago", "yesterday", "3 days ago", then a date. */
export function timeAgo(then: number, now: number): string {
  const elapsed = Math.max(0, now - then);
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < DAY) return `${plural(Math.floor(elapsed / HOUR), 'hour', 'hours')} ago`;
  if (elapsed < 2 * DAY) return 'yesterday';
  if (elapsed < 7 * DAY) return `${Math.floor(elapsed / DAY)} days ago`;
  return `on ${formatDate(then)}`;
}

/** A time of day in the user's own convention (14:05 or 2:05 PM). */
export function formatTime(epochMs: number): string {
  // No line break inside "2:05 PM".
  return new Date(epochMs)
    .toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    .replace(/\s/g, '\u00a0');
}

// One formatter each: building an Intl formatter costs far more than using one, and a scrolling
// list formats two dates per row per frame.
const longDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
const shortDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

export function formatDate(epochMs: number): string {
  return longDate.format(epochMs);
}

export type SyncTone = 'normal' | 'busy' | 'warning' | 'error';

/** The one line under the profile that says how fresh the list is. */
export function syncLine(library: LibraryInfo, now: number): { text: string; tone: SyncTone } {
  const { sync, updatedAt } = library;
  switch (sync.kind) {
    case 'syncing': {
      const progress =
        sync.total === null
          ? sync.loaded > 0
            ? ` ${plural(sync.loaded, 'playlist', 'playlists')}`
            : ''
          : ` ${formatCount(Math.min(sync.loaded, sync.total))} of ${formatCount(sync.total)}`;
      return { text: `Updating…${progress}`, tone: 'busy' };
    }
    case 'offline':
      return { text: 'Offline — showing saved playlists', tone: 'warning' };
    case 'rate-limited':
      return { text: `Rate limited by Spotify until ${formatTime(sync.until)}`, tone: 'warning' };
    case 'failed':
      return { text: sync.message, tone: 'error' };
    case 'idle':
      return { text: updatedAt === null ? 'Not updated yet' : `Updated ${timeAgo(updatedAt, now)}`, tone: 'normal' };
  }
}

/** "Premium" / "Free" when Spotify says; nothing when it does not (development-mode apps since 2026). */
export function planName(product: Profile['product']): string | null {
  if (product === 'premium') return 'Premium';
  if (product === 'free' || product === 'open') return 'Free';
  return null;
}

/** Up to two initials for an avatar without a picture: "Road Trip" -> "RT", "jazz" -> "J". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0];
  if (!first) return '?';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const letter = (word: string) => Array.from(word)[0] ?? '';
  return (letter(first) + (last ? letter(last) : '')).toUpperCase();
}

/** Names longer than this are cut with an ellipsis; the full name stays available as the tooltip. */
export const MAX_NAME_LENGTH = 150;

/**
 * A name from Spotify as the window shows it: at most `max` user-perceived characters, ending in
 * "…" when cut, without control or bidirectional-override characters (the same rule as the tray's
 * labels, app/display-text.ts). Spotify puts no limit on names; a row should not lay out 200,000
 * characters, and an override must not make a name read as something else.
 */
export function capText(text: string, max = MAX_NAME_LENGTH): string {
  return displayText(text, max);
}

/** A track length: 3:05, or 1:02:03 past an hour. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A playlist's length in words: "45 min", "3 hr 12 min", "26 hr". */
export function formatTotalDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${formatCount(h)} hr` : `${formatCount(h)} hr ${m} min`;
}

/** "12 Mar 2024" in the user's own order of day, month and year. */
export function formatShortDate(epochMs: number): string {
  return shortDate.format(epochMs);
}
