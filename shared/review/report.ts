/**
 * What the exports carry of statement-level evidence and moderation, as plain rows: the suggested
 * best fit with its reasons beside each rating, and each criterion's moderation outcome (recorded,
 * or the framework's default) with the overall statement.
 */
import type { ReviewDoc } from './accessors.ts';
import { suggestBestFit } from './best-fit.ts';
import type { ModerationOutcomeKind } from './entities.ts';
import { defaultOutcome, moderationTracks } from './moderation.ts';
import { statementsOf } from './statements.ts';

export interface BestFitRow {
  track: string;
  criterion: string;
  phase: string;
  /** Level id suggested, or null. */
  suggested: string | null;
  /** The rating recorded (level id or NOT_APPLICABLE), or null. */
  rating: string | null;
  /** A suggestion and a rating that are not the same. */
  differs: boolean;
  /** "Good: 6 of 7 statements evidenced; critical 'timely' not evidenced → capped at …". */
  reasons: string;
}

/** One row per track, criterion and phase that has at least one statement marked, in framework order. */
export function bestFitRows(review: ReviewDoc): BestFitRow[] {
  const fw = review.framework;
  const rows: BestFitRow[] = [];
  for (const track of fw.tracks)
    for (const section of fw.sections)
      for (const criterion of section.criteria) {
        const marks = review.marksOf(track.id, criterion.id);
        if (!statementsOf(fw, criterion.id).some((s) => marks(s.ref) !== undefined)) continue;
        for (const phase of review.model.phasesOf.get(criterion.id) ?? []) {
          const fit = suggestBestFit(fw, criterion.id, phase, marks);
          const rating = review.getRating(track.id, criterion.id, phase) ?? null;
          rows.push({
            track: track.id,
            criterion: criterion.id,
            phase,
            suggested: fit.level,
            rating,
            differs: fit.level !== null && rating !== null && rating !== fit.level,
            reasons: fit.text,
          });
        }
      }
  return rows;
}

export interface ModerationRow {
  criterion: string;
  phase: string;
  self: string | null;
  moderator: string | null;
  outcome: ModerationOutcomeKind | null;
  /** True when no outcome was recorded and this is the framework's default. */
  byDefault: boolean;
  reason: string;
  byName: string | null;
}

export interface ModerationReport {
  selfTrack: string;
  moderatorTrack: string;
  rows: ModerationRow[];
  statement: string;
}

/** Null for a review with nothing to moderate between (one track and no moderation track). */
export function moderationReport(review: ReviewDoc): ModerationReport | null {
  const tracks = moderationTracks(review.framework);
  if (!tracks) return null;
  const rows: ModerationRow[] = [];
  for (const section of review.framework.sections)
    for (const criterion of section.criteria) {
      if (criterion.pending !== undefined) continue;
      for (const phase of review.model.phasesOf.get(criterion.id) ?? []) {
        const self = review.getRating(tracks.self, criterion.id, phase) ?? null;
        const moderator = review.getRating(tracks.moderator, criterion.id, phase) ?? null;
        const recorded = review.getModeration(criterion.id, phase);
        const fallback = defaultOutcome(tracks, self ?? undefined, moderator ?? undefined);
        rows.push({
          criterion: criterion.id,
          phase,
          self,
          moderator,
          outcome: recorded?.outcome ?? fallback,
          byDefault: !recorded && fallback !== null,
          reason: recorded?.reason ?? '',
          byName: recorded?.byName ?? null,
        });
      }
    }
  return {
    selfTrack: tracks.self,
    moderatorTrack: tracks.moderator,
    rows,
    statement: review.moderationStatement().toString(),
  };
}
