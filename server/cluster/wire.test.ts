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
});
