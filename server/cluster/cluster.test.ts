import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/helpers/deadline.ts';
import { PrivateRedis } from '../../test/helpers/redis-server.ts';
import type { ClusterNotice } from '../collab/cluster-link.ts';
import type { RemoteEvent } from '../collab/room-fanout.ts';
import type { Rooms } from '../collab/rooms.ts';
import { Cluster } from './cluster.ts';

/** A process's cluster link, with the rooms it serves recording what they are told. */
function process(url: string, prefix: string) {
  const logged: string[] = [];
  const heard: ClusterNotice[] = [];
  let rereads = 0;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  const cluster = new Cluster(url, (message) => (logged.push(message), notify()), prefix);
  const rooms = {
    heard: (notice: ClusterNotice) => (heard.push(notice), notify()),
    rereadAll: () => (rereads++, notify()),
  } as Pick<Rooms, 'heard' | 'rereadAll'> as Rooms;
  cluster.serve(rooms);
  const until = (what: string, test: () => boolean) =>
    waitFor<void>(what, (done) => {
      const check = () => test() && done();
      listeners.add(check);
      check();
      return () => listeners.delete(check);
    });
  return { cluster, logged, heard, rereads: () => rereads, until, notify, listeners };
}

describe('several processes serving the same reviews', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
  });
  afterAll(async () => {
    await redis.down();
  });

  it('relays what one process commits, its presence and its round changes to the others holding the review', async () => {
    const prefix = `t${randomUUID()}:`;
    const a = process(redis.url, prefix);
    const b = process(redis.url, prefix);
    try {
      await Promise.all([a.cluster.ready, b.cluster.ready]);
      expect(a.cluster.connected).toBe(true);
      expect(a.cluster.processId).not.toBe(b.cluster.processId);
      const delivered: RemoteEvent[] = [];
      const onB = b.cluster.room('r1');
      await onB.attach((d) => (delivered.push(d), b.notify()));
      const onA = a.cluster.room('r1');
      onA.committed(4, new Uint8Array([1, 2]));
      onA.presence(new Uint8Array([3]));
      onA.meetingChanged();
      await b.until('three deliveries on b', () => delivered.length === 3);
      expect(delivered).toEqual([
        { kind: 'update', seq: 4, update: new Uint8Array([1, 2]) },
        { kind: 'presence', awareness: new Uint8Array([3]) },
        { kind: 'meeting' },
      ]);
      // Detached: nothing more arrives (a later message to another review proves the order).
      await onB.detach();
      const other: RemoteEvent[] = [];
      await b.cluster.room('r2').attach((d) => (other.push(d), b.notify()));
      onA.committed(5, new Uint8Array([9]));
      a.cluster.room('r2').meetingChanged();
      await b.until('the notice on r2', () => other.length === 1);
      expect(delivered).toHaveLength(3);
      expect(a.logged).toEqual([]);
    } finally {
      await Promise.all([a.cluster.close(), b.cluster.close()]);
    }
  });

  it('tells the other processes’ rooms what to do, without the sender’s id', async () => {
    const prefix = `t${randomUUID()}:`;
    const a = process(redis.url, prefix);
    const b = process(redis.url, prefix);
    try {
      await Promise.all([a.cluster.ready, b.cluster.ready]);
      const notice: ClusterNotice = { kind: 'revoke', reviewId: 'r1', userIds: ['u1'], reason: 'removed' };
      a.cluster.tell(notice);
      await b.until('the notice on b', () => b.heard.length === 1);
      expect(b.heard).toEqual([notice]);
      expect(a.heard).toEqual([]);
    } finally {
      await Promise.all([a.cluster.close(), b.cluster.close()]);
    }
  });

  it('logs what it failed to publish, naming the review and what', async () => {
    const a = process(redis.url, `t${randomUUID()}:`);
    await a.cluster.ready;
    const room = a.cluster.room('r7');
    await a.cluster.close();
    room.committed(1, new Uint8Array([1]));
    room.presence(new Uint8Array([1]));
    room.meetingChanged();
    a.cluster.tell({ kind: 'closeCredential', hash: 'h', reason: 'revoked' });
    // Closing also logs the connection's end; only the failures to publish are asked about here.
    const failures = () => a.logged.filter((m) => m !== 'Redis connection error').sort();
    await a.until('four failures logged', () => failures().length === 4);
    expect(failures()).toEqual([
      'review r7: publishing a round failed',
      'review r7: publishing an update failed',
      'review r7: publishing presence failed',
      'telling other processes (closeCredential) failed',
    ]);
    await room.detach();
  });

  it('reads every room again from the store after Redis comes back', async () => {
    const own = await PrivateRedis.start();
    const a = process(own.url, `t${randomUUID()}:`);
    try {
      await a.cluster.ready;
      expect(a.rereads()).toBe(0);
      await own.down();
      await own.up();
      await a.until('a reread after the restart', () => a.rereads() === 1);
    } finally {
      await a.cluster.close();
      await own.down();
    }
  });
});
