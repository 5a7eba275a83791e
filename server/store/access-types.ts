import type { Invite, Member, ReviewRole } from '../../shared/protocol/access.ts';

export { reviewRoles, type Invite, type Member, type ReviewRole } from '../../shared/protocol/access.ts';

export interface User {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  createdAt: string;
  /** Set while an administrator has disabled the account: it cannot sign in. */
  disabledAt?: string | null;
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

export interface Workspace {
  id: string;
  name: string;
  role: 'owner' | 'member';
}

/** Accounts, sessions, tokens, workspaces and who may do what in each review. */
export interface AccessStore {
  countUsers(): Promise<number>;
  createUser(user: UserWithPassword): Promise<void>;
  userByEmail(email: string): Promise<UserWithPassword | null>;
  userById(id: string): Promise<User | null>;

  createSession(tokenHash: string, userId: string, expiresAt: string): Promise<void>;
  /** The user of an unexpired session. */
  sessionUser(tokenHash: string, now: string): Promise<User | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** An unexpired session, with when it ends. */
  sessionById(tokenHash: string, now: string): Promise<{ user: User; expiresAt: string } | null>;
  /** End every session of a user (password changed, account disabled). */
  deleteSessionsOf(userId: string): Promise<void>;
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;

  createApiToken(token: { id: string; tokenHash: string; userId: string; name: string }): Promise<void>;
  /** The user of an unrevoked API token. */
  tokenUser(tokenHash: string): Promise<User | null>;

  createWorkspace(id: string, name: string): Promise<void>;
  workspaceByName(name: string): Promise<{ id: string; name: string } | null>;
  addWorkspaceMember(workspaceId: string, userId: string, role: Workspace['role']): Promise<void>;
  workspacesOf(userId: string): Promise<Workspace[]>;

  reviewRole(reviewId: string, userId: string): Promise<ReviewRole | null>;
  setReviewMember(reviewId: string, userId: string, role: ReviewRole, inviteId: string | null): Promise<void>;
  /**
   * Remove members; resolves with the user ids that lost access. Each removal is remembered, so an
   * invite link made before it cannot bring them back (setReviewMember forgets it again).
   */
  removeReviewMembers(reviewId: string, userIds: string[]): Promise<string[]>;
  /** When a person was last removed from a review, if they have not been let back in since. */
  removedAt(reviewId: string, userId: string): Promise<string | null>;
  reviewMembers(reviewId: string): Promise<Member[]>;
  reviewIdsOf(userId: string): Promise<string[]>;

  createInvite(invite: Invite & { tokenHash: string }): Promise<void>;
  inviteByToken(tokenHash: string): Promise<Invite | null>;
  invites(reviewId: string): Promise<Invite[]>;
  /** Revoke a link and the access it granted; resolves with the user ids that lost access. */
  revokeInvite(reviewId: string, inviteId: string, at: string): Promise<string[]>;
}
