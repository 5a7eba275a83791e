import type { Rooms } from '../collab/rooms.ts';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import type { User } from '../store/access-types.ts';
import type { Store } from '../store/types.ts';
import { AdminError, auditBy, who } from './audit.ts';

/** Make someone facilitator of a review whose facilitators have all left (removed or disabled). */
export async function rescueReview(
  store: Store,
  rooms: Rooms,
  actor: User,
  reviewId: string,
  userId: string,
): Promise<void> {
  const review = await store.getReview(reviewId);
  if (!review) throw new AdminError(404, 'not_found', `no review "${reviewId}"`);
  const person = await store.admin.person(userId);
  if (!person) throw new AdminError(404, 'not_found', `userId: no person "${userId}"`, 'userId');
  if (person.disabledAt) {
    throw new AdminError(409, 'conflict', `userId: ${person.name}'s account is disabled`, 'userId');
  }
  const detail = `made ${who(person)} facilitator of review "${review.title}", which had no facilitator`;
  const outcome = await store.admin.grantFacilitator(
    reviewId,
    userId,
    auditBy(actor, 'review.facilitator.grant', reviewId, detail),
  );
  if (outcome === 'has-facilitator') {
    throw new AdminError(409, 'conflict', `review "${review.title}" still has a facilitator; ask them instead`);
  }
  // Their open pages carry the old role: reconnect them with the new one.
  rooms.get(reviewId)?.evictUsers(new Set([userId]), CloseCode.tryAgain, 'you are now a facilitator of this review');
}
