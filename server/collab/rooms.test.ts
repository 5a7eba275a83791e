import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { Limits } from '../../shared/protocol/limits.ts';
import type { ReviewState } from '../../shared/protocol/review-record.ts';
import { Root } from '../../shared/review/roots.ts';
import { alice, bob, phasedFramework, skeletonDoc } from '../../shared/review/test-fixtures.ts';
import type { ClusterLink, ClusterNotice } from './cluster-link.ts';
import type { RoomFanout } from './room-fanout.ts';
import { Rooms } from './rooms.ts';
import { clientFrame, connection } from './test-client.ts';
import { storeWithReview } from './test-review.ts';

const frameworks = (id: string, version: number) =>
  Promise.resolve(id === phasedFramework.id && version === phasedFramework.version ? phasedFramework : null);

const session = (hash: string, expiresAt = Date.now() + 3_600_000) => ({ kind: 'session' as const, hash, expiresAt });
const token = (hash: string) => ({ kind: 'token' as const, hash, expiresAt: null });

/** A process's open reviews over a real in-memory store with two reviews; what it tells other processes is kept. */
async function setup(withCluster = true) {
  const review = await storeWithReview(phasedFramework);
  const { store } = review;
  const now = new Date().toISOString();
  const second = { id: 'review-2', workspaceId: null, title: 'Another', createdAt: now, updatedAt: now };
  await store.createReview(
    { ...second, frameworkId: phasedFramework.id, frameworkVersion: phasedFramework.version },
    Y.encodeStateAsUpdate(skeletonDoc(phasedFramework)),
  );
  const told: ClusterNotice[] = [];
  const fanouts: string[] = [];
  const cluster: ClusterLink = {
    room(reviewId): RoomFanout {
      fanouts.push(reviewId);
      return {
        attach: () => Promise.resolve(),
        committed: () => {},
        presence: () => {},
        meetingChanged: () => {},
        detach: () => Promise.resolve(),
      };
    },
    tell: (notice) => told.push(notice),
  };
  const logged: string[] = [];
  let onLog = () => {};
  /** Resolves at the next message logged. */
  const nextLog = () => new Promise<void>((resolve) => (onLog = resolve));
  const rooms = new Rooms(
    store,
    frameworks,
    {
      compactAfter: 100,
      log: (message) => {
        logged.push(message);
        onLog();
      },
    },
    withCluster ? cluster : null,
  );
  const join = (
    reviewId: string,
    user = alice,
    role: 'facilitator' | 'editor' | 'observer' = 'editor',
    credential: ReturnType<typeof session> | ReturnType<typeof token> | null = null,
  ) => {
    const client = connection(reviewId, user, role, credential);
    const room = rooms.join(client.peer);
    return { ...client, room };
  };
  /** Resolves once `client`'s room has handled everything it sent before. */
  let savedToken = 0;
  const settled = async (client: ReturnType<typeof join>) => {
    const n = ++savedToken;
    client.room.receive(client.peer, clientFrame.saved(n));
    await client.ws.saved(n);
  };
  /** An update setting review `id`'s rating t1/c1/p1 on top of what is stored, as a client sends it. */
  const rated = async (id: string, level: string) => {
    const stored = await store.loadDocument(id);
    const doc = new Y.Doc();
    for (const u of [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates]) Y.applyUpdate(doc, u);
    const before = Y.encodeStateVector(doc);
    doc.getMap(Root.ratings).set('t1/c1/p1', level);
    return Y.encodeStateAsUpdate(doc, before);
  };
  return { ...review, rooms, told, fanouts, logged, nextLog, join, settled, rated };
}

const ping = (rooms: Rooms) => (rooms as unknown as { ping(): Promise<void> }).ping();
/** One turn of the event loop: whatever pending promises lead to has happened by then. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

// Short: a mutant that hangs a room fails here in seconds, not at the 60 s default.
describe('rooms', { timeout: 6_000 }, () => {
  it('keeps one room per open review, and a new one once the last person left', async () => {
    const { rooms, join, reviewId, fanouts } = await setup();
    const a = join(reviewId);
    const b = join(reviewId, bob);
    const other = join('review-2');
    expect(b.room).toBe(a.room);
    expect(other.room).not.toBe(a.room);
    expect(rooms.openCount).toBe(2);
    expect(rooms.get(reviewId)).toBe(a.room);
    expect(fanouts).toEqual([reviewId, 'review-2']);
    await a.ws.frame('step1');
    rooms.leave(a.peer, a.room);
    rooms.leave(b.peer, b.room);
    expect(a.peer.closed).toBe(true);
    await a.room.closed;
    expect(rooms.get(reviewId)).toBeUndefined();
    expect(rooms.openCount).toBe(1);
    const again = join(reviewId);
    expect(again.room).not.toBe(a.room);
    await again.ws.frame('step1');
    expect(rooms.openCount).toBe(2);
    await rooms.close();
  });

  it('opens a new room at once when the old one has closed but not yet left the map', async () => {
    const { rooms, join, reviewId } = await setup();
    const a = join(reviewId);
    await a.ws.frame('step1');
    a.room.evict(CloseCode.tryAgain, 'restart');
    expect(a.room.isClosed).toBe(true);
    const b = join(reviewId, bob);
    expect(b.room).not.toBe(a.room);
    await b.ws.frame('step1');
    await a.room.closed;
    // The old room's closing does not remove its successor.
    expect(rooms.get(reviewId)).toBe(b.room);
    await rooms.close();
  });

  it('pings every open socket, marks it alive again at its pong, and drops one that never answered', async () => {
    const { rooms, join, reviewId } = await setup();
    const a = join(reviewId);
    const b = join(reviewId, bob);
    await ping(rooms);
    expect(a.ws.pings).toBe(1);
    expect(a.peer.alive).toBe(false);
    a.ws.emit('pong');
    expect(a.peer.alive).toBe(true);
    await ping(rooms);
    expect(a.ws.pings).toBe(2);
    expect(a.ws.terminated).toBe(false);
    expect(b.ws.terminated).toBe(true);
    expect(b.ws.pings).toBe(1);
    await rooms.close();
  });

  it('logs a failed check of the sockets’ credentials at a ping, and closes nothing', async () => {
    const { rooms, join, reviewId, store, logged, nextLog } = await setup();
    const a = join(reviewId, alice, 'editor', session('s1'));
    store.access.sessionById = () => Promise.reject(new Error('database is locked'));
    const failed = nextLog();
    await ping(rooms);
    await failed;
    expect(logged).toEqual(['checking sessions failed']);
    expect(a.ws.closedWith).toBeNull();
    await rooms.close();
  });

  it('without a logger, a failed check of the credentials at a ping settles quietly and closes nothing', async () => {
    const { store, reviewId } = await setup();
    const rooms = new Rooms(store, frameworks, { compactAfter: 100 });
    const a = connection(reviewId, alice, 'editor', session('s1'));
    rooms.join(a.peer);
    store.access.sessionById = () => Promise.reject(new Error('database is locked'));
    await expect(ping(rooms)).resolves.toBeUndefined();
    expect(a.ws.closedWith).toBeNull();
    await rooms.close();
  });

  it('pings every socket at each keepalive and drops one that did not answer the last', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const { rooms, join, reviewId } = await setup();
      const a = join(reviewId);
      vi.advanceTimersByTime(Limits.pingIntervalMs);
      expect(a.ws.pings).toBe(1);
      expect(a.ws.terminated).toBe(false);
      vi.advanceTimersByTime(Limits.pingIntervalMs);
      expect(a.ws.terminated).toBe(true);
      await rooms.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('collects garbage once the last open review has unloaded, and not after one loaded again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const holder = globalThis as { gc?: () => void };
    const original = holder.gc;
    const gc = vi.fn<() => void>();
    holder.gc = gc;
    try {
      const { rooms, join, reviewId } = await setup();
      const a = join(reviewId);
      const b = join('review-2');
      await a.ws.frame('step1');
      await b.ws.frame('step1');
      rooms.leave(a.peer, a.room);
      await a.room.closed;
      vi.advanceTimersByTime(1_000);
      rooms.leave(b.peer, b.room);
      await b.room.closed;
      // Counted from the last review's unloading, not from the first one's.
      vi.advanceTimersByTime(1_999);
      expect(gc).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(gc).toHaveBeenCalledTimes(1);
      // A review loads before the second collection is due: it is skipped.
      const again = join(reviewId);
      await again.ws.frame('step1');
      vi.advanceTimersByTime(60_000);
      expect(gc).toHaveBeenCalledTimes(1);
      await rooms.close();
    } finally {
      vi.useRealTimers();
      holder.gc = original;
    }
  });

  it('closes every socket of one credential (4401), tells the other processes, and counts them', async () => {
    const { rooms, join, reviewId, told } = await setup();
    const a = join(reviewId, alice, 'editor', session('s1'));
    const a2 = join('review-2', alice, 'editor', session('s1'));
    const other = join(reviewId, alice, 'editor', session('s2'));
    const none = join(reviewId, bob);
    expect(rooms.closeCredential('s1', 'signed out')).toBe(2);
    expect(told).toEqual([{ kind: 'closeCredential', hash: 's1', reason: 'signed out' }]);
    for (const c of [a, a2]) expect(c.ws.closedWith).toEqual({ code: CloseCode.unauthenticated, reason: 'signed out' });
    expect(other.ws.closedWith).toBeNull();
    expect(none.ws.closedWith).toBeNull();
    expect(a.room.peers.has(a.peer)).toBe(false);
    expect(rooms.connectionsOf(alice.id)).toBe(1);
    await rooms.close();
  });

  it('closes a user’s session sockets, or all of them, and tells the other processes', async () => {
    const { rooms, join, reviewId, told } = await setup();
    const browser = join(reviewId, alice, 'editor', session('s1'));
    const script = join(reviewId, alice, 'editor', token('t1'));
    const anonymous = join(reviewId, alice);
    const other = join(reviewId, bob, 'editor', session('s2'));
    const signedOut = connection(reviewId, null, 'observer');
    rooms.join(signedOut.peer);
    expect(rooms.connectionsOf(alice.id)).toBe(3);
    expect(rooms.closeUser(alice.id, 'password changed', 'sessions')).toBe(1);
    expect(browser.ws.closedWith).toEqual({ code: CloseCode.unauthenticated, reason: 'password changed' });
    expect(script.ws.closedWith).toBeNull();
    expect(anonymous.ws.closedWith).toBeNull();
    expect(rooms.closeUser(alice.id, 'disabled')).toBe(2);
    expect(script.ws.closedWith).toEqual({ code: CloseCode.unauthenticated, reason: 'disabled' });
    expect(anonymous.ws.closedWith).toEqual({ code: CloseCode.unauthenticated, reason: 'disabled' });
    expect(other.ws.closedWith).toBeNull();
    expect(rooms.connectionsOf(alice.id)).toBe(0);
    expect(rooms.connectionsOf(bob.id)).toBe(1);
    expect(signedOut.ws.closedWith).toBeNull();
    expect(told).toEqual([
      { kind: 'closeUser', userId: alice.id, reason: 'password changed', which: 'sessions' },
      { kind: 'closeUser', userId: alice.id, reason: 'disabled', which: 'all' },
    ]);
    await rooms.close();
  });

  it('closes the sockets whose credential the store no longer holds', async () => {
    const { rooms, join, reviewId, store } = await setup();
    await store.access.createUser({
      id: alice.id,
      email: 'alice@example.test',
      name: alice.name,
      isAdmin: false,
      createdAt: new Date().toISOString(),
      passwordHash: 'x',
    });
    await store.access.createSession('kept', alice.id, new Date(Date.now() + 3_600_000).toISOString());
    const kept = join(reviewId, alice, 'editor', session('kept'));
    const gone = join(reviewId, alice, 'editor', session('gone'));
    const plain = join(reviewId, bob);
    expect(await rooms.recheckCredentials()).toBe(1);
    expect(gone.ws.closedWith).toEqual({ code: CloseCode.unauthenticated, reason: 'your session has ended' });
    expect(kept.ws.closedWith).toBeNull();
    expect(plain.ws.closedWith).toBeNull();
    expect(rooms.connectionsOf(alice.id)).toBe(1);
    await rooms.close();
  });

  it('closes a socket when its session ends', async () => {
    const { rooms, join, reviewId } = await setup();
    const ending = join(reviewId, alice, 'editor', session('s1', Date.now() - 1));
    expect(await ending.ws.closing()).toEqual({ code: CloseCode.unauthenticated, reason: 'your session has ended' });
    expect(rooms.connectionsOf(alice.id)).toBe(0);
    await rooms.close();
  });

  it('revokes users’ access to one review (4403), telling the other processes', async () => {
    const { rooms, join, reviewId, told } = await setup();
    const a = join(reviewId);
    const elsewhere = join('review-2');
    const b = join(reviewId, bob);
    rooms.revoke(reviewId, [alice.id], 'removed from the review');
    expect(a.ws.closedWith).toEqual({ code: CloseCode.forbidden, reason: 'removed from the review' });
    expect(elsewhere.ws.closedWith).toBeNull();
    expect(b.ws.closedWith).toBeNull();
    rooms.revoke(reviewId, [], 'nobody');
    rooms.revoke('review-3', [bob.id], 'not open here');
    expect(told).toEqual([
      { kind: 'revoke', reviewId, userIds: [alice.id], reason: 'removed from the review' },
      { kind: 'revoke', reviewId: 'review-3', userIds: [bob.id], reason: 'not open here' },
    ]);
    await rooms.close();
  });

  it('announces a status change to the review’s open room and the other processes', async () => {
    const { rooms, join, reviewId, told, settled } = await setup();
    const a = join(reviewId, alice, 'facilitator');
    a.room.receive(a.peer, clientFrame.meeting({ t: 'hello' }));
    await settled(a);
    const state: ReviewState = {
      status: 'moderation',
      signOffs: [],
      finalisedAt: null,
      finalisedBy: null,
      archivedAt: null,
    };
    rooms.announceState(reviewId, state);
    rooms.announceState('review-2', state);
    expect(a.ws.frames.at(-1)).toEqual({ kind: 'meeting', json: { t: 'review', state } });
    expect(told).toEqual([
      { kind: 'state', reviewId, state },
      { kind: 'state', reviewId: 'review-2', state },
    ]);
    expect(rooms.get('review-2')).toBeUndefined();
    await rooms.close();
  });

  it('changes a review’s document through its room, stored, whether or not anyone is in it', async () => {
    const { rooms, join, reviewId, state } = await setup();
    await rooms.changeDocument(reviewId, (doc) => doc.getMap(Root.meta).set('title', 'Renamed'));
    expect((await state()).getMap(Root.meta).get('title')).toBe('Renamed');
    const a = join(reviewId);
    await a.ws.frame('step1');
    await rooms.changeDocument(reviewId, (doc) => doc.getMap(Root.meta).set('title', 'Again'));
    expect((await state()).getMap(Root.meta).get('title')).toBe('Again');
    expect(a.ws.frames.some((f) => f.kind === 'update')).toBe(true);
    await rooms.close();
  });

  it('gives up changing a document after three rooms in a row closed before storing it', async () => {
    const { rooms, reviewId, store, logged } = await setup();
    let attempts = 0;
    store.appendUpdates = () => {
      attempts++;
      return Promise.reject(new Error('disk full'));
    };
    await expect(rooms.changeDocument(reviewId, (doc) => doc.getMap(Root.meta).set('title', 'x'))).rejects.toThrow(
      `review ${reviewId}: its room kept closing`,
    );
    expect(attempts).toBe(3);
    expect(logged).toHaveLength(3);
    await rooms.close();
  });

  it('closes every socket on a deleted review with the reason, and tells the other processes', async () => {
    const { rooms, join, reviewId, told } = await setup();
    const a = join(reviewId);
    const other = join('review-2');
    rooms.closeReview(reviewId, CloseCode.notFound, 'deleted');
    rooms.closeReview('review-3', CloseCode.notFound, 'never open');
    expect(a.ws.closedWith).toEqual({ code: CloseCode.notFound, reason: 'deleted' });
    expect(other.ws.closedWith).toBeNull();
    expect(told).toEqual([
      { kind: 'closeReview', reviewId, code: CloseCode.notFound, reason: 'deleted' },
      { kind: 'closeReview', reviewId: 'review-3', code: CloseCode.notFound, reason: 'never open' },
    ]);
    await rooms.close();
  });

  it('runs an exclusive change with the room closed (4503) and joins held until it is over', async () => {
    const { rooms, join, reviewId, told } = await setup();
    const a = join(reviewId);
    await a.ws.frame('step1');
    let joined: ReturnType<typeof join> | null = null;
    const result = await rooms.exclusive(reviewId, 'restoring', async () => {
      expect(a.ws.closedWith).toEqual({ code: CloseCode.tryAgain, reason: 'restoring' });
      expect(a.room.isClosed).toBe(true);
      expect(told).toEqual([{ kind: 'holdReview', reviewId, reason: 'restoring' }]);
      joined = join(reviewId, bob);
      return 'done';
    });
    expect(result).toBe('done');
    expect(told).toEqual([
      { kind: 'holdReview', reviewId, reason: 'restoring' },
      { kind: 'releaseReview', reviewId, reason: 'restoring' },
    ]);
    const b = joined as unknown as ReturnType<typeof join>;
    await b.ws.frame('step1');
    expect(b.room).not.toBe(a.room);
    // Without a room open, the change just runs.
    expect(await rooms.exclusive('review-2', 'restoring', () => Promise.resolve(2))).toBe(2);
    await rooms.close();
  });

  it('closes its room (4503) while another process changes the review, and holds joins until it is done', async () => {
    const { rooms, join, reviewId, told } = await setup();
    const a = join(reviewId);
    await a.ws.frame('step1');
    rooms.heard({ kind: 'holdReview', reviewId, reason: 'restoring elsewhere' });
    expect(a.ws.closedWith).toEqual({ code: CloseCode.tryAgain, reason: 'restoring elsewhere' });
    await a.room.closed;
    const b = join(reviewId, bob);
    // Held: the room waits for the other process before it loads.
    rooms.heard({ kind: 'releaseReview', reviewId, reason: 'restoring elsewhere' });
    await b.ws.frame('step1');
    expect(b.ws.closedWith).toBeNull();
    // Released when nothing was held here (the hold had timed out): a room opened meanwhile is closed.
    rooms.heldElsewhere(reviewId, 'late release', true);
    expect(b.ws.closedWith).toEqual({ code: CloseCode.tryAgain, reason: 'late release' });
    // A review with no room here: only its joins are held.
    rooms.heard({ kind: 'holdReview', reviewId: 'review-2', reason: 'elsewhere' });
    rooms.heard({ kind: 'releaseReview', reviewId: 'review-2', reason: 'elsewhere' });
    rooms.heldElsewhere('review-3', 'never held', true);
    // What was heard is told to nobody.
    expect(told).toEqual([]);
    await rooms.close();
  });

  it('loads a room opened while another process holds the review only once that is over and the previous room has stored', async () => {
    const { rooms, join, reviewId, store, rated, settled } = await setup();
    const a = join(reviewId);
    a.room.receive(a.peer, clientFrame.update(await rated(reviewId, 'a')));
    await settled(a);
    const events: string[] = [];
    let finishCompact!: () => void;
    const compact = store.compact.bind(store);
    store.compact = async (...args: Parameters<typeof compact>) => {
      await new Promise<void>((resolve) => (finishCompact = resolve));
      await compact(...args);
      events.push('previous room stored');
    };
    const getReview = store.getReview.bind(store);
    store.getReview = (id) => {
      events.push(`load ${id}`);
      return getReview(id);
    };
    rooms.heard({ kind: 'holdReview', reviewId, reason: 'restoring elsewhere' });
    // Closed, and storing what it holds.
    expect(a.room.isClosed).toBe(true);
    const b = join(reviewId, bob);
    expect(b.room).not.toBe(a.room);
    await turn();
    expect(events).toEqual([]);
    rooms.heard({ kind: 'releaseReview', reviewId, reason: 'restoring elsewhere' });
    events.push('released');
    await turn();
    expect(events).toEqual(['released']);
    finishCompact();
    await b.ws.frame('step1');
    expect(events).toEqual(['released', 'previous room stored', `load ${reviewId}`]);
    // Held again; this time the previous room is gone first, and the hold alone keeps the next one waiting.
    events.length = 0;
    rooms.heard({ kind: 'holdReview', reviewId, reason: 'restoring elsewhere' });
    const c = join(reviewId);
    await b.room.closed;
    await turn();
    expect(events).toEqual([]);
    rooms.heard({ kind: 'releaseReview', reviewId, reason: 'restoring elsewhere' });
    await c.ws.frame('step1');
    expect(events).toEqual([`load ${reviewId}`]);
    await rooms.close();
  });

  it('does what another process tells it without telling it back', async () => {
    const { rooms, join, reviewId, told } = await setup();
    const a = join(reviewId);
    rooms.heard({ kind: 'closeUser', userId: alice.id, reason: 'disabled', which: 'all' });
    expect(a.ws.closedWith).toEqual({ code: CloseCode.unauthenticated, reason: 'disabled' });
    expect(told).toEqual([]);
    // Telling resumes after hearing.
    rooms.closeUser(bob.id, 'x');
    expect(told).toEqual([{ kind: 'closeUser', userId: bob.id, reason: 'x', which: 'all' }]);
    await rooms.close();
  });

  it('works without other processes', async () => {
    const { rooms, join, reviewId, told, fanouts } = await setup(false);
    const a = join(reviewId);
    await a.ws.frame('step1');
    expect(rooms.closeUser(alice.id, 'x')).toBe(1);
    expect(told).toEqual([]);
    expect(fanouts).toEqual([]);
    await rooms.close();
  });

  it('has every open room read the store again after the bus reconnected', async () => {
    const { rooms, join, reviewId, store, state } = await setup();
    const a = join(reviewId);
    await a.ws.frame('step1');
    const doc = await state();
    const before = Y.encodeStateVector(doc);
    doc.getMap(Root.meta).set('title', 'From elsewhere');
    await store.appendUpdates(reviewId, [Y.encodeStateAsUpdate(doc, before)]);
    rooms.rereadAll();
    await a.ws.frame('update');
    await rooms.close();
  });

  it('closes every socket when closing and resolves once every room has unloaded', async () => {
    const { rooms, join, reviewId, rated, settled } = await setup();
    const a = join(reviewId);
    const b = join('review-2');
    a.room.receive(a.peer, clientFrame.update(await rated(reviewId, 'a')));
    await settled(a);
    let unloaded = 0;
    for (const c of [a, b]) void c.room.closed.then(() => unloaded++);
    await rooms.close();
    expect(unloaded).toBe(2);
    for (const c of [a, b]) expect(c.ws.closedWith).toEqual({ code: CloseCode.tryAgain, reason: 'server restarting' });
    expect(a.room.isClosed).toBe(true);
    expect(b.room.isClosed).toBe(true);
    expect(rooms.openCount).toBe(0);
  });
});
