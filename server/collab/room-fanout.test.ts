import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { MeetingEvent } from '../../shared/protocol/meeting.ts';
import type { ReviewState } from '../../shared/protocol/review-record.ts';
import { Root } from '../../shared/review/roots.ts';
import { alice, phasedFramework } from '../../shared/review/test-fixtures.ts';
import { HistoryRecorder } from './history-recorder.ts';
import type { Meeting } from './meeting.ts';
import { Peer } from './peer.ts';
import type { PresenceRelay } from './presence-relay.ts';
import { ReviewLog } from './review-log.ts';
import { applyRemote, publishThrough, type RemoteEvent, type RoomFanout } from './room-fanout.ts';
import { loadReview, type FrameworkLoader } from './room-load.ts';
import { PendingWork, loadedRoom, type LoadedRoom } from './room-messages.ts';
import { storeWithReview } from './test-review.ts';
import { policyOf } from './update-gate.ts';

const frameworks: FrameworkLoader = () => Promise.resolve(phasedFramework);
const editor = policyOf(new Peer(null as unknown as WebSocket, 'review-1', alice, 'editor', true, false), false);

/** What the room's presence relay and meeting were asked to do (they are recorded, not run). */
interface Seen {
  relayedPresence: Uint8Array[];
  announced: MeetingEvent[];
  reloads: number;
  reloaded: number;
  peopleLeft: number;
  reported: unknown[];
}

/** A loaded room of a real stored review (cold, as rooms load), with its presence and meeting recorded. */
async function remoteRoom() {
  const stored = await storeWithReview();
  const log = new ReviewLog(stored.reviewId, null, stored.store, { compactAfter: 100 });
  const review = await loadReview(stored.reviewId, stored.store, log, frameworks, () => []);
  const seen: Seen = { relayedPresence: [], announced: [], reloads: 0, reloaded: 0, peopleLeft: 0, reported: [] };
  const presence = {
    applyRelayed: (message: Uint8Array) => seen.relayedPresence.push(message),
    publish: null,
    onExpired: () => {},
    state: { votersElsewhere: () => new Set(['user-elsewhere']) },
  };
  const meeting = {
    reload: async () => {
      seen.reloads++;
      await Promise.resolve();
      seen.reloaded++;
    },
    announce: (event: MeetingEvent) => seen.announced.push(event),
    peopleLeft: async () => {
      seen.peopleLeft++;
      await Promise.resolve();
      throw new Error('round not closed');
    },
    onChange: () => {},
    votersElsewhere: () => [] as Iterable<string>,
  };
  let firstReport!: (error: unknown) => void;
  const reported = new Promise<unknown>((resolve) => (firstReport = resolve));
  const work = new PendingWork((error) => {
    seen.reported.push(error);
    firstReport(error);
  });
  const room = loadedRoom(
    { ...review, meeting: meeting as unknown as Meeting },
    { presence: presence as unknown as PresenceRelay, work, history: new HistoryRecorder(), log },
    null,
  );
  const relayed: Uint8Array[] = [];
  const apply = (event: RemoteEvent) => applyRemote(event, room, (update) => relayed.push(update));
  return { ...stored, log, room, seen, relayed, apply, reported };
}

/** An edit made on top of everything `room`'s document holds now: another process's, or a client's. */
function editElsewhere(room: LoadedRoom, key: string, level: string): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.warm().doc));
  const before = Y.encodeStateVector(doc);
  doc.getMap(Root.ratings).set(key, level);
  return Y.encodeStateAsUpdate(doc, before);
}

describe('applyRemote', () => {
  it("applies another process's committed update once, commits nothing, and relays it", async () => {
    const { room, log, relayed, apply } = await remoteRoom();
    const update = editElsewhere(room, 't1/c1/p1', 'b');
    await apply({ kind: 'update', seq: 1, update });
    const { doc } = room.warm();
    expect(doc.getMap(Root.ratings).get('t1/c1/p1')).toBe('b');
    expect(relayed).toEqual([update]);
    expect(log.lastSeq).toBe(1);
    expect(log.pending).toBe(false);
    // The same number again (it came twice, or the store was read meanwhile): nothing happens.
    await apply({ kind: 'update', seq: 1, update: editElsewhere(room, 't1/c1/p1', 'c') });
    expect(doc.getMap(Root.ratings).get('t1/c1/p1')).toBe('b');
    expect(relayed).toEqual([update]);
  });

  it("lets the update gate check a client's change built on another process's update", async () => {
    const { room, apply } = await remoteRoom();
    await apply({ kind: 'update', seq: 1, update: editElsewhere(room, 't1/c1/p1', 'b') });
    const touched = room.warm().gate.check(editElsewhere(room, 't1/c1/p1', 'c'), editor, 'client');
    expect(touched.map((t) => `${t.root}:${t.key}`)).toEqual([`${Root.ratings}:t1/c1/p1`]);
  });

  it('reads the store for what it may have missed, and relays only what was new', async () => {
    const { room, log, relayed, apply, store, reviewId } = await remoteRoom();
    // Another process commits two updates this one never heard of.
    const elsewhere = new ReviewLog(reviewId, null, store, { compactAfter: 100 });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await elsewhere.read());
    elsewhere.track(doc);
    doc.getMap(Root.ratings).set('t1/c1/p1', 'b');
    await elsewhere.commit();
    doc.getMap(Root.ratings).set('t2/c2/p2', 'a');
    await elsewhere.commit();
    const before = Y.encodeStateAsUpdate(room.warm().doc);
    await apply({ kind: 'stored' });
    expect(room.warm().doc.getMap(Root.ratings).toJSON()).toEqual({ 't1/c1/p1': 'b', 't2/c2/p2': 'a' });
    expect(log.lastSeq).toBe(2);
    expect(log.pending).toBe(false);
    expect(relayed).toHaveLength(1);
    // What was relayed is exactly what a peer holding the old document lacked.
    const peerDoc = new Y.Doc();
    Y.applyUpdate(peerDoc, before);
    Y.applyUpdate(peerDoc, relayed[0]!);
    expect(peerDoc.getMap(Root.ratings).toJSON()).toEqual({ 't1/c1/p1': 'b', 't2/c2/p2': 'a' });
    expect(Y.encodeStateVector(peerDoc)).toEqual(Y.encodeStateVector(room.warm().doc));
    // The update gate follows too: a client's change on top of it is checked, not held as pending.
    const touched = room.warm().gate.check(editElsewhere(room, 't2/c2/p2', 'b'), editor, 'client');
    expect(touched.map((t) => `${t.root}:${t.key}`)).toEqual([`${Root.ratings}:t2/c2/p2`]);
  });

  it("hands other processes' presence to the presence relay", async () => {
    const { seen, apply } = await remoteRoom();
    const awareness = new Uint8Array([1, 2, 3]);
    await apply({ kind: 'presence', awareness });
    expect(seen.relayedPresence).toEqual([awareness]);
  });

  it("reloads the rounds another process changed, as the batch's work", async () => {
    const { room, seen, apply } = await remoteRoom();
    await apply({ kind: 'meeting' });
    expect(seen.reloads).toBe(1);
    await room.work.settle();
    expect(seen.reloaded).toBe(1);
    expect(seen.reported).toEqual([]);
  });

  it('takes and announces a status another process set', async () => {
    const { room, seen, apply } = await remoteRoom();
    const state = { status: 'final' } as unknown as ReviewState;
    await apply({ kind: 'state', state });
    expect(room.state).toBe(state);
    expect(seen.announced).toEqual([{ t: 'review', state }]);
  });
});

describe('publishThrough', () => {
  it("sends the room's presence and round changes out, and asks the presence who votes elsewhere", async () => {
    const { room, seen, reported } = await remoteRoom();
    const sent: string[] = [];
    const messages: Uint8Array[] = [];
    const fanout: RoomFanout = {
      attach: () => Promise.resolve(),
      committed: () => sent.push('committed'),
      presence: (message) => {
        sent.push('presence');
        messages.push(message);
      },
      meetingChanged: () => sent.push('meeting'),
      detach: () => Promise.resolve(),
    };
    publishThrough(fanout, room);
    const message = new Uint8Array([9]);
    room.presence.publish!(message);
    room.meeting.onChange();
    expect(sent).toEqual(['presence', 'meeting']);
    expect(messages).toEqual([message]);
    expect([...room.meeting.votersElsewhere()]).toEqual(['user-elsewhere']);
    // People whose presence expired elsewhere have left: their rounds are told, outside any batch.
    room.presence.onExpired();
    expect(seen.peopleLeft).toBe(1);
    expect(await reported).toEqual(new Error('round not closed'));
  });
});
