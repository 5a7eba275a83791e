/**
 * Silent rating rounds travel as MessageType.meeting frames carrying JSON (requests are checked by
 * meeting-schema.ts). Votes live on the server only: before the reveal nobody else's vote is in any
 * message, only who has voted.
 */
export type { MeetingRequest } from './meeting-schema.ts';
import type { ReviewState } from './review-record.ts';

export interface RoundVote {
  userId: string;
  name: string;
  level: string;
}

/** A round as a client sees it. `votes` is present only once revealed. */
export interface RoundView {
  id: string;
  criterion: string;
  phase: string;
  track: string;
  status: 'open' | 'revealed' | 'closed';
  autoReveal: boolean;
  openedBy: string;
  openedAt: string;
  revealedAt: string | null;
  closedAt: string | null;
  agreed: string | null;
  /** Who has voted (ids and names), never what, until the reveal. */
  voters: { userId: string; name: string }[];
  votes?: RoundVote[];
  /** The receiving person's own vote, sent to them alone. */
  myVote?: string;
}

export type MeetingEvent =
  | { t: 'rounds'; rounds: RoundView[] }
  | { t: 'round'; round: RoundView }
  | { t: 'error'; message: string }
  /** The review's status and sign-offs, after hello and whenever they change (e.g. finalised: read-only now). */
  | { t: 'review'; state: ReviewState };

/** The level most voters chose, when one level has a strict majority of the votes cast. */
export function consensus(votes: readonly RoundVote[]): string | null {
  const counts = new Map<string, number>();
  for (const v of votes) counts.set(v.level, (counts.get(v.level) ?? 0) + 1);
  for (const [level, n] of counts) if (n * 2 > votes.length) return level;
  return null;
}
