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
    const elsewhere = copyOf(server);
    const remote: Uint8Array[] = [];
    elsewhere.on('update', (u: Uint8Array) => remote.push(u));
    const focus = new ReviewDoc(elsewhere, phasedFramework).focus('t1', 'c2');
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
    const elsewhere = copyOf(server);
    const remote: Uint8Array[] = [];
    elsewhere.on('update', (u: Uint8Array) => remote.push(u));
    new ReviewDoc(elsewhere, phasedFramework).focus('t1', 'c2').insert(0, 'From elsewhere');
    Y.applyUpdate(server, remote[0]!, 'remote');
    gate.follow(remote[0]!);
    gate.reset();
    const client = copyOf(server);
    const before = Y.encodeStateVector(client);
    new ReviewDoc(client, phasedFramework).focus('t1', 'c2').insert(14, '!');
    expect(gate.check(Y.encodeStateAsUpdate(client, before), editor, 'client')).toHaveLength(1);
  });
});
