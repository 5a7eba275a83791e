import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/helpers/deadline.ts';
import { PrivateRedis } from '../../test/helpers/redis-server.ts';
import { RedisBus } from './redis-bus.ts';
import { encodeReviewMessage, type ControlMessage, type ReviewMessage } from './wire.ts';

/** A bus whose handlers push into arrays, with a way to wait for the next arrival. */
function recordingBus(url: string, prefix: string) {
  const logged: string[] = [];
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  const bus = new RedisBus({ url, prefix, log: (message) => (logged.push(message), notify()) });
  const received: ReviewMessage[] = [];
  const control: ControlMessage[] = [];
  bus.onControl((message) => {
    control.push(message);
    notify();
  });
  const until = (what: string, test: () => boolean) =>
    waitFor<void>(what, (done) => {
      const check = () => test() && done();
      listeners.add(check);
      check();
      return () => listeners.delete(check);
    });
  const subscribe = (reviewId: string) =>
    bus.subscribe(reviewId, (message) => {
      received.push(message);
      notify();
    });
  return { bus, received, control, logged, until, subscribe, notify };
}

describe('fan-out between processes over Redis', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
  });
  afterAll(async () => {
    await redis.down();
  });

  it("delivers a review's messages to the other processes that hold it, not back to the sender", async () => {
    const prefix = `t${randomUUID()}:`;
    const a = recordingBus(redis.url, prefix);
    const b = recordingBus(redis.url, prefix);
    const c = recordingBus(redis.url, prefix);
    try {
      await Promise.all([a.bus.ready, b.bus.ready, c.bus.ready]);
      await Promise.all([a.subscribe('r1'), b.subscribe('r1'), c.subscribe('r2')]);
      await a.bus.publish('r1', { kind: 'update', seq: 1, update: new Uint8Array([7]) });
      await a.bus.publish('r2', { kind: 'meeting' });
      await b.until('the update on b', () => b.received.length === 1);
      await c.until('the meeting notice on c', () => c.received.length === 1);
      expect(b.received).toEqual([{ kind: 'update', origin: a.bus.processId, seq: 1, update: new Uint8Array([7]) }]);
      expect(c.received).toEqual([{ kind: 'meeting', origin: a.bus.processId }]);
      // a published both and holds r1: a round trip on b proves nothing came back to a.
      await b.bus.publish('r1', { kind: 'meeting' });
      await a.until('b’s notice on a', () => a.received.length === 1);
      expect(a.received).toEqual([{ kind: 'meeting', origin: b.bus.processId }]);
    } finally {
      await Promise.all([a.bus.close(), b.bus.close(), c.bus.close()]);
    }
  });

  it('stops delivering a review once unsubscribed', async () => {
    const prefix = `t${randomUUID()}:`;
    const a = recordingBus(redis.url, prefix);
    const b = recordingBus(redis.url, prefix);
    try {
      await Promise.all([a.bus.ready, b.bus.ready]);
      const stop = await b.subscribe('r1');
      await b.subscribe('r2');
      await stop();
      await a.bus.publish('r1', { kind: 'meeting' });
      await a.bus.publish('r2', { kind: 'meeting' });
      // Redis delivers in publish order on one connection: r2's arrival means r1's would have come first.
      await b.until('the notice for r2', () => b.received.length >= 1);
      expect(b.received).toEqual([{ kind: 'meeting', origin: a.bus.processId }]);
    } finally {
      await Promise.all([a.bus.close(), b.bus.close()]);
    }
  });

  it('drops a malformed message with a log line naming the fault, and goes on delivering', async () => {
    const prefix = `t${randomUUID()}:`;
    const b = recordingBus(redis.url, prefix);
    const raw = new Redis(redis.url);
    try {
      await b.bus.ready;
      await b.subscribe('r1');
      await raw.publish(`${prefix}review:r1`, Buffer.from([1, 0]));
      await raw.publish(`${prefix}control`, '{"kind":"closeUser"}');
      await raw.publish(
        `${prefix}review:r1`,
        Buffer.from(encodeReviewMessage({ kind: 'meeting', origin: 'another-process' })),
      );
      await b.until('the good message after the bad ones', () => b.received.length === 1);
      expect(b.logged).toEqual([
        `dropped a message on ${prefix}review:r1: bus message that cannot be decoded`,
        `dropped a message on ${prefix}control: control message: origin Invalid input: expected string, received undefined`,
      ]);
      expect(b.control).toEqual([]);
    } finally {
      raw.disconnect();
      await b.bus.close();
    }
  });

  it('carries control messages to every other process', async () => {
    const prefix = `t${randomUUID()}:`;
    const a = recordingBus(redis.url, prefix);
    const b = recordingBus(redis.url, prefix);
    try {
      await Promise.all([a.bus.ready, b.bus.ready]);
      await a.bus.publishControl({ kind: 'revoke', reviewId: 'r1', userIds: ['u1'], reason: 'removed' });
      await b.until('the revocation on b', () => b.control.length === 1);
      expect(b.control[0]).toEqual({
        kind: 'revoke',
        origin: a.bus.processId,
        reviewId: 'r1',
        userIds: ['u1'],
        reason: 'removed',
      });
      // A reply from b proves a's own echo, published before it, would have arrived by now.
      await b.bus.publishControl({ kind: 'closeCredential', hash: 'h', reason: 'reply' });
      await a.until('b’s reply on a', () => a.control.length >= 1);
      expect(a.control).toEqual([{ kind: 'closeCredential', origin: b.bus.processId, hash: 'h', reason: 'reply' }]);
    } finally {
      await Promise.all([a.bus.close(), b.bus.close()]);
    }
  });

  it('after Redis restarts, resubscribes, tells its holders to heal, and delivers again', async () => {
    const own = await PrivateRedis.start();
    const prefix = `t${randomUUID()}:`;
    const a = recordingBus(own.url, prefix);
    const b = recordingBus(own.url, prefix);
    let heals = 0;
    b.bus.onResubscribed(() => {
      heals += 1;
      b.notify();
    });
    try {
      await Promise.all([a.bus.ready, b.bus.ready]);
      await b.subscribe('r1');
      expect(heals, 'no heal call on first connecting').toBe(0);
      await own.down();
      await b.until('a connection error logged', () => b.logged.includes('Redis connection error'));
      await own.up();
      await b.until('the heal call after the restart', () => heals === 1);
      await a.bus.publish('r1', { kind: 'update', seq: 9, update: new Uint8Array([1]) });
      await b.until('an update after the restart', () => b.received.length === 1);
      expect(b.received[0]).toMatchObject({ kind: 'update', seq: 9 });
    } finally {
      await Promise.all([a.bus.close(), b.bus.close()]);
      await own.down();
    }
  });

  it('uses the bestfit: prefix unless told otherwise, and says when both connections are up', async () => {
    const bus = new RedisBus({ url: redis.url });
    const raw = new Redis(redis.url);
    const { publisher, subscriber } = bus as unknown as Record<'publisher' | 'subscriber', Redis>;
    const ended = [publisher, subscriber].map((client, i) =>
      waitFor<void>(`connection ${i} ending`, (done) => (client.once('end', () => done()), () => {})),
    );
    try {
      expect(bus.connected).toBe(false);
      await bus.ready;
      expect(bus.connected).toBe(true);
      // Both connections must be up: either one down is not connected (read as it closes).
      for (const [name, client] of Object.entries({ publisher, subscriber })) {
        const closed = waitFor<boolean>(`the ${name} closing`, (done) => {
          client.once('close', () => done(bus.connected));
          return () => {};
        });
        client.disconnect(true);
        expect(await closed, `connected with the ${name} closed`).toBe(false);
        await waitFor<void>(`the ${name} back`, (done) => (client.once('ready', () => done()), () => {}));
        expect(bus.connected).toBe(true);
      }
      const heard = waitFor<string>('the update on the default channel', (done) => {
        raw.on('message', (channel: string) => done(channel));
        return () => {};
      });
      await raw.subscribe('bestfit:review:r1');
      await bus.publish('r1', { kind: 'meeting' });
      expect(await heard).toBe('bestfit:review:r1');
    } finally {
      raw.disconnect();
      await bus.close();
    }
    // Closing ends both connections (quit answers before the socket closes).
    await Promise.all(ended);
    expect(bus.connected, 'connected after closing').toBe(false);
  });

  it('keeps the newer handler of a review when the older one stops, and survives a handler that throws', async () => {
    const prefix = `t${randomUUID()}:`;
    const a = recordingBus(redis.url, prefix);
    const b = recordingBus(redis.url, prefix);
    const older: ReviewMessage[] = [];
    let throwOnce = true;
    try {
      await Promise.all([a.bus.ready, b.bus.ready]);
      const stopOlder = await b.bus.subscribe('r1', (message) => older.push(message));
      await b.bus.subscribe('r1', (message) => {
        if (throwOnce) {
          throwOnce = false;
          throw new Error('handler broke');
        }
        b.received.push(message);
        b.notify();
      });
      await stopOlder();
      await a.bus.publish('r1', { kind: 'meeting' });
      await a.bus.publish('r1', { kind: 'update', seq: 2, update: new Uint8Array([2]) });
      await b.until('the next update on the newer handler', () => b.received.length === 1);
      expect(b.logged).toEqual([`handling a message on ${prefix}review:r1 failed`]);
      expect(b.received[0]).toMatchObject({ kind: 'update', seq: 2 });
      expect(older).toEqual([]);
    } finally {
      await Promise.all([a.bus.close(), b.bus.close()]);
    }
  });
  it('drops without a word a message still in flight for a review it has stopped holding', async () => {
    const prefix = `t${randomUUID()}:`;
    const b = recordingBus(redis.url, prefix);
    try {
      await b.bus.ready;
      const stop = await b.subscribe('r1');
      await stop();
      // Redis may already have queued a message before the unsubscribe: it reaches the connection
      // after the review's handler is gone, exactly as here.
      const subscriber = (b.bus as unknown as { subscriber: Redis }).subscriber;
      subscriber.emit(
        'messageBuffer',
        Buffer.from(`${prefix}review:r1`),
        Buffer.from(encodeReviewMessage({ kind: 'meeting', origin: 'another-process' })),
      );
      expect(b.received).toEqual([]);
      expect(b.logged, 'a late message for a review no longer held is not an error').toEqual([]);
    } finally {
      await b.bus.close();
    }
  });
});
