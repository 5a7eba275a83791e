import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import {
  BadBusMessage,
  decodeControlMessage,
  decodeReviewMessage,
  encodeReviewMessage,
  type ReviewMessage,
} from './wire.ts';

describe('bus messages', () => {
  const samples: ReviewMessage[] = [
    { kind: 'update', origin: 'p1', seq: 42, update: new Uint8Array([1, 2, 3]) },
    { kind: 'presence', origin: 'p2', awareness: new Uint8Array([9, 8]) },
    { kind: 'meeting', origin: 'p3' },
  ];

  it.each(samples)('round-trips a $kind message', (message) => {
    expect(decodeReviewMessage(encodeReviewMessage(message))).toEqual(message);
  });

  it('names what is wrong with a message it cannot read', () => {
    const good = encodeReviewMessage(samples[0]!);
    expect(() => decodeReviewMessage(good.subarray(0, good.length - 1))).toThrow(
      new BadBusMessage('bus message that cannot be decoded'),
    );
    expect(() => decodeReviewMessage(new Uint8Array([...good, 0]))).toThrow('unexpected bytes after a bus message');
    const future = encoding.createEncoder();
    encoding.writeVarUint(future, 2);
    expect(() => decodeReviewMessage(encoding.toUint8Array(future))).toThrow(
      'bus message of wire version 2; this process reads 1',
    );
    const unknown = encoding.createEncoder();
    encoding.writeVarUint(unknown, 1);
    encoding.writeVarUint(unknown, 9);
    encoding.writeVarString(unknown, 'p');
    expect(() => decodeReviewMessage(encoding.toUint8Array(unknown))).toThrow('bus message of an unknown kind');
  });

  it('reads a control message and refuses one that is malformed, naming the field', () => {
    const message = { kind: 'closeUser', origin: 'p1', userId: 'u1', reason: 'disabled', which: 'all' };
    expect(decodeControlMessage(JSON.stringify(message))).toEqual(message);
    expect(() => decodeControlMessage('{')).toThrow('control message that is not JSON');
    expect(() => decodeControlMessage(JSON.stringify({ ...message, which: 'some' }))).toThrow(
      /^control message: which /,
    );
    expect(() => decodeControlMessage(JSON.stringify({ ...message, extra: 1 }))).toThrow(BadBusMessage);
  });

  it('reads the notices that hold and release a review, and refuses one without its review', () => {
    for (const kind of ['holdReview', 'releaseReview']) {
      const message = { kind, origin: 'p1', reviewId: 'r1', reason: 'a moderation track is being added' };
      expect(decodeControlMessage(JSON.stringify(message))).toEqual(message);
      expect(() => decodeControlMessage(JSON.stringify({ ...message, reviewId: '' }))).toThrow(
        /^control message: reviewId /,
      );
    }
  });

  it('reads every kind of control message at its limits, and names the field one past them', () => {
    const ok = (message: object) => expect(decodeControlMessage(JSON.stringify(message))).toEqual(message);
    // Refused with the message naming the field (the path zod reports, then its complaint).
    const refused = (message: object, field: string) => {
      expect(() => decodeControlMessage(JSON.stringify(message))).toThrow(BadBusMessage);
      expect(() => decodeControlMessage(JSON.stringify(message))).toThrow(`control message: ${field} `);
    };
    const longId = 'i'.repeat(200);
    const longReason = 'r'.repeat(500);
    const closeUser = { kind: 'closeUser', origin: longId, userId: longId, reason: longReason, which: 'sessions' };
    ok(closeUser);
    refused({ ...closeUser, origin: '' }, 'origin');
    refused({ ...closeUser, userId: 'i'.repeat(201) }, 'userId');
    refused({ ...closeUser, reason: 'r'.repeat(501) }, 'reason');
    const credential = { kind: 'closeCredential', origin: 'p1', hash: 'h', reason: '' };
    ok(credential);
    refused({ ...credential, hash: '' }, 'hash');
    const revoke = { kind: 'revoke', origin: 'p1', reviewId: 'r1', userIds: Array(10_000).fill('u'), reason: 'x' };
    ok(revoke);
    refused({ ...revoke, userIds: Array(10_001).fill('u') }, 'userIds');
    refused({ ...revoke, userIds: [''] }, 'userIds.0');
    const close = { kind: 'closeReview', origin: 'p1', reviewId: 'r1', code: 4000, reason: 'deleted' };
    ok(close);
    ok({ ...close, code: 4999 });
    refused({ ...close, code: 3999 }, 'code');
    refused({ ...close, code: 5000 }, 'code');
    refused({ ...close, code: 4000.5 }, 'code');
    for (const status of ['draft', 'moderation', 'final'])
      ok({ kind: 'state', origin: 'p1', reviewId: 'r1', state: { status, signOffs: [] } });
    for (const state of [{ status: 'closed' }, null, 'final', undefined])
      expect(() =>
        decodeControlMessage(JSON.stringify({ kind: 'state', origin: 'p1', reviewId: 'r1', state })),
      ).toThrow(new BadBusMessage('control message: state must be a review state'));
    expect(() => decodeControlMessage('[]')).toThrow(/^control message: \(root\) /);
  });
});
