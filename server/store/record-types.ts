import type { DeletedReview, ReviewState, ReviewStatus, SignOff } from '../../shared/protocol/review-record.ts';
import type { HistoryEvent } from '../../shared/review/history.ts';
import type { ReviewRole } from './access-types.ts';
import type { AuditEntry } from './admin-types.ts';
import type { RoundRecord } from './meeting-types.ts';
import type { ReviewRecord } from './types.ts';

export type { DeletedReview, ReviewState, ReviewStatus, SignOff };

/** A soft-deleted review, with what deciding who may restore it needs. */
export interface DeletedReviewRecord extends ReviewRecord {
  deletedAt: string;
  deletedBy: string | null;
}

/** Everything a new review is made of when it is copied or restored from a backup, stored at once. */
export interface ReviewBundle {
  review: ReviewRecord;
  /** The whole document as one Yjs update. */
  document: Uint8Array;
  state: ReviewState;
  history: HistoryEvent[];
  rounds: RoundRecord[];
  members: { userId: string; role: ReviewRole }[];
}

/**
 * Status, sign-offs, archiving and deletion of reviews. Every change takes the history event it
 * records (review-wide: criterion null), written in the same transaction.
 */
export interface RecordStore {
  /** The state of a review that exists and is not deleted. */
  state(reviewId: string): Promise<ReviewState | null>;
  states(reviewIds: readonly string[]): Promise<Map<string, ReviewState>>;
  setStatus(reviewId: string, status: Exclude<ReviewStatus, 'final'>, event: HistoryEvent): Promise<ReviewState>;
  /** Add (or renew) one facilitator's sign-off. */
  signOff(reviewId: string, signOff: SignOff, event: HistoryEvent): Promise<ReviewState>;
  withdrawSignOff(reviewId: string, userId: string, event: HistoryEvent): Promise<ReviewState>;
  /** Make final, adding the finaliser's sign-off if they had not signed yet. */
  finalise(reviewId: string, signOff: SignOff, event: HistoryEvent): Promise<ReviewState>;
  /** Back to moderation; the sign-offs are cleared (the event keeps them). */
  reopen(reviewId: string, event: HistoryEvent): Promise<ReviewState>;
  rename(reviewId: string, title: string, event: HistoryEvent): Promise<void>;
  setArchived(reviewId: string, archivedAt: string | null, event: HistoryEvent): Promise<ReviewState>;
  softDelete(reviewId: string, by: string, at: string, event: HistoryEvent, audit: AuditEntry): Promise<void>;
  /** A deleted review, or null (none, or not deleted). */
  deleted(reviewId: string): Promise<DeletedReviewRecord | null>;
  /** Every deleted review, newest first. */
  deletedReviews(): Promise<DeletedReviewRecord[]>;
  /** A member's role in a review, deleted or not (deciding who may restore it). */
  roleInAny(reviewId: string, userId: string): Promise<ReviewRole | null>;
  restore(reviewId: string, event: HistoryEvent, audit: AuditEntry): Promise<void>;
  /** Remove a deleted review and everything in it for good. */
  purge(reviewId: string, audit: AuditEntry): Promise<boolean>;
  /** Review-wide history (status and management), newest first. */
  reviewEvents(reviewId: string, limit?: number): Promise<HistoryEvent[]>;
  /** Every history event, oldest first, for a backup. */
  fullHistory(reviewId: string): Promise<HistoryEvent[]>;
  /** Create a review from a bundle in one transaction: all of it or nothing. */
  createFrom(bundle: ReviewBundle, event: HistoryEvent): Promise<void>;
}
