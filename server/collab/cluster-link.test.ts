import { describe, expect, it } from 'vitest';
import type { ReviewState } from '../../shared/protocol/review-record.ts';
import { hear, type ClusterNotice } from './cluster-link.ts';
import type { Rooms } from './rooms.ts';

/** Rooms that record which of their methods a notice called, with what. */
function recordingRooms(): { rooms: Rooms; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
      return 0;
    };
  const rooms = {
    closeUser: record('closeUser'),
    closeCredential: record('closeCredential'),
    revoke: record('revoke'),
    closeReview: record('closeReview'),
    heldElsewhere: record('heldElsewhere'),
    announceState: record('announceState'),
  } as unknown as Rooms;
  return { rooms, calls };
}

describe('hear', () => {
  it('does what another process was told, through the same method as its own routes', () => {
    const state = { status: 'final' } as unknown as ReviewState;
    const notices: [ClusterNotice, unknown[]][] = [
      [
        { kind: 'closeUser', userId: 'u1', reason: 'signed out', which: 'sessions' },
        ['closeUser', 'u1', 'signed out', 'sessions'],
      ],
      [{ kind: 'closeCredential', hash: 'h1', reason: 'revoked' }, ['closeCredential', 'h1', 'revoked']],
      [
        { kind: 'revoke', reviewId: 'r1', userIds: ['u1', 'u2'], reason: 'removed' },
        ['revoke', 'r1', ['u1', 'u2'], 'removed'],
      ],
      [{ kind: 'closeReview', reviewId: 'r1', code: 4404, reason: 'deleted' }, ['closeReview', 'r1', 4404, 'deleted']],
      [{ kind: 'holdReview', reviewId: 'r1', reason: 'restoring' }, ['heldElsewhere', 'r1', 'restoring', false]],
      [{ kind: 'releaseReview', reviewId: 'r1', reason: 'restored' }, ['heldElsewhere', 'r1', 'restored', true]],
      [{ kind: 'state', reviewId: 'r1', state }, ['announceState', 'r1', state]],
    ];
    for (const [notice, call] of notices) {
      const { rooms, calls } = recordingRooms();
      hear(rooms, notice);
      expect(calls, notice.kind).toEqual([call]);
    }
  });
});
