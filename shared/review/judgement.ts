/**
 * The framework's rules of judgement applied to a review's ratings: how the ratings spread, an
 * indicative overall, where tracks disagree and which rating is reported, and the reminders the
 * rules attach to a rating. Pure data in, plain data out; the people in the meeting decide.
 */
import type { Framework } from '../framework/schema.ts';
import type { ReviewDoc } from './accessors.ts';
import { OverallTally, type IndicativeOverall, type OverallBy } from './indicative-overall.ts';
import { NOT_APPLICABLE } from './keys.ts';
import { phasesOfCriterion, reviewModel } from './model.ts';
import { reminderRules, type Reminder } from './reminders.ts';

export type { IndicativeOverall, OverallBy } from './indicative-overall.ts';
export type { CriticalItem, Reminder } from './reminders.ts';

/** Where the judgement reads ratings from: a review document, or anything shaped like one. */
export interface RatingLookup {
  /** A level id, NOT_APPLICABLE, or undefined when not rated. */
  rating(track: string, criterion: string, phase: string): string | undefined;
  agreed(criterion: string, phase: string): string | undefined;
}

export function lookupOf(review: ReviewDoc): RatingLookup {
  return {
    rating: (track, criterion, phase) => review.getRating(track, criterion, phase),
    agreed: (criterion, phase) => review.getAgreed(criterion, phase),
  };
}

/** How one track's ratings spread over the scale in one phase. */
export interface Distribution {
  track: string;
  phase: string;
  /** Criteria judged in this phase that have levels to rate (pending ones are left out). */
  criteria: number;
  /** One count per scale level, in the order the source prints them. */
  levels: { level: string; count: number }[];
  notApplicable: number;
  unrated: number;
}

export interface TrackRating {
  track: string;
  /** A level id or NOT_APPLICABLE. */
  rating: string;
}

export type Reported = { by: 'authoritative-track'; track: string; rating: string } | { by: 'agreed'; rating: string };

/** Two or more tracks rated one criterion in one phase differently. */
export interface Disagreement {
  criterion: string;
  phase: string;
  /** The ratings recorded, in the framework's track order. */
  ratings: TrackRating[];
  agreed: string | null;
  /** The authoritative track's rating when set, else the agreed one, else null. */
  reported: Reported | null;
}

export interface Judgement {
  /** Track ratings recorded, N/A included. */
  ratings: number;
  /** Agreed ratings recorded. */
  agreed: number;
  /** Per track, then per phase in the framework's order. */
  distributions: Distribution[];
  /** How the framework's overall rule groups the overall; null when it has no such rule. */
  overallBy: OverallBy | null;
  overalls: IndicativeOverall[];
  disagreements: Disagreement[];
  /** In criterion, phase and track order. */
  reminders: Reminder[];
}

function emptyDistributions(fw: Framework): Map<string, Distribution> {
  const map = new Map<string, Distribution>();
  for (const track of fw.tracks)
    for (const phase of phasesOfCriterion(fw, undefined))
      map.set(`${track.id}/${phase}`, {
        track: track.id,
        phase,
        criteria: 0,
        levels: fw.scale.levels.map((l) => ({ level: l.id, count: 0 })),
        notApplicable: 0,
        unrated: 0,
      });
  return map;
}

function reportedRating(fw: Framework, ratings: TrackRating[], agreed: string | undefined): Reported | null {
  const rule = fw.rules?.find((r) => r.kind === 'authoritative-track');
  const stands = rule && ratings.find((r) => r.track === rule.track);
  if (stands) return { by: 'authoritative-track', track: stands.track, rating: stands.rating };
  return agreed === undefined ? null : { by: 'agreed', rating: agreed };
}

/** Apply the framework's rules to every rating, in one pass over the criteria, phases and tracks. */
export function judge(fw: Framework, lookup: RatingLookup): Judgement {
  const model = reviewModel(fw);
  const levelById = new Map(fw.scale.levels.map((l) => [l.id, l]));
  const remindersOf = reminderRules(fw);
  const distributions = emptyDistributions(fw);
  const overall = new OverallTally(fw, fw.rules?.find((r) => r.kind === 'overall')?.by ?? null);
  let ratingCount = 0;
  let agreedCount = 0;
  const disagreements: Disagreement[] = [];
  const reminders: Reminder[] = [];

  for (const section of fw.sections) {
    for (const criterion of section.criteria) {
      // A pending criterion has no descriptors to judge against, so the grid offers it no levels.
      if (criterion.pending !== undefined) continue;
      // Every criterion is in the model, and every phase it is judged in has a distribution per track.
      for (const phase of model.phasesOf.get(criterion.id)!) {
        const ratings: TrackRating[] = [];
        for (const track of fw.tracks) {
          const distribution = distributions.get(`${track.id}/${phase}`)!;
          distribution.criteria++;
          const rating = lookup.rating(track.id, criterion.id, phase);
          if (rating === undefined) {
            distribution.unrated++;
            continue;
          }
          ratingCount++;
          ratings.push({ track: track.id, rating });
          if (rating === NOT_APPLICABLE) {
            distribution.notApplicable++;
            continue;
          }
          // A value that is not a level of this scale (the lookup is not validated) counts as rated, nothing more.
          const level = levelById.get(rating);
          if (!level) continue;
          distribution.levels.find((l) => l.level === level.id)!.count++;
          overall.add(track.id, section, phase, level);
          const at = { track: track.id, criterion: criterion.id, phase, rated: level.id };
          reminders.push(...remindersOf(at, level, criterion.descriptors));
        }
        const agreed = lookup.agreed(criterion.id, phase);
        if (agreed !== undefined) agreedCount++;
        if (new Set(ratings.map((r) => r.rating)).size > 1)
          disagreements.push({
            criterion: criterion.id,
            phase,
            ratings,
            agreed: agreed ?? null,
            reported: reportedRating(fw, ratings, agreed),
          });
      }
    }
  }
  return {
    ratings: ratingCount,
    agreed: agreedCount,
    distributions: [...distributions.values()],
    overallBy: overall.by,
    overalls: overall.results(),
    disagreements,
    reminders,
  };
}

/** Judge a live review document. */
export const judgeReview = (review: ReviewDoc): Judgement => judge(review.framework, lookupOf(review));
