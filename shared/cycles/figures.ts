/**
 * A review's ratings as plain data (a "summary"), and the figures terms are compared by: one
 * headline rating per criterion and phase, the rank of a level on its scale, an overall. Pure
 * functions of the framework and the summary, so the server computes them from stored rows
 * without decoding a document, and the client shows the same numbers.
 */
import type * as Y from 'yjs';
import type { Framework, Level } from '../framework/schema.ts';
import { lowerMedianLevel } from '../review/indicative-overall.ts';
import { NOT_APPLICABLE, agreedKey, ratingKey } from '../review/keys.ts';
import { reviewModel } from '../review/model.ts';
import { Root } from '../review/roots.ts';

/** Every rating and agreed rating of a review, exactly as its document holds them. */
export interface RatingSummary {
  /** `track/criterion/phase` → level id or NOT_APPLICABLE. */
  ratings: Record<string, string>;
  /** `criterion/phase` → level id or NOT_APPLICABLE. */
  agreed: Record<string, string>;
}

export const emptySummary = (): RatingSummary => ({ ratings: {}, agreed: {} });

/** Read the summary out of a review document (its `ratings` and `agreed` roots). */
export function summariseDoc(doc: Y.Doc): RatingSummary {
  const read = (root: string): Record<string, string> => {
    const out: Record<string, string> = {};
    // Sorted keys: the same ratings always give the same JSON, so a changed summary is a changed string.
    const map = doc.getMap<unknown>(root);
    for (const key of [...map.keys()].sort()) {
      const value = map.get(key);
      if (typeof value === 'string') out[key] = value;
    }
    return out;
  };
  return { ratings: read(Root.ratings), agreed: read(Root.agreed) };
}

/** Levels ranked by the scale's values: 0 is the lowest; a move's size is a difference of ranks. */
export function ranksOf(fw: Framework): Map<string, number> {
  const sorted = [...fw.scale.levels].sort((a, b) => a.value - b.value);
  return new Map(sorted.map((l, i) => [l.id, i]));
}

/**
 * The rating a criterion reports in a phase: the authoritative track's (Milton Keynes: the SIP's)
 * when it has one, else the agreed rating, else the first track (in the framework's order) that
 * rated it. Undefined when nobody has rated it.
 */
export function headlineRating(
  fw: Framework,
  summary: RatingSummary,
  criterion: string,
  phase: string,
): string | undefined {
  const rule = fw.rules?.find((r) => r.kind === 'authoritative-track');
  if (rule) {
    const stands = summary.ratings[ratingKey(rule.track, criterion, phase)];
    if (stands !== undefined) return stands;
  }
  const agreed = summary.agreed[agreedKey(criterion, phase)];
  if (agreed !== undefined) return agreed;
  for (const track of fw.tracks) {
    const rating = summary.ratings[ratingKey(track.id, criterion, phase)];
    if (rating !== undefined) return rating;
  }
  return undefined;
}

/**
 * One headline rating per criterion: in the given phase, or (with no phase chosen) the worst
 * level rated in any of its phases, so a criterion at risk in one phase shows as at risk.
 * Criteria not judged in the phase are left out; unrated ones map to null.
 */
export function criterionRatings(
  fw: Framework,
  summary: RatingSummary,
  phase: string | null,
): Map<string, string | null> {
  const model = reviewModel(fw);
  const ranks = ranksOf(fw);
  const out = new Map<string, string | null>();
  for (const section of fw.sections) {
    for (const criterion of section.criteria) {
      if (criterion.pending !== undefined) continue;
      const phases = model.phasesOf.get(criterion.id) ?? [];
      const judged = phase === null ? phases : phases.filter((p) => p === phase);
      if (judged.length === 0) continue;
      let worst: string | null = null;
      for (const p of judged) {
        const rating = headlineRating(fw, summary, criterion.id, p);
        if (rating === undefined) continue;
        if (worst === null) worst = rating;
        else if (rating !== NOT_APPLICABLE && (worst === NOT_APPLICABLE || ranks.get(rating)! < ranks.get(worst)!))
          worst = rating;
      }
      out.set(criterion.id, worst);
    }
  }
  return out;
}

/**
 * The overall: the lower median of the headline ratings at a level (N/A left out), the same
 * rounding to the worse level as the summary's indicative overall. Null while nothing is rated.
 */
export function overallLevel(fw: Framework, ratings: Map<string, string | null>): Level | null {
  const byId = new Map(fw.scale.levels.map((l) => [l.id, l]));
  const values: number[] = [];
  for (const r of ratings.values()) {
    const level = r === null ? undefined : byId.get(r);
    if (level) values.push(level.value);
  }
  return lowerMedianLevel(fw.scale.levels, values);
}

export type Move = 'up' | 'down' | 'same' | 'rated' | 'cleared' | 'changed' | 'unrated' | 'added' | 'removed';

/**
 * How one criterion moved between two ratings: up or down by a number of ranks on the scale,
 * the same, newly rated, cleared, or changed to or from N/A (no size).
 */
export function moveOf(
  fromFw: Framework,
  from: string | null | undefined,
  toFw: Framework,
  to: string | null | undefined,
): { move: Move; size: number } {
  if (from == null && to == null) return { move: 'unrated', size: 0 };
  if (from == null) return { move: 'rated', size: 0 };
  if (to == null) return { move: 'cleared', size: 0 };
  if (from === to) return { move: 'same', size: 0 };
  const a = ranksOf(fromFw).get(from);
  const b = ranksOf(toFw).get(to);
  if (a === undefined || b === undefined) return { move: from === to ? 'same' : 'changed', size: 0 };
  if (a === b) return { move: 'same', size: 0 };
  return b > a ? { move: 'up', size: b - a } : { move: 'down', size: a - b };
}

/** Net movement: ranks gained minus ranks lost over the criteria rated at a level both times. */
export function movement(
  fromFw: Framework,
  from: Map<string, string | null>,
  toFw: Framework,
  to: Map<string, string | null>,
): { up: number; down: number; same: number; net: number } {
  const out = { up: 0, down: 0, same: 0, net: 0 };
  for (const [criterion, rating] of to) {
    if (!from.has(criterion)) continue;
    const { move, size } = moveOf(fromFw, from.get(criterion), toFw, rating);
    if (move === 'up') {
      out.up++;
      out.net += size;
    } else if (move === 'down') {
      out.down++;
      out.net -= size;
    } else if (move === 'same') out.same++;
  }
  return out;
}
