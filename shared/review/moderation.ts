/**
 * Which tracks moderation weighs, and the outcome the framework's rules suggest before anyone
 * records one. The moderator's track is the authoritative one (the National Strategies', the
 * SIP's) or else the last; the self-evaluation is the first other track.
 */
import type { Framework } from '../framework/schema.ts';
import type { ModerationOutcomeKind } from './entities.ts';

export interface ModerationTracks {
  self: string;
  moderator: string;
  /** The framework says the moderator's judgement stands where the two differ. */
  authoritative: boolean;
}

/** Null for a framework with one track: there is nothing to moderate between. */
export function moderationTracks(fw: Framework): ModerationTracks | null {
  if (fw.tracks.length < 2) return null;
  const rule = fw.rules?.find((r) => r.kind === 'authoritative-track');
  const flagged = fw.tracks.find((t) => t.authoritative)?.id;
  const moderator = rule?.track ?? flagged ?? fw.tracks.at(-1)!.id;
  const self = fw.tracks.find((t) => t.id !== moderator)!.id;
  return { self, moderator, authoritative: rule !== undefined || flagged !== undefined };
}

/**
 * The outcome to offer before one is recorded: agreed where both rated alike; the moderator's view
 * where they differ and the framework makes it authoritative; otherwise none (the people decide).
 */
export function defaultOutcome(
  tracks: ModerationTracks,
  selfRating: string | undefined,
  moderatorRating: string | undefined,
): ModerationOutcomeKind | null {
  if (selfRating === undefined || moderatorRating === undefined) return null;
  if (selfRating === moderatorRating) return 'agreed';
  return tracks.authoritative ? 'moderator-stands' : null;
}

export const outcomeLabels: Record<ModerationOutcomeKind, string> = {
  agreed: 'Agreed',
  'self-stands': 'Self-evaluation stands',
  'moderator-stands': 'Moderator’s view stands',
};
