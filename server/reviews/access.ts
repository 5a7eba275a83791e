import type { AccessStore, Invite, ReviewRole } from '../store/access-types.ts';
import { hashSecret, newId, newSecret } from '../auth/tokens.ts';

export class AccessError extends Error {
  constructor(
    readonly status: 403 | 404 | 410,
    message: string,
  ) {
    super(message);
  }
}

/** What each role may do; the server checks these, the client only mirrors them. */
export const can = {
  edit: (role: ReviewRole) => role !== 'observer',
  facilitate: (role: ReviewRole) => role === 'facilitator',
};

export async function createInvite(
  access: AccessStore,
  input: { reviewId: string; role: ReviewRole; createdBy: string; expiresInDays: number },
): Promise<{ invite: Invite; secret: string }> {
  const secret = newSecret();
  const now = new Date();
  const invite: Invite = {
    id: newId(),
    reviewId: input.reviewId,
    role: input.role,
    createdBy: input.createdBy,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + input.expiresInDays * 24 * 3600 * 1000).toISOString(),
    revokedAt: null,
  };
  await access.createInvite({ ...invite, tokenHash: hashSecret(secret) });
  return { invite, secret };
}

/** The invite behind a link, if it can still be used. */
export async function usableInvite(access: AccessStore, secret: string): Promise<Invite> {
  const invite = await access.inviteByToken(hashSecret(secret));
  if (!invite) throw new AccessError(404, 'this invite link is not valid');
  if (invite.revokedAt) throw new AccessError(410, 'this invite link has been revoked');
  if (invite.expiresAt <= new Date().toISOString()) throw new AccessError(410, 'this invite link has expired');
  return invite;
}

/** Join a review through an invite. An existing, stronger role is kept. */
export async function acceptInvite(
  access: AccessStore,
  secret: string,
  userId: string,
): Promise<{ reviewId: string; role: ReviewRole }> {
  const invite = await usableInvite(access, secret);
  // A link made before someone was removed does not undo the removal; a newer one may.
  const removedAt = await access.removedAt(invite.reviewId, userId);
  if (removedAt !== null && invite.createdAt <= removedAt) {
    throw new AccessError(403, 'you were removed from this review; ask a facilitator for a new invite link');
  }
  const current = await access.reviewRole(invite.reviewId, userId);
  const rank: Record<ReviewRole, number> = { observer: 0, editor: 1, facilitator: 2 };
  if (current && rank[current] >= rank[invite.role]) return { reviewId: invite.reviewId, role: current };
  await access.setReviewMember(invite.reviewId, userId, invite.role, invite.id);
  return { reviewId: invite.reviewId, role: invite.role };
}
