import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import { reviewModel } from '../../shared/review/model.ts';
import { Root } from '../../shared/review/roots.ts';
import { alice, copyOf, phasedFramework, skeletonDoc } from '../../shared/review/test-fixtures.ts';
import { SqliteStore } from '../store/sqlite.ts';
import { ColdState } from './cold-state.ts';
import { syncStep1, syncStep2 } from './messages.ts';
import { ReviewLog } from './review-log.ts';
import { openStored } from './stored-review.ts';
import { policyOf } from './update-gate.ts';
import { Peer } from './peer.ts';
import type { WebSocket } from 'ws';
import { WarmState, warmUp } from './warm-state.ts';

const model = reviewModel(phasedFramework);
const nothing = () => Y.encodeStateVector(new Y.Doc());
// The gate never touches the socket; the peer only carries role and user.
const editor = policyOf(new Peer(null as unknown as WebSocket, 'review-1', alice, 'editor', true, false), false);

/** A stored review with one rating, cold, and the log a room would keep for it. */
function setup() {
  const stored = skeletonDoc(phasedFramework);
  stored.getMap(Root.ratings).set('t1/c1/p1', 'b');
  const cold = new ColdState(openStored([Y.encodeStateAsUpdate(stored)]));
  const log = new ReviewLog('review-1', null, new SqliteStore(':memory:'), { compactAfter: 100 });
  return { stored, cold, log };
}

describe('WarmState', () => {
  it('builds the document from the cold state, with nothing for the log to commit until it changes', () => {
    const { cold, log } = setup();
    const warm = new WarmState(cold, log, model);
    expect(warm.doc.getMap(Root.ratings).get('t1/c1/p1')).toBe('b');
    expect(log.pending).toBe(false);
    warm.doc.getMap(Root.ratings).set('t1/c1/p2', 'a');
    expect(log.pending).toBe(true);
  });

  it('checks an update against the stored document with its gate', () => {
    const { stored, cold, log } = setup();
    const warm = new WarmState(cold, log, model);
    const client = copyOf(stored);
    new ReviewDoc(client, phasedFramework).setRating('t1', 'c1', 'p1', 'a');
    const touched = warm.gate.check(Y.encodeStateAsUpdate(client, cold.stateVector), editor, 'client');
    expect(touched.map((t) => `${t.root}:${t.key}`)).toEqual([`${Root.ratings}:t1/c1/p1`]);
  });

  it('answers step 1 and a joiner with part of the document from the live document', () => {
    const { stored, cold, log } = setup();
    const warm = new WarmState(cold, log, model);
    const joiner = copyOf(stored);
    warm.doc.getMap(Root.ratings).set('t1/c1/p2', 'a');
    expect(warm.step1()).toEqual(syncStep1(warm.doc));
    const reply = warm.step2(Y.encodeStateVector(joiner));
    expect(reply).toEqual(syncStep2(warm.doc, Y.encodeStateVector(joiner)));
    expect(reply.byteLength).toBeLessThan(warm.step2(nothing()).byteLength);
  });

  it('sends joiners with nothing one cached frame until the document changes or the burst is over', () => {
    const { cold, log } = setup();
    const warm = new WarmState(cold, log, model);
    const first = warm.step2(nothing());
    expect(first).toEqual(syncStep2(warm.doc, nothing()));
    expect(warm.step2(nothing())).toBe(first);
    warm.doc.getMap(Root.ratings).set('t1/c1/p2', 'a');
    const changed = warm.step2(nothing());
    expect(changed).toEqual(syncStep2(warm.doc, nothing()));
    expect(changed).not.toEqual(first);
    warm.forget();
    const again = warm.step2(nothing());
    expect(again).not.toBe(changed);
    expect(again).toEqual(changed);
  });

  it('destroys its document when the room unloads', () => {
    const { cold, log } = setup();
    const warm = new WarmState(cold, log, model);
    warm.destroy();
    expect(warm.doc.isDestroyed).toBe(true);
  });
});

describe('warmUp', () => {
  it('builds a cold room’s document once, and hands a warm room’s back as it is', () => {
    const { cold, log } = setup();
    const room: { document: ColdState | WarmState } = { document: cold };
    const warm = warmUp(room, log, model);
    expect(warm).toBeInstanceOf(WarmState);
    expect(room.document).toBe(warm);
    expect(warm.doc.getMap(Root.ratings).get('t1/c1/p1')).toBe('b');
    expect(warmUp(room, log, model)).toBe(warm);
    expect(room.document).toBe(warm);
  });
});
