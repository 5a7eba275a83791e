/**
 * Which tracks moderation weighs, and the outcome the framework's rules suggest before anyone
 * records one. The moderator's track is the authoritative one (the National Strategies', the
 * SIP's) or else the last; the self-evaluation is the first other track.
 */
import type * as Y from 'yjs';
import type { Framework, Track } from '../framework/schema.ts';
import type { ModerationOutcomeKind } from './entities.ts';
import { Root } from './roots.ts';

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

/** The track a review of a one-track framework gains when it is moderated. */
export const MODERATION_TRACK: Track = {
  id: 'moderation',
  label: 'Moderation',
  description: 'The moderator’s view of each criterion, beside the self-evaluation.',
};

const moderated = new WeakMap<Framework, Framework>();

/** A one-track framework with the moderation track added (the same object every time, for caches). */
export function withModerationTrack(fw: Framework): Framework {
  if (fw.tracks.length > 1 || fw.tracks.some((t) => t.id === MODERATION_TRACK.id)) return fw;
  let copy = moderated.get(fw);
  if (!copy) moderated.set(fw, (copy = { ...fw, tracks: [...fw.tracks, MODERATION_TRACK] }));
  return copy;
}

/** The framework as a review uses it: with the moderation track when the review was made with one. */
export const frameworkOfReview = (fw: Framework, doc: Y.Doc): Framework =>
  doc.getMap(Root.meta).get('moderationTrack') === true ? withModerationTrack(fw) : fw;
