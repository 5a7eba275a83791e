import type { Track } from '../../shared/framework/schema.ts';

/**
 * A track's short mark for a grid cell: its first all-capitals word ("LA self-evaluation" → "LA"),
 * else the initials of its capitalised words ("National Strategies view" → "NS"), else its label.
 */
export function trackShortLabel(track: Track): string {
  const words = track.label.split(/\s+/);
  const acronym = words.find((w) => w.length >= 2 && /^[A-Z]+$/.test(w));
  if (acronym) return acronym;
  const initials = words
    .filter((w) => /^[A-Z]/.test(w))
    .map((w) => w[0])
    .join('');
  return initials.length >= 2 ? initials : track.label;
}
