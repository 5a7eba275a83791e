import { describe, expect, it, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { Limits } from '../../shared/protocol/limits.ts';
import { finalRefusal, type ReviewState } from '../../shared/protocol/review-record.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import { reviewModel } from '../../shared/review/model.ts';
import { Root } from '../../shared/review/roots.ts';
import { alice, bob, phasedFramework } from '../../shared/review/test-fixtures.ts';
import type { ReviewLog } from './review-log.ts';
import { GAP_HEAL_MS, type RemoteEvent, type RoomFanout } from './room-fanout.ts';
import { Room } from './room.ts';
import type { FrameworkLoader } from './room-load.ts';
import { clientFrame, connection, presenceAt } from './test-client.ts';
import { storeWithReview } from './test-review.ts';

const frameworks: FrameworkLoader = (id, version) =>
  Promise.resolve(id === phasedFramework.id && version === phasedFramework.version ? phasedFramework : null);

const model = reviewModel(phasedFramework);
const criterion = [...model.phasesOf.keys()][0]!;
const phase = model.phasesOf.get(criterion)![0]!;
const track = phasedFramework.tracks[0]!.id;

const finalState: ReviewState = {
  status: 'final',
  signOffs: [],
  finalisedAt: '2026-01-01T00:00:00.000Z',
  finalisedBy: alice.id,
  archivedAt: null,
};

/** A room over a real in-memory store holding one review with one rating; what it logs is kept. */
async function setup(reviewId?: string) {
  const review = await storeWithReview(phasedFramework, (doc) => doc.getMap(Root.ratings).set('t1/c1/p1', 'b'));
  const logged: string[] = [];
  const room = new Room(reviewId ?? review.reviewId, review.store, frameworks, {
    compactAfter: 100,
    log: (message) => logged.push(message),
  });
  const join = (role: 'facilitator' | 'editor' | 'observer', user = alice) => {
    const client = connection(room.reviewId, user, role);
    room.add(client.peer);
    return client;
  };
  /** An update setting rating t1/c1/p1 to `level` on top of what is stored, as a client sends it. */
  const rating = async (level: string) => {
    const doc = await review.state();
    const before = Y.encodeStateVector(doc);
    doc.getMap(Root.ratings).set('t1/c1/p1', level);
    return Y.encodeStateAsUpdate(doc, before);
  };
  const storedRating = async () => (await review.state()).getMap(Root.ratings).get('t1/c1/p1');
  return { ...review, room, logged, join, rating, storedRating };
}

/** Rating t1/c1/p1 once one frame's update is applied to `base` (by default, nothing). */
function ratingIn(payload: Uint8Array, base = new Y.Doc()): unknown {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  Y.applyUpdate(doc, payload);
  return doc.getMap(Root.ratings).get('t1/c1/p1');
}

// Short: a mutant that hangs the room fails here in seconds, not at the 60 s default.
/** A room's link to other processes that keeps what the room attaches, to hand it their events. */
function otherProcesses(presence: (message: Uint8Array) => void = () => {}) {
  let attached: ((event: RemoteEvent) => void) | undefined;
  const fanout: RoomFanout = {
    attach: (deliver) => {
      attached = deliver;
      return Promise.resolve();
    },
    committed: () => {},
    presence,
    meetingChanged: () => {},
    detach: () => Promise.resolve(),
  };
  const deliver = (event: RemoteEvent) => {
    if (!attached) throw new Error('the room has not attached to the other processes yet');
    attached(event);
  };
  return { fanout, deliver };
}

describe('a room', { timeout: 6_000 }, () => {
  it('answers a joiner with its state vector, the rest on request, and who is present only once someone is', async () => {
    const { room, join, state } = await setup();
    const first = join('editor');
    const step1 = await first.ws.frame('step1');
    expect(step1.payload).toEqual(Y.encodeStateVector(await state()));
    room.receive(first.peer, clientFrame.step1(new Y.Doc()));
    room.receive(first.peer, clientFrame.queryAwareness());
    room.receive(first.peer, clientFrame.saved(1));
    await first.ws.saved(1);
    expect(ratingIn((await first.ws.frame('step2')).payload)).toBe('b');
    // Nobody had announced themselves: no presence was sent, not even on request.
    expect(first.ws.frames.map((f) => f.kind)).toEqual(['step1', 'step2', 'saved']);
    room.receive(first.peer, clientFrame.awareness(presenceAt('t1')));
    // Relayed to everyone, the sender too, once the relay flushes.
    await first.ws.frame('awareness');
    expect(room.isWarm).toBe(false);
    const second = join('observer', bob);
    room.receive(second.peer, clientFrame.saved(1));
    await second.ws.saved(1);
    expect(second.ws.frames.map((f) => f.kind)).toEqual(['step1', 'awareness', 'saved']);
    room.receive(second.peer, clientFrame.queryAwareness());
    room.receive(second.peer, clientFrame.saved(2));
    await second.ws.saved(2);
    expect(second.ws.frames.map((f) => f.kind)).toEqual(['step1', 'awareness', 'saved', 'awareness', 'saved']);
  });

  it('stores an editor’s change, then relays it to everyone else and never back to its author', async () => {
    const { room, join, rating, storedRating, state } = await setup();
    const base = await state();
    const author = join('editor');
    const other = join('observer', bob);
    await author.ws.frame('step1');
    expect(room.isWarm).toBe(false);
    expect(room.committedDoc()).toBeNull();
    room.receive(author.peer, clientFrame.update(await rating('a')));
    room.receive(author.peer, clientFrame.saved(1));
    await author.ws.saved(1);
    expect(await storedRating()).toBe('a');
    expect(ratingIn((await other.ws.frame('update')).payload, base)).toBe('a');
    expect(author.ws.frames.some((f) => f.kind === 'update')).toBe(false);
    expect(room.isWarm).toBe(true);
    expect(room.committedDoc()?.getMap(Root.ratings).get('t1/c1/p1')).toBe('a');
    // A joiner with nothing is answered from the live document.
    room.receive(other.peer, clientFrame.step1(new Y.Doc()));
    room.receive(other.peer, clientFrame.saved(1));
    await other.ws.saved(1);
    expect(ratingIn((await other.ws.frame('step2')).payload)).toBe('a');
  });

  it('answers an observer’s change with a refusal, stores and relays nothing, and keeps it connected', async () => {
    const { room, join, rating, storedRating } = await setup();
    const observer = join('observer', bob);
    const editor = join('editor');
    room.receive(observer.peer, clientFrame.update(await rating('a')));
    room.receive(observer.peer, clientFrame.saved(1));
    await observer.ws.saved(1);
    expect((await observer.ws.frame('denied')).reason).not.toBe('');
    expect(observer.ws.closedWith).toBeNull();
    expect(await storedRating()).toBe('b');
    room.receive(editor.peer, clientFrame.saved(1));
    await editor.ws.saved(1);
    expect(editor.ws.frames.some((f) => f.kind === 'update')).toBe(false);
    expect(room.committedDoc()?.getMap(Root.ratings).get('t1/c1/p1')).toBe('b');
  });

  it('does not build the document for a reply to step 1 that adds nothing', async () => {
    const { room, join, state } = await setup();
    const observer = join('observer', bob);
    room.receive(observer.peer, clientFrame.update(Y.encodeStateAsUpdate(await state())));
    room.receive(observer.peer, clientFrame.saved(1));
    await observer.ws.saved(1);
    expect(room.isWarm).toBe(false);
    expect(observer.ws.frames.some((f) => f.kind === 'denied')).toBe(false);
  });

  it('closes an editor whose change the framework refuses (4422), storing and relaying nothing', async () => {
    const { room, join, rating, storedRating } = await setup();
    const editor = join('editor');
    const other = join('editor', bob);
    room.receive(editor.peer, clientFrame.update(await rating('not-a-level')));
    const closed = await editor.ws.closing();
    expect(closed.code).toBe(CloseCode.invalidUpdate);
    expect(closed.reason).toContain('not-a-level');
    room.receive(other.peer, clientFrame.saved(1));
    await other.ws.saved(1);
    expect(other.ws.frames.some((f) => f.kind === 'update')).toBe(false);
    expect(await storedRating()).toBe('b');
    // Closed and gone from the room: what it still sends is ignored.
    room.receive(editor.peer, clientFrame.saved(9));
    room.receive(other.peer, clientFrame.saved(2));
    await other.ws.saved(2);
    expect(editor.ws.frames.some((f) => f.kind === 'saved')).toBe(false);
  });

  it('refuses every change to a final review, and every meeting action but hello', async () => {
    const { room, join, rating, storedRating } = await setup();
    const editor = join('facilitator');
    const observer = join('observer', bob);
    room.receive(editor.peer, clientFrame.meeting({ t: 'hello' }));
    room.receive(editor.peer, clientFrame.saved(1));
    await editor.ws.saved(1);
    room.setState(finalState);
    const announced = await editor.ws.until('the final status announced', () =>
      editor.ws.frames.find(
        (f) => f.kind === 'meeting' && f.json.t === 'review' && (f.json.state as ReviewState).status === 'final',
      ),
    );
    expect(announced).toMatchObject({ json: { t: 'review', state: { status: 'final' } } });
    room.receive(observer.peer, clientFrame.update(await rating('a')));
    room.receive(observer.peer, clientFrame.saved(1));
    await observer.ws.saved(1);
    expect(await observer.ws.frame('denied')).toMatchObject({ reason: finalRefusal });
    const from = editor.ws.frames.length;
    room.receive(editor.peer, clientFrame.meeting({ t: 'open', criterion, phase, track, autoReveal: false }));
    expect(await editor.ws.frame('meeting', from)).toEqual({
      kind: 'meeting',
      json: { t: 'error', message: finalRefusal },
    });
    room.receive(editor.peer, clientFrame.update(await rating('a')));
    expect(await editor.ws.closing()).toEqual({ code: CloseCode.invalidUpdate, reason: finalRefusal });
    expect(await storedRating()).toBe('b');
  });

  it('keeps a status announced while loading, over the one it loads', async () => {
    const { room, join } = await setup();
    room.setState(finalState);
    const facilitator = join('facilitator');
    room.receive(facilitator.peer, clientFrame.meeting({ t: 'hello' }));
    room.receive(facilitator.peer, clientFrame.saved(1));
    await facilitator.ws.saved(1);
    const meeting = facilitator.ws.frames.filter((f) => f.kind === 'meeting').map((f) => f.json);
    expect(meeting).toEqual([
      { t: 'rounds', rounds: [] },
      { t: 'review', state: finalState },
    ]);
  });

  it('opens a silent round for a facilitator, and answers a bad meeting request with what is wrong', async () => {
    const { room, join, logged, store } = await setup();
    const facilitator = join('facilitator');
    room.receive(facilitator.peer, clientFrame.meeting({ t: 'hello' }));
    room.receive(facilitator.peer, clientFrame.meeting({ t: 'open', criterion, phase, track, autoReveal: false }));
    room.receive(facilitator.peer, clientFrame.saved(1));
    await facilitator.ws.saved(1);
    const meeting = facilitator.ws.frames.filter((f) => f.kind === 'meeting').map((f) => f.json);
    expect(meeting.map((m) => m.t)).toEqual(['rounds', 'round', 'review']);
    expect(meeting[2]).toMatchObject({ t: 'review', state: { status: 'draft' } });
    const from = facilitator.ws.frames.length;
    room.receive(facilitator.peer, clientFrame.meeting({ t: 'nonsense' }));
    const error = await facilitator.ws.frame('meeting', from);
    expect(error.json.t).toBe('error');
    expect(error.json.message).toMatch(/^bad meeting request: t /);
    // A meeting action that fails is reported, and the room goes on.
    store.meeting.closeRound = () => Promise.reject(new Error('disk full'));
    const round = (meeting[1] as unknown as { round: { id: string } }).round.id;
    room.receive(facilitator.peer, clientFrame.meeting({ t: 'close', round, agreed: null }));
    room.receive(facilitator.peer, clientFrame.saved(2));
    await facilitator.ws.saved(2);
    expect(logged).toEqual([`review ${room.reviewId}: meeting action failed`]);
    expect(facilitator.ws.closedWith).toBeNull();
  });

  it('closes a connection that sends what cannot be read (4400) or too much presence (4413)', async () => {
    const { room, join, logged } = await setup();
    const garbled = join('editor');
    room.receive(garbled.peer, new Uint8Array([250, 1]));
    expect(await garbled.ws.closing()).toMatchObject({ code: CloseCode.malformed });
    const chatty = join('editor');
    room.receive(chatty.peer, clientFrame.awareness(presenceAt('x'.repeat(Limits.maxAwarenessBytes))));
    expect(await chatty.ws.closing()).toEqual({ code: CloseCode.tooLarge, reason: 'presence state too large' });
    const broken = join('editor');
    room.receive(broken.peer, clientFrame.update(new Uint8Array([1, 2, 3, 4])));
    expect(await broken.ws.closing()).toMatchObject({ code: CloseCode.malformed });
    expect(logged).toEqual([]);
  });

  it('reports a fault that is not a refusal and closes the sender as malformed', async () => {
    const { room, join, logged } = await setup();
    const editor = join('editor');
    await editor.ws.frame('step1');
    const presence = room.presence as unknown as { apply: () => void };
    presence.apply = () => {
      throw new TypeError('a bug');
    };
    room.receive(editor.peer, clientFrame.awareness(presenceAt('t1')));
    expect(await editor.ws.closing()).toEqual({
      code: CloseCode.malformed,
      reason: 'the message could not be processed',
    });
    expect(logged).toEqual([`review ${room.reviewId}: message from peer ${editor.peer.id} failed`]);
  });

  it('refuses an editor’s change once the review is at its size limit, but not the observer’s refusal', async () => {
    const { room, join, rating } = await setup();
    const editor = join('editor');
    const observer = join('observer', bob);
    await editor.ws.frame('step1');
    (room as unknown as { log: ReviewLog }).log.approxBytes = Limits.maxDocumentBytes + 1;
    room.receive(observer.peer, clientFrame.update(await rating('a')));
    room.receive(observer.peer, clientFrame.saved(1));
    await observer.ws.saved(1);
    expect(observer.ws.closedWith).toBeNull();
    room.receive(editor.peer, clientFrame.update(await rating('a')));
    expect(await editor.ws.closing()).toEqual({
      code: CloseCode.tooLarge,
      reason: `this review has reached its size limit of ${Limits.maxDocumentBytes} bytes`,
    });
  });

  it('closes a connection over its rate or sending a frame over the size limit before queueing it', async () => {
    const { room, join } = await setup();
    const large = join('editor');
    room.receive(large.peer, new Uint8Array(Limits.maxMessageBytes + 1));
    expect(await large.ws.closing()).toMatchObject({ code: CloseCode.tooLarge });
    const fast = join('editor', bob);
    while (fast.peer.allowMessage());
    room.receive(fast.peer, clientFrame.saved(1));
    expect(await fast.ws.closing()).toMatchObject({ code: CloseCode.rateLimited });
    expect(fast.ws.frames.some((f) => f.kind === 'saved')).toBe(false);
    // Both gone, the room unloads.
    await room.closed;
    expect(room.isClosed).toBe(true);
  });

  it('closes everyone with 4500 when the store refuses an update, and relays it to nobody', async () => {
    const { room, join, rating, store, logged } = await setup();
    const author = join('editor');
    const other = join('editor', bob);
    await author.ws.frame('step1');
    store.appendUpdates = () => Promise.reject(new Error('disk full'));
    room.receive(author.peer, clientFrame.update(await rating('a')));
    room.receive(author.peer, clientFrame.saved(1));
    const refused = { code: CloseCode.serverError, reason: 'the server could not save' };
    expect(await author.ws.closing()).toEqual(refused);
    expect(await other.ws.closing()).toEqual(refused);
    await room.closed;
    expect(room.isClosed).toBe(true);
    expect(other.ws.frames.some((f) => f.kind === 'update')).toBe(false);
    expect(author.ws.frames.some((f) => f.kind === 'saved')).toBe(false);
    expect(logged).toEqual([`review ${room.reviewId}: storing an update failed`]);
    expect(room.committedDoc()).toBeNull();
    expect(await room.serverChange(() => {})).toBe(false);
  });

  it('tells a server change it was not stored when the store refuses it', async () => {
    const { room, join, store } = await setup();
    const editor = join('editor');
    await editor.ws.frame('step1');
    store.appendUpdates = () => Promise.reject(new Error('disk full'));
    const stored = room.serverChange((doc) => doc.getMap(Root.ratings).set('t1/c1/p1', 'a'));
    expect(await stored).toBe(false);
  });

  it('closes everyone for good (4404) when the review does not exist, logging nothing', async () => {
    const { room, join, logged } = await setup('no-such-review');
    const client = join('editor');
    expect(await client.ws.closing()).toEqual({ code: CloseCode.notFound, reason: 'no such review' });
    await room.closed;
    expect(logged).toEqual([]);
  });

  it('closes everyone with 4500 and logs it when loading fails for a moment', async () => {
    const { store, reviewId } = await storeWithReview(phasedFramework);
    store.loadDocument = () => Promise.reject(new Error('database is locked'));
    const logged: string[] = [];
    const room = new Room(reviewId, store, frameworks, { compactAfter: 100, log: (m) => logged.push(m) });
    const client = connection(reviewId, alice, 'editor');
    room.add(client.peer);
    expect(await client.ws.closing()).toEqual({
      code: CloseCode.serverError,
      reason: 'the review could not be loaded',
    });
    expect(logged).toEqual([`review ${reviewId} failed to load`]);
  });

  it('stores a server change and relays it to everyone, and then unloads when nobody is there', async () => {
    const { room, join, storedRating, state } = await setup();
    const base = await state();
    const editor = join('editor');
    await editor.ws.frame('step1');
    expect(await room.serverChange((doc) => doc.getMap(Root.ratings).set('t1/c1/p1', 'a'))).toBe(true);
    expect(await storedRating()).toBe('a');
    expect(ratingIn((await editor.ws.frame('update')).payload, base)).toBe('a');
    room.remove(editor.peer);
    await room.closed;
    expect(room.isClosed).toBe(true);
    expect(await storedRating()).toBe('a');
  });

  it('an empty room given a server change stores it and unloads', async () => {
    const { room, storedRating } = await setup();
    expect(await room.serverChange((doc) => doc.getMap(Root.ratings).set('t1/c1/p1', 'c'))).toBe(true);
    await room.closed;
    expect(await storedRating()).toBe('c');
  });

  it('evicts everyone with the reason given, stores what it holds and unloads', async () => {
    const { room, join, rating, store, reviewId, storedRating } = await setup();
    const a = join('editor');
    const b = join('observer', bob);
    room.receive(a.peer, clientFrame.update(await rating('a')));
    room.receive(a.peer, clientFrame.saved(1));
    await a.ws.saved(1);
    room.evict(CloseCode.tryAgain, 'server restarting');
    expect(a.ws.closedWith).toEqual({ code: CloseCode.tryAgain, reason: 'server restarting' });
    expect(b.ws.closedWith).toEqual({ code: CloseCode.tryAgain, reason: 'server restarting' });
    await room.closed;
    expect(room.isClosed).toBe(true);
    expect(room.peers.size).toBe(0);
    expect(await storedRating()).toBe('a');
    // Unloading compacted the log into the snapshot.
    expect(await store.pendingUpdates(reviewId)).toBe(0);
  });

  it('evicts only the users named', async () => {
    const { room, join } = await setup();
    const a = join('editor');
    const b = join('editor', bob);
    const anonymous = connection(room.reviewId, null, 'observer');
    room.add(anonymous.peer);
    room.receive(b.peer, clientFrame.saved(1));
    await b.ws.saved(1);
    room.evictUsers(new Set([alice.id]), CloseCode.forbidden, 'access removed');
    expect(a.ws.closedWith).toEqual({ code: CloseCode.forbidden, reason: 'access removed' });
    expect(b.ws.closedWith).toBeNull();
    expect(anonymous.ws.closedWith).toBeNull();
    expect([...room.peers]).toEqual([b.peer, anonymous.peer]);
    expect(room.isClosed).toBe(false);
  });

  it('tells everyone left when a person leaves, and ignores a peer it does not hold', async () => {
    const { room, join } = await setup();
    const leaving = join('editor');
    const staying = join('editor', bob);
    room.receive(leaving.peer, clientFrame.awareness(presenceAt('t1')));
    room.receive(leaving.peer, clientFrame.saved(1));
    await leaving.ws.saved(1);
    const seen = staying.ws.frames.length;
    room.remove(leaving.peer);
    await staying.ws.frame('awareness', seen);
    const stranger = connection(room.reviewId, alice, 'editor');
    room.remove(stranger.peer);
    expect(room.peers.size).toBe(1);
    expect(room.isClosed).toBe(false);
  });

  it('reads what was committed to the store behind its back when asked to', async () => {
    const { room, join, store, reviewId, state } = await setup();
    const editor = join('editor');
    await editor.ws.frame('step1');
    const base = await state();
    const doc = await state();
    const before = Y.encodeStateVector(doc);
    new ReviewDoc(doc, phasedFramework).setRating('t1', 'c1', 'p1', 'c');
    await store.appendUpdates(reviewId, [Y.encodeStateAsUpdate(doc, before)]);
    room.reread();
    expect(ratingIn((await editor.ws.frame('update')).payload, base)).toBe('c');
  });

  it('answers whether it is warm, and has no committed document, before it has loaded', async () => {
    const { room } = await setup();
    expect(room.isWarm).toBe(false);
    expect(room.committedDoc()).toBeNull();
    await room.ready;
  });

  it('unloads at once when evicted before it has loaded, storing nothing', async () => {
    const { room, store, reviewId } = await setup();
    const before = await store.pendingUpdates(reviewId);
    room.evict(CloseCode.tryAgain, 'restart');
    await room.closed;
    expect(room.isClosed).toBe(true);
    expect(await store.pendingUpdates(reviewId)).toBe(before);
  });

  it('destroys its document when it unloads', async () => {
    const { room, join, rating } = await setup();
    const editor = join('editor');
    room.receive(editor.peer, clientFrame.update(await rating('a')));
    room.receive(editor.peer, clientFrame.saved(1));
    await editor.ws.saved(1);
    const doc = room.committedDoc()!;
    room.evict(CloseCode.tryAgain, 'restart');
    await room.closed;
    expect(doc.isDestroyed).toBe(true);
  });

  it('stays open while anyone is in it', async () => {
    const { room, join } = await setup();
    const editor = join('editor');
    room.receive(editor.peer, clientFrame.saved(1));
    await editor.ws.saved(1);
    room.receive(editor.peer, clientFrame.saved(2));
    await editor.ws.saved(2);
    expect(room.isClosed).toBe(false);
  });

  it('drops what a connection sent once it has left the room', async () => {
    const { room, join, rating, storedRating } = await setup();
    const leaving = join('editor');
    const staying = join('editor', bob);
    await leaving.ws.frame('step1');
    room.receive(leaving.peer, clientFrame.update(await rating('a')));
    room.remove(leaving.peer);
    room.receive(staying.peer, clientFrame.saved(1));
    await staying.ws.saved(1);
    expect(await storedRating()).toBe('b');
    expect(staying.ws.frames.some((f) => f.kind === 'update')).toBe(false);
  });

  it('handles the next batch only once the one before is stored', async () => {
    const { room, join, rating, store } = await setup();
    const author = join('editor');
    const other = join('editor', bob);
    await other.ws.frame('step1');
    const append = store.appendUpdates.bind(store);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let appending!: () => void;
    const appendCalled = new Promise<void>((resolve) => (appending = resolve));
    store.appendUpdates = async (...args) => {
      appending();
      await released;
      return append(...args);
    };
    room.receive(author.peer, clientFrame.update(await rating('a')));
    await appendCalled;
    room.receive(other.peer, clientFrame.saved(1));
    // One turn of the event loop: the queue's drain for the second frame has run (and must wait).
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await other.ws.saved(1);
    const kinds = other.ws.frames.map((f) => f.kind);
    expect(kinds.indexOf('update')).toBeGreaterThan(-1);
    expect(kinds.indexOf('update')).toBeLessThan(kinds.indexOf('saved'));
  });

  it('reveals a silent round at the last vote of everyone present, and when the last one yet to vote leaves', async () => {
    const { room, join } = await setup();
    const facilitator = join('facilitator');
    const editor = join('editor', bob);
    room.receive(facilitator.peer, clientFrame.meeting({ t: 'hello' }));
    room.receive(facilitator.peer, clientFrame.meeting({ t: 'open', criterion, phase, track, autoReveal: true }));
    room.receive(facilitator.peer, clientFrame.saved(1));
    await facilitator.ws.saved(1);
    const opened = facilitator.ws.frames.find((f) => f.kind === 'meeting' && f.json.t === 'round');
    const id = (opened as unknown as { json: { round: { id: string } } }).json.round.id;
    const level = [...model.ratingValues][0]!;
    room.receive(facilitator.peer, clientFrame.meeting({ t: 'vote', round: id, level }));
    room.receive(facilitator.peer, clientFrame.saved(2));
    await facilitator.ws.saved(2);
    const statuses = () =>
      facilitator.ws.frames.flatMap((f) =>
        f.kind === 'meeting' && f.json.t === 'round' ? [(f.json.round as { status: string }).status] : [],
      );
    expect(statuses()).toEqual(['open', 'open']);
    room.remove(editor.peer);
    await facilitator.ws.until('the round revealed', () => (statuses().includes('revealed') ? true : undefined));
  });

  it('works without a logger: failures still close whoever they must', async () => {
    const quiet = await storeWithReview(phasedFramework);
    const room = new Room(quiet.reviewId, quiet.store, frameworks, { compactAfter: 100 });
    const facilitator = connection(quiet.reviewId, alice, 'facilitator');
    room.add(facilitator.peer);
    room.receive(facilitator.peer, clientFrame.meeting({ t: 'hello' }));
    room.receive(facilitator.peer, clientFrame.meeting({ t: 'open', criterion, phase, track, autoReveal: false }));
    quiet.store.meeting.openRound = () => Promise.reject(new Error('disk full'));
    room.receive(facilitator.peer, clientFrame.saved(1));
    await facilitator.ws.saved(1);
    const faulty = connection(quiet.reviewId, bob, 'editor');
    room.add(faulty.peer);
    (room.presence as unknown as { apply: () => void }).apply = () => {
      throw new TypeError('a bug');
    };
    room.receive(faulty.peer, clientFrame.awareness(presenceAt('t1')));
    expect(await faulty.ws.closing()).toMatchObject({ code: CloseCode.malformed });
    quiet.store.appendUpdates = () => Promise.reject(new Error('disk full'));
    expect(await room.serverChange((doc) => doc.getMap(Root.ratings).set('t1/c1/p1', 'a'))).toBe(false);
    expect(await facilitator.ws.closing()).toMatchObject({ code: CloseCode.serverError });

    const failing = await storeWithReview(phasedFramework);
    failing.store.loadDocument = () => Promise.reject(new Error('database is locked'));
    const unloadable = new Room(failing.reviewId, failing.store, frameworks, { compactAfter: 100 });
    const joiner = connection(failing.reviewId, alice, 'editor');
    unloadable.add(joiner.peer);
    expect(await joiner.ws.closing()).toMatchObject({ code: CloseCode.serverError });
  });

  it('with other processes: takes their commits, heals a gap from the store, and publishes presence', async () => {
    const { store, reviewId, state } = await storeWithReview(phasedFramework);
    const published: Uint8Array[] = [];
    let onPublish = () => {};
    const { fanout, deliver } = otherProcesses((message) => {
      published.push(message);
      onPublish();
    });
    const room = new Room(reviewId, store, frameworks, { compactAfter: 100, fanout: () => fanout });
    const client = connection(reviewId, alice, 'editor');
    room.add(client.peer);
    await client.ws.frame('step1');
    // Another process commits two updates from two clients; only the second reaches this one.
    const base = await state();
    const first = await state();
    first.getMap(Root.meta).set('title', 'First');
    const second = await state();
    second.getMap(Root.ratings).set('t1/c1/p1', 'c');
    const firstUpdate = Y.encodeStateAsUpdate(first, Y.encodeStateVector(base));
    const secondUpdate = Y.encodeStateAsUpdate(second, Y.encodeStateVector(base));
    await store.appendUpdates(reviewId, [firstUpdate]);
    const seq = await store.appendUpdates(reviewId, [secondUpdate]);
    deliver({ kind: 'update', seq, update: secondUpdate });
    const titled = () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
      for (const f of client.ws.frames) if (f.kind === 'update') Y.applyUpdate(doc, f.payload);
      return doc.getMap(Root.meta).get('title') === 'First' ? doc : undefined;
    };
    const healed = await client.ws.until('the missing commit read from the store', titled);
    expect(healed.getMap(Root.ratings).get('t1/c1/p1')).toBe('c');
    const publishing = new Promise<void>((resolve) => (onPublish = resolve));
    room.receive(client.peer, clientFrame.awareness(presenceAt('t1')));
    await publishing;
    expect(published).toHaveLength(1);
  });

  it('with other processes: reads the store for no commit that arrived in order, nor for a gap healed in time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { store, reviewId, state } = await storeWithReview(phasedFramework);
      const { fanout, deliver } = otherProcesses();
      const room = new Room(reviewId, store, frameworks, { compactAfter: 100, fanout: () => fanout });
      const client = connection(reviewId, alice, 'editor');
      room.add(client.peer);
      await client.ws.frame('step1');
      // Three commits by another process, each setting the title.
      const base = await state();
      const commits: RemoteEvent[] = [];
      for (const title of ['First', 'Second', 'Third']) {
        const doc = await state();
        const before = Y.encodeStateVector(doc);
        doc.getMap(Root.meta).set('title', title);
        const update = Y.encodeStateAsUpdate(doc, before);
        commits.push({ kind: 'update', seq: await store.appendUpdates(reviewId, [update]), update });
      }
      let reads = 0;
      const loadDocument = store.loadDocument.bind(store);
      store.loadDocument = (id) => (reads++, loadDocument(id));
      /** Resolves once the room has handled everything before it. */
      let token = 0;
      const handled = async () => {
        room.receive(client.peer, clientFrame.saved(++token));
        await client.ws.saved(token);
      };
      deliver(commits[0]!);
      await handled();
      vi.advanceTimersByTime(GAP_HEAL_MS);
      await handled();
      expect(reads).toBe(0);
      // The third arrives before the second, which arrives before the store would be read for it.
      deliver(commits[2]!);
      await handled();
      vi.advanceTimersByTime(GAP_HEAL_MS - 1);
      deliver(commits[1]!);
      await handled();
      vi.advanceTimersByTime(GAP_HEAL_MS);
      await handled();
      expect(reads).toBe(0);
      // The client was relayed each commit as it came: its document ends as the store's.
      const updates = client.ws.frames.flatMap((f) => (f.kind === 'update' ? [f.payload] : []));
      expect(updates).toHaveLength(3);
      for (const update of updates) Y.applyUpdate(base, update);
      expect(base.getMap(Root.meta).get('title')).toBe('Third');
      room.evict(CloseCode.tryAgain, 'done');
      await room.closed;
    } finally {
      vi.useRealTimers();
    }
  });

  it('takes presence and an editor’s change exactly at their limits', async () => {
    const { room, join, rating, storedRating } = await setup();
    const editor = join('editor');
    // One client padding its state a character (one byte) at a time, from just under the limit, so
    // neither its clock's nor the state's length prefix grows a byte meanwhile.
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    let size = Limits.maxAwarenessBytes - 100;
    let update: Uint8Array = new Uint8Array();
    while (update.byteLength < Limits.maxAwarenessBytes) {
      awareness.setLocalStateField('at', 'x'.repeat(size++));
      update = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
    }
    awareness.destroy();
    expect(update.byteLength).toBe(Limits.maxAwarenessBytes);
    room.receive(editor.peer, clientFrame.awareness(update));
    await editor.ws.frame('step1');
    (room as unknown as { log: ReviewLog }).log.approxBytes = Limits.maxDocumentBytes;
    room.receive(editor.peer, clientFrame.update(await rating('a')));
    room.receive(editor.peer, clientFrame.saved(1));
    await editor.ws.saved(1);
    expect(editor.ws.closedWith).toBeNull();
    expect(await storedRating()).toBe('a');
  });

  it('closes an observer whose update cannot be decoded (4400), rather than answering it', async () => {
    const { room, join } = await setup();
    const observer = join('observer', bob);
    room.receive(observer.peer, clientFrame.update(new Uint8Array([1, 2, 3, 4])));
    expect(await observer.ws.closing()).toMatchObject({ code: CloseCode.malformed });
    expect(observer.ws.frames.some((f) => f.kind === 'denied')).toBe(false);
  });

  it('works for a review with no status record', async () => {
    const { store, reviewId, state } = await storeWithReview(phasedFramework);
    store.records.state = () => Promise.resolve(null);
    const room = new Room(reviewId, store, frameworks, { compactAfter: 100 });
    const facilitator = connection(reviewId, alice, 'facilitator');
    room.add(facilitator.peer);
    const doc = await state();
    const before = Y.encodeStateVector(doc);
    doc.getMap(Root.ratings).set('t1/c1/p1', 'a');
    room.receive(facilitator.peer, clientFrame.update(Y.encodeStateAsUpdate(doc, before)));
    room.receive(facilitator.peer, clientFrame.meeting({ t: 'hello' }));
    room.receive(facilitator.peer, clientFrame.meeting({ t: 'open', criterion, phase, track, autoReveal: false }));
    room.receive(facilitator.peer, clientFrame.saved(1));
    await facilitator.ws.saved(1);
    expect(facilitator.ws.closedWith).toBeNull();
    expect((await state()).getMap(Root.ratings).get('t1/c1/p1')).toBe('a');
    const meeting = facilitator.ws.frames.filter((f) => f.kind === 'meeting').map((f) => f.json.t);
    expect(meeting).toEqual(['rounds', 'round']);
  });
});
