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
