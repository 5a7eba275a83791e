import type { RoundView, RoundVote } from '../../shared/protocol/meeting.ts';

/** A round as stored: every vote, whatever its status (what each person may see is decided on sending). */
export type RoundRecord = Omit<RoundView, 'voters' | 'votes' | 'myVote'> & { reviewId: string; votes: StoredVote[] };
/** A vote with when it was cast: votes are listed in that order, and a backup restores it. */
export type StoredVote = RoundVote & { at: string };

/** Silent rating rounds and their votes, durable so a restart mid-round loses no vote. */
export interface MeetingStore {
  rounds(reviewId: string): Promise<RoundRecord[]>;
  openRound(round: RoundRecord): Promise<void>;
  /** A later vote by the same person replaces their earlier one. */
  castVote(roundId: string, vote: RoundVote, at: string): Promise<void>;
  revealRound(roundId: string, at: string): Promise<void>;
  closeRound(roundId: string, at: string, agreed: string | null): Promise<void>;
}
