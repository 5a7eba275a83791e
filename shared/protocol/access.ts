/** Who may do what in a review, as the API and the websocket speak of it. */
export type ReviewRole = 'facilitator' | 'editor' | 'observer';
export const reviewRoles: readonly ReviewRole[] = ['facilitator', 'editor', 'observer'];

export interface Invite {
  id: string;
  reviewId: string;
  role: ReviewRole;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export interface Member {
  userId: string;
  name: string;
  /** Sent to facilitators only. */
  email?: string;
  role: ReviewRole;
  inviteId: string | null;
}

/** What became of a backup's members when it was restored (the answer to POST /api/reviews/import). */
export interface RestoredMembers {
  /** Back on the review with the role they had. */
  restored: { name: string; role: ReviewRole }[];
  /** Not added: the backup names no e-mail for them, or no one of the target workspace has it. */
  notRestored: { name: string; role: ReviewRole; reason: string }[];
}
