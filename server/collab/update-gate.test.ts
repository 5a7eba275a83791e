import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { finalRefusal } from '../../shared/protocol/review-record.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import { reviewModel } from '../../shared/review/model.ts';
import { Root } from '../../shared/review/roots.ts';
import { alice, copyOf, phasedFramework, skeletonDoc } from '../../shared/review/test-fixtures.ts';
import { Peer } from './peer.ts';
import { Refusal } from './refusal.ts';
import { UpdateGate, policyOf } from './update-gate.ts';

// The gate never touches the socket; the peers here only carry role and user.
const peer = (role: 'facilitator' | 'editor' | 'observer') =>
  new Peer(null as unknown as WebSocket, 'review-1', alice, role, role !== 'observer', role === 'facilitator');
const editor = policyOf(peer('editor'), false);

/** The server's document, a gate over it and a client holding a copy. */
function setup() {
  const server = skeletonDoc(phasedFramework);
  const gate = new UpdateGate(server, reviewModel(phasedFramework));
  const client = copyOf(server);
  const review = new ReviewDoc(client, phasedFramework);
  /** What the client has that the server's real document lacks, as the client would send it. */
  const update = () => Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
  return { server, gate, client, review, update };
}

/** Another process's copy of the review: its focus text t1/c2 and the updates it makes there, in order. */
function elsewhereOf(server: Y.Doc) {
  const elsewhere = copyOf(server);
  const remote: Uint8Array[] = [];
  elsewhere.on('update', (u: Uint8Array) => remote.push(u));
  return { focus: new ReviewDoc(elsewhere, phasedFramework).focus('t1', 'c2'), remote };
}

/** The refusal `check` throws; fails the test when it throws nothing or something else. */
function refusal(check: () => unknown): Refusal {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(Refusal);
    return error as Refusal;
  }
  throw new Error('the update was allowed');
}

describe('UpdateGate', () => {
  it('returns the keys an allowed update touches, and leaves the real document as it was', () => {
    const { server, gate, review, update } = setup();
    review.setRating('t1', 'c1', 'p1', 'b');
    review.focus('t1', 'c2').insert(0, 'Raise attainment');
    const touched = gate.check(update(), editor, 'client');
    expect(touched.map((t) => `${t.root}:${t.key}`).sort()).toEqual([
      `${Root.focus}:t1/c2`,
      `${Root.ratings}:t1/c1/p1`,
    ]);
    expect(server.getMap(Root.ratings).get('t1/c1/p1')).toBeUndefined();
  });

  it('refuses a change the framework does not allow with 4422 and a reason naming it', () => {
    const { gate, client, update } = setup();
    // Past the typed accessor, as a client without validators would write it.
    client.getMap(Root.ratings).set('t1/c1/p1', 'not-a-level');
    const refused = refusal(() => gate.check(update(), editor, 'client'));
    expect(refused.code).toBe(CloseCode.invalidUpdate);
    expect(refused.reason).toContain('not-a-level');
  });

  it("keeps nothing of a refused update: the sender's next change, built on it, is refused too", () => {
    const { gate, client, review } = setup();
    // As a client sends them: one update per transaction, each building on the one before.
    const sent: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => sent.push(u));
    client.getMap(Root.ratings).set('t1/c1/p1', 'not-a-level');
    review.setRating('t2', 'c2', 'p2', 'b');
    refusal(() => gate.check(sent[0]!, editor, 'client'));
    // Had the shadow copy kept the refused change, this valid one would now be allowed.
    const next = refusal(() => gate.check(sent[1]!, editor, 'client'));
    expect(next.code).toBe(CloseCode.invalidUpdate);
    expect(next.reason).toContain('depends on changes');
  });

  it('refuses bytes that are not an update with 4400', () => {
    const { gate } = setup();
    const refused = refusal(() => gate.check(new Uint8Array([0xff, 0xff, 0xff]), editor, 'client'));
    expect(refused.code).toBe(CloseCode.malformed);
    expect(refused.reason).toBe('the update could not be decoded');
  });

  it('refuses an update that depends on changes the server never received', () => {
    const { gate, client, review } = setup();
    review.setRating('t1', 'c1', 'p1', 'b');
    const skipped = Y.encodeStateVector(client);
    review.focus('t1', 'c1').insert(0, 'After the rating');
    const refused = refusal(() => gate.check(Y.encodeStateAsUpdate(client, skipped), editor, 'client'));
    expect(refused.code).toBe(CloseCode.invalidUpdate);
    expect(refused.reason).toContain('depends on changes');
  });

  it('refuses any change from an observer, and every change once the review is final', () => {
    const { gate, review, update } = setup();
    review.setRating('t1', 'c1', 'p1', 'b');
    expect(refusal(() => gate.check(update(), policyOf(peer('observer'), false), 'client')).code).toBe(
      CloseCode.invalidUpdate,
    );
    const final = refusal(() => gate.check(update(), policyOf(peer('facilitator'), true), 'client'));
    expect(final.code).toBe(CloseCode.invalidUpdate);
    expect(final.reason).toContain(finalRefusal);
  });

  it('checks against a change the server made itself once reset', () => {
    const { server, gate, review, update } = setup();
    // The shadow copy exists (an update was checked) before the server locks the criterion.
    gate.check(Y.encodeStateAsUpdate(server, Y.encodeStateVector(server)), editor, 'client');
    new ReviewDoc(server, phasedFramework).setLocked('c1', alice);
    gate.reset();
    review.setRating('t1', 'c1', 'p1', 'b');
    expect(refusal(() => gate.check(update(), editor, 'client')).reason).toMatch(/lock/i);
    expect(gate.check(update(), policyOf(peer('facilitator'), false), 'client')).not.toHaveLength(0);
  });

  it("checks a local edit built on other processes' updates once the shadow copy has caught up with them", () => {
    const { server, gate } = setup();
    // The shadow copy exists (an update was checked) before anything comes from elsewhere.
    gate.check(Y.encodeStateAsUpdate(server, Y.encodeStateVector(server)), editor, 'client');
    const { focus, remote } = elsewhereOf(server);
    // More than the gate holds back, one update each, as another process relays them.
    for (let i = 0; i < 70; i++) focus.insert(focus.length, `${i % 10}`);
    for (const u of remote) {
      Y.applyUpdate(server, u, 'remote');
      gate.follow(u);
    }
    // Someone here has them all, and writes after the last character another process wrote.
    const client = copyOf(server);
    const before = Y.encodeStateVector(client);
    new ReviewDoc(client, phasedFramework).focus('t1', 'c2').insert(70, ' and more');
    const touched = gate.check(Y.encodeStateAsUpdate(client, before), editor, 'client');
    expect(touched.map((t) => `${t.root}:${t.key}`)).toEqual([`${Root.focus}:t1/c2`]);
  });

  it('forgets what it held back from elsewhere when reset, rebuilding from the real document', () => {
    const { server, gate } = setup();
    gate.check(Y.encodeStateAsUpdate(server, Y.encodeStateVector(server)), editor, 'client');
    const { focus, remote } = elsewhereOf(server);
    focus.insert(0, 'From elsewhere');
    Y.applyUpdate(server, remote[0]!, 'remote');
    gate.follow(remote[0]!);
    gate.reset();
    const client = copyOf(server);
    const before = Y.encodeStateVector(client);
    new ReviewDoc(client, phasedFramework).focus('t1', 'c2').insert(14, '!');
    expect(gate.check(Y.encodeStateAsUpdate(client, before), editor, 'client')).toHaveLength(1);
  });

  it('takes an update from elsewhere that arrived before the first check, even when made with the state of the moment', () => {
    const server = skeletonDoc(phasedFramework);
    const gate = new UpdateGate(server, reviewModel(phasedFramework), Y.encodeStateAsUpdate(server));
    const { focus, remote } = elsewhereOf(server);
    focus.insert(0, 'From elsewhere');
    Y.applyUpdate(server, remote[0]!, 'remote');
    gate.follow(remote[0]!);
    // Written after the last character from elsewhere: it depends on it.
    const client = copyOf(server);
    const before = Y.encodeStateVector(client);
    new ReviewDoc(client, phasedFramework).focus('t1', 'c2').insert(14, '!');
    expect(gate.check(Y.encodeStateAsUpdate(client, before), editor, 'client')).toHaveLength(1);
  });

  it("keeps an allowed update for the next check: the sender's next change may build on it before the document has it", () => {
    const { gate, client, review } = setup();
    const sent: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => sent.push(u));
    review.focus('t1', 'c2').insert(0, 'First');
    review.focus('t1', 'c2').insert(5, ' and second');
    expect(gate.check(sent[0]!, editor, 'client')).toHaveLength(1);
    expect(gate.check(sent[1]!, editor, 'client')).toHaveLength(1);
  });

  it('refuses an update that deletes what the server never received', () => {
    const { gate, client, review } = setup();
    const sent: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => sent.push(u));
    review.focus('t1', 'c2').insert(0, 'Never sent');
    review.focus('t1', 'c2').delete(0, 5);
    // Only the deletion arrives: it names characters the server does not have.
    const refused = refusal(() => gate.check(sent[1]!, editor, 'client'));
    expect(refused.code).toBe(CloseCode.invalidUpdate);
    expect(refused.reason).toContain('depends on changes');
  });

  it('names what is wrong with a refused update even when part of it also depends on missing changes', () => {
    const { server, gate } = setup();
    const wrong = copyOf(server);
    const wrongUpdates: Uint8Array[] = [];
    wrong.on('update', (u: Uint8Array) => wrongUpdates.push(u));
    wrong.getMap(Root.ratings).set('t1/c1/p1', 'not-a-level');
    const ahead = copyOf(server);
    const aheadUpdates: Uint8Array[] = [];
    ahead.on('update', (u: Uint8Array) => aheadUpdates.push(u));
    new ReviewDoc(ahead, phasedFramework).focus('t1', 'c2').insert(0, 'Missing');
    new ReviewDoc(ahead, phasedFramework).focus('t1', 'c2').insert(7, ' and after');
    const refused = refusal(() => gate.check(Y.mergeUpdates([wrongUpdates[0]!, aheadUpdates[1]!]), editor, 'client'));
    expect(refused.code).toBe(CloseCode.invalidUpdate);
    expect(refused.reason).toContain('not-a-level');
  });

  it('allows a change while an update from elsewhere still waits for one it depends on', () => {
    const { server, gate, review, update } = setup();
    gate.check(Y.encodeStateAsUpdate(server, Y.encodeStateVector(server)), editor, 'client');
    const { focus, remote } = elsewhereOf(server);
    focus.insert(0, 'Delayed');
    focus.insert(7, ' and early');
    // Relayed out of order: the second arrives first and waits in the shadow copy.
    gate.follow(remote[1]!);
    review.setRating('t1', 'c1', 'p1', 'b');
    const touched = gate.check(update(), editor, 'client');
    expect(touched.map((t) => `${t.root}:${t.key}`)).toEqual([`${Root.ratings}:t1/c1/p1`]);
  });

  it("consults a check's policy only during that check", () => {
    const { client, gate, review } = setup();
    const sent: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => sent.push(u));
    review.setRating('t1', 'c1', 'p1', 'b');
    review.setRating('t2', 'c2', 'p2', 'b');
    let reads = 0;
    const counted = new Proxy(editor, {
      get: (target, key, receiver) => {
        reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    gate.check(sent[0]!, counted, 'client');
    expect(reads).toBeGreaterThan(0);
    reads = 0;
    gate.check(sent[1]!, editor, 'client');
    expect(reads).toBe(0);
  });

  it('holds back at most 63 updates from elsewhere, and none once reset', () => {
    const { server, gate } = setup();
    const heldBack = () => gate['behind'].length;
    gate.check(Y.encodeStateAsUpdate(server, Y.encodeStateVector(server)), editor, 'client');
    const { focus, remote } = elsewhereOf(server);
    for (let i = 0; i < 65; i++) focus.insert(focus.length, `${i % 10}`);
    for (const u of remote.slice(0, 63)) gate.follow(u);
    expect(heldBack()).toBe(63);
    gate.follow(remote[63]!);
    expect(heldBack()).toBe(0);
    gate.follow(remote[64]!);
    gate.reset();
    expect(gate['behind']).toEqual([]);
  });

  it('can be reset before it has checked anything', () => {
    const { gate, review, update } = setup();
    gate.reset();
    review.setRating('t1', 'c1', 'p1', 'b');
    expect(gate.check(update(), editor, 'client')).toHaveLength(1);
  });
});

describe('policyOf', () => {
  it("gives a connection's role, its user as author, and read-only once the review is final", () => {
    expect(policyOf(peer('facilitator'), false)).toEqual({
      canEditLocked: true,
      readOnly: false,
      userId: alice.id,
      isFacilitator: true,
    });
    expect(policyOf(peer('editor'), false)).toEqual({
      canEditLocked: false,
      readOnly: false,
      userId: alice.id,
      isFacilitator: false,
    });
    expect(policyOf(peer('observer'), false)).toMatchObject({ readOnly: true, isFacilitator: false });
    expect(policyOf(peer('facilitator'), true)).toEqual({
      canEditLocked: true,
      readOnly: true,
      readOnlyReason: finalRefusal,
      userId: alice.id,
      isFacilitator: true,
    });
  });

  it('names no author for a connection without a user', () => {
    const anonymous = new Peer(null as unknown as WebSocket, 'review-1', null, 'editor', true, false);
    expect(policyOf(anonymous, false).userId).toBeUndefined();
  });
});
