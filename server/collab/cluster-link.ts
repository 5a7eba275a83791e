import type { ReviewState } from '../../shared/protocol/review-record.ts';
import type { RoomFanout } from './room-fanout.ts';
import type { Rooms } from './rooms.ts';

type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What one process tells the others that they must act on too (server/cluster carries it). */
export type ClusterNotice = Without<
  | { kind: 'closeUser'; userId: string; reason: string; which: 'sessions' | 'all' }
  | { kind: 'closeCredential'; hash: string; reason: string }
  | { kind: 'revoke'; reviewId: string; userIds: string[]; reason: string }
  | { kind: 'closeReview'; reviewId: string; code: number; reason: string }
  /** A change to the review's stored document outside any room is starting, or is over. */
  | { kind: 'holdReview' | 'releaseReview'; reviewId: string; reason: string }
  | { kind: 'state'; reviewId: string; state: ReviewState },
  never
>;

/** The other processes serving the same reviews, when there are any. */
export interface ClusterLink {
  room(reviewId: string): RoomFanout;
  tell(notice: ClusterNotice): void;
}

/** Do what another process told this one, through the same methods its own routes call. */
export function hear(rooms: Rooms, notice: ClusterNotice): void {
  switch (notice.kind) {
    case 'closeUser':
      rooms.closeUser(notice.userId, notice.reason, notice.which);
      return;
    case 'closeCredential':
      rooms.closeCredential(notice.hash, notice.reason);
      return;
    case 'revoke':
      return rooms.revoke(notice.reviewId, notice.userIds, notice.reason);
    case 'closeReview':
      return rooms.closeReview(notice.reviewId, notice.code, notice.reason);
    case 'holdReview':
    case 'releaseReview':
      return rooms.heldElsewhere(notice.reviewId, notice.reason, notice.kind === 'releaseReview');
    case 'state':
      return rooms.announceState(notice.reviewId, notice.state);
  }
}
