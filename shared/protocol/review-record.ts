/**
 * A review's record beyond its document: where it stands (draft, in moderation, final), who signed
 * it off, and whether it is archived. The API returns it with each review; connected clients get it
 * live as a meeting event (`{ t: 'review', state }`).
 */
export type ReviewStatus = 'draft' | 'moderation' | 'final';
export const reviewStatuses: readonly ReviewStatus[] = ['draft', 'moderation', 'final'];

export const statusLabels: Record<ReviewStatus, string> = {
  draft: 'Draft',
  moderation: 'In moderation',
  final: 'Final',
};

/** One facilitator's sign-off of the judgements, with their name as it was when they signed. */
export interface SignOff {
  userId: string;
  name: string;
  at: string;
}

export interface ReviewState {
  status: ReviewStatus;
  /** Sign-offs since the review was last reopened; kept in the history when it is. */
  signOffs: SignOff[];
  /** When and by whom the review was made final; null unless final. */
  finalisedAt: string | null;
  finalisedBy: string | null;
  archivedAt: string | null;
}

/** Soft-deleted reviews can be restored for this long; after it only an administrator can purge them. */
export const RESTORE_DAYS = 30;

/** A deleted review as the "Recently deleted" list shows it. */
export interface DeletedReview {
  id: string;
  title: string;
  frameworkId: string;
  deletedAt: string;
  deletedBy: string | null;
  /** When restoring stops being possible. */
  restorableUntil: string;
  /** Whether the caller may restore it (a facilitator of it, or an owner of its workspace), and purge it (administrators). */
  canRestore: boolean;
  canPurge: boolean;
}

/** Why a final review refuses every change, as a client is told. */
export const finalRefusal =
  'this review is final (signed off); a facilitator must reopen it before anything can change';
