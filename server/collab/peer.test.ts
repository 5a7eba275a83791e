import type { WebSocket } from 'ws';
import { describe, expect, it, vi } from 'vitest';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { Limits } from '../../shared/protocol/limits.ts';
import { Peer } from './peer.ts';

const OPEN = 1;

/** The parts of a socket a peer uses. */
function fakeSocket(readyState = OPEN, bufferedAmount = 0) {
  return { OPEN, readyState, bufferedAmount, send: vi.fn(), close: vi.fn(), terminate: vi.fn() };
}

const peerOn = (ws = fakeSocket()) => new Peer(ws as unknown as WebSocket, 'r1', null, 'editor', true, false);

describe('a peer', () => {
  it('takes a burst of messages at once, then refills at its rate up to the burst', () => {
    const peer = peerOn();
    // Whole milliseconds, so the refill below is exact.
    const t0 = Math.ceil(performance.now()) + 1;
    for (let i = 0; i < Limits.messageBurst; i++) expect(peer.allowMessage(t0)).toBe(true);
    expect(peer.allowMessage(t0)).toBe(false);
    // A tenth of a second later: a tenth of a second's messages, and not one more.
    const t1 = t0 + 100;
    for (let i = 0; i < Limits.messagesPerSecond / 10; i++) expect(peer.allowMessage(t1)).toBe(true);
    expect(peer.allowMessage(t1)).toBe(false);
    // Idle for long: the burst again, never more.
    const t2 = t1 + 3_600_000;
    for (let i = 0; i < Limits.messageBurst; i++) expect(peer.allowMessage(t2)).toBe(true);
    expect(peer.allowMessage(t2)).toBe(false);
  });

  it('refuses a frame over the size limit by its size, and one over the rate by the rate', () => {
    const peer = peerOn();
    expect(peer.refusalOf(new Uint8Array(Limits.maxMessageBytes))).toBeNull();
    const large = peer.refusalOf(new Uint8Array(Limits.maxMessageBytes + 1));
    expect(large).toMatchObject({
      code: CloseCode.tooLarge,
      reason: `message of ${Limits.maxMessageBytes + 1} bytes; the limit is ${Limits.maxMessageBytes}`,
    });
    const now = performance.now();
    while (peer.allowMessage(now));
    // At the same instant: a loaded machine's next millisecond would already refill part of a token.
    expect(peer.refusalOf(new Uint8Array(1), now)).toMatchObject({
      code: CloseCode.rateLimited,
      reason: `more than ${Limits.messagesPerSecond} messages a second`,
    });
  });

  it('sends only on an open socket that keeps up, and drops one that does not', () => {
    const ws = fakeSocket(OPEN, Limits.maxBufferedBytes);
    const peer = peerOn(ws);
    peer.send(new Uint8Array([1]));
    expect(ws.send).toHaveBeenCalledTimes(1);
    ws.bufferedAmount = Limits.maxBufferedBytes + 1;
    peer.send(new Uint8Array([2]));
    expect(ws.send).toHaveBeenCalledTimes(1);
    expect(ws.terminate).toHaveBeenCalledTimes(1);
    expect(peer.closed).toBe(true);
    ws.bufferedAmount = 0;
    peer.send(new Uint8Array([3]));
    expect(ws.send).toHaveBeenCalledTimes(1);

    const closing = fakeSocket(OPEN + 1);
    peerOn(closing).send(new Uint8Array([1]));
    expect(closing.send).not.toHaveBeenCalled();
    expect(closing.terminate).not.toHaveBeenCalled();
  });

  it('closes once, with the reason cut to the 123 bytes the protocol allows', () => {
    const ws = fakeSocket();
    const peer = peerOn(ws);
    peer.close(CloseCode.tooLarge, 'x'.repeat(200));
    expect(peer.closed).toBe(true);
    expect(ws.close).toHaveBeenCalledWith(CloseCode.tooLarge, 'x'.repeat(123));
    peer.close(CloseCode.rateLimited, 'again');
    expect(ws.close).toHaveBeenCalledTimes(1);
  });

  it('is alive when it starts, and each has its own increasing id', () => {
    const a = peerOn();
    const b = peerOn();
    expect(a.alive).toBe(true);
    expect(b.id).toBeGreaterThan(a.id);
  });
});
