import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ReviewDoc } from './accessors.ts';
import { MODERATION_STATEMENT, markKey } from './keys.ts';
import { reviewModel } from './model.ts';
import { Root, defineRoots } from './roots.ts';
import { statementsOf } from './statements.ts';
import { alice, bob, phasedFramework, skeletonDoc } from './test-fixtures.ts';
import { checkTransaction, type ChangePolicy } from './validate-update.ts';

/** A client's changes checked on a shadow copy as the server checks them; the refusal, or null. */
function harness(policy: ChangePolicy = { canEditLocked: false, userId: alice.id }) {
  const server = skeletonDoc(phasedFramework);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const review = new ReviewDoc(client, phasedFramework);
  const model = reviewModel(phasedFramework);
  return {
    review,
    client,
    policy,
    /** Send what the client has that the server lacks; null when allowed (and then kept). */
    send(): string | null {
      const shadow = new Y.Doc();
      defineRoots(shadow);
      Y.applyUpdate(shadow, Y.encodeStateAsUpdate(server), 'load');
      let refusal: string | null = null;
      shadow.on('afterTransaction', (tr: Y.Transaction) => {
        if (tr.origin === 'load') return;
        try {
          checkTransaction(tr, model, policy);
        } catch (e) {
          refusal = (e as Error).message;
        }
      });
      Y.applyUpdate(shadow, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)), 'client');
      if (refusal === null) Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
      return refusal;
    },
  };
}

type H = ReturnType<typeof harness>;
const setOutcome = (h: H, key: string, over: Record<string, unknown>) =>
  h.client
    .getMap<unknown>(Root.moderation)
    .set(key, { outcome: 'agreed', reason: '', by: alice.id, byName: 'Alice', at: new Date().toISOString(), ...over });
const marks = (h: H) => h.client.getMap<unknown>(Root.statementMarks);
const at = new Date().toISOString();

describe('statement marks', () => {
  it('lets an editor mark, link evidence items, change and clear their marks', () => {
    const h = harness();
    const item = h.review.addEvidenceItem('c1', alice, 'Attendance report, autumn');
    h.review.setMark('t1', 'c1', 'level:a:0', alice, 'partly', [item.id]);
    expect(h.send()).toBeNull();
    h.review.setMark('t1', 'c1', 'level:a:0', alice, 'evidenced');
    expect(h.send()).toBeNull();
    expect(h.review.getMark('t1', 'c1', 'level:a:0')).toMatchObject({ mark: 'evidenced', items: [item.id] });
    h.review.setMark('t1', 'c1', 'level:a:0', alice, null);
    expect(h.send()).toBeNull();
  });

  it.each([
    ['t9/c1/level:a:0', 'no such track or criterion in this framework'],
    ['t1/c9/level:a:0', 'no such track or criterion in this framework'],
    ['t1/c1/level:a:7', 'criterion c1 has no statement "level:a:7"'],
    ['t1/c1/level:z:0', 'criterion c1 has no statement "level:z:0"'],
    ['t1/c1', 'no such track or criterion in this framework'],
  ])('refuses a mark at %s', (key, message) => {
    const h = harness();
    marks(h).set(key, { mark: 'evidenced', items: [], by: alice.id, byName: 'Alice', at });
    expect(h.send()).toBe(`statementMarks "${key}": ${message}`);
  });

  it.each([
    [{ mark: 'maybe', items: [], by: alice.id, byName: 'Alice', at }, 'mark Invalid option'],
    [{ mark: 'evidenced', by: alice.id, byName: 'Alice', at }, 'items Invalid input'],
    [{ mark: 'evidenced', items: [], by: alice.id, byName: 'Alice', at, extra: 1 }, 'value Unrecognized key'],
    ['evidenced', 'value Invalid input'],
  ])('refuses a malformed mark %#', (value, starts) => {
    const h = harness();
    marks(h).set(markKey('t1', 'c1', 'level:a:0'), value);
    expect(h.send()).toMatch(new RegExp(`^statementMarks "t1/c1/level:a:0": ${starts}`));
  });

  it('refuses more than 20 linked items, items of another criterion, and unknown items', () => {
    const h = harness();
    const other = h.review.addEvidenceItem('c3', alice, 'Another criterion’s item');
    expect(h.send()).toBeNull();
    const key = markKey('t1', 'c1', 'level:a:0');
    marks(h).set(key, { mark: 'evidenced', items: [other.id], by: alice.id, byName: 'Alice', at });
    expect(h.send()).toBe(`statementMarks "${key}": no evidence item "${other.id}" in criterion c1`);
    const many = Array.from({ length: 21 }, (_, i) => `item-${String(i).padStart(3, '0')}`);
    marks(h).set(key, { mark: 'evidenced', items: many, by: alice.id, byName: 'Alice', at });
    expect(h.send()).toBe(`statementMarks "${key}": items link at most 20 evidence items to one statement`);
  });

  it('refuses a mark in someone else’s name, on a locked criterion, and from an observer', () => {
    const h = harness();
    h.review.setMark('t1', 'c1', 'level:a:0', bob, 'evidenced');
    expect(h.send()).toBe(`statementMarks "t1/c1/level:a:0": must be set by its author ("${alice.id}")`);

    const locked = harness({ canEditLocked: true, userId: alice.id });
    locked.review.setLocked('c1', alice);
    expect(locked.send()).toBeNull();
    locked.policy.canEditLocked = false;
    locked.review.setMark('t1', 'c1', 'level:a:0', alice, 'evidenced');
    expect(locked.send()).toBe('criterion "c1" is locked; only a facilitator can change it');

    const observer = harness({ canEditLocked: false, readOnly: true, userId: alice.id });
    observer.review.setMark('t1', 'c1', 'level:a:0', alice, 'evidenced');
    expect(observer.send()).toBe('this connection is read-only (observer): changes are not applied');
  });
});

describe('moderation outcomes and statement', () => {
  it('takes an outcome with a reason per criterion and phase, and the overall statement as text', () => {
    const h = harness();
    h.review.setModeration('c2', 'p2', alice, 'self-stands', 'The school’s evidence was fuller');
    h.review.moderationStatement().insert(0, 'Moderated on 3 March.');
    expect(h.send()).toBeNull();
    h.review.setModeration('c2', 'p2', alice, null);
    expect(h.send()).toBeNull();
  });

  it('may be recorded on a locked criterion: moderation follows the judgement', () => {
    const h = harness({ canEditLocked: true, userId: alice.id });
    h.review.setLocked('c1', alice);
    expect(h.send()).toBeNull();
    h.policy.canEditLocked = false;
    h.review.setModeration('c1', 'p1', alice, 'agreed');
    expect(h.send()).toBeNull();
  });

  it.each([
    [
      'an unknown criterion or phase',
      (h: H) => setOutcome(h, 'c2/p1', {}),
      'moderation "c2/p1": no such criterion or phase in this framework',
    ],
    [
      'a bad outcome',
      (h: H) => setOutcome(h, 'c1/p1', { outcome: 'overruled' }),
      /^moderation "c1\/p1": outcome Invalid option/,
    ],
    [
      'a long reason',
      (h: H) => setOutcome(h, 'c1/p1', { reason: 'x'.repeat(2001) }),
      /^moderation "c1\/p1": reason Too big/,
    ],
    [
      'another author',
      (h: H) => h.review.setModeration('c1', 'p1', bob, 'agreed'),
      `moderation "c1/p1": must be set by its author ("${alice.id}")`,
    ],
    [
      'a replaced statement',
      (h: H) => h.client.getMap(Root.moderationStatement).set(MODERATION_STATEMENT, new Y.Text('x')),
      /^moderationStatement "statement": the review's structure is built by the server/,
    ],
    [
      'another statement',
      (h: H) => h.client.getMap(Root.moderationStatement).set('other', new Y.Text('x')),
      /^moderationStatement "other"/,
    ],
  ] as [string, (h: H) => void, string | RegExp][])('refuses %s', (_what, change, message) => {
    const h = harness();
    change(h);
    const refusal = h.send();
    if (typeof message === 'string') expect(refusal).toBe(message);
    else expect(refusal).toMatch(message);
  });
});

describe("the model's statement refs", () => {
  it("lists a criterion's descriptor bullets and conditions once asked, the same set each time, and none for an unknown criterion", () => {
    const model = reviewModel(phasedFramework);
    const criteria = phasedFramework.sections.flatMap((s) => s.criteria);
    expect(criteria.length).toBeGreaterThan(1);
    for (const c of criteria) {
      const refs = model.statementRefsOf(c.id);
      expect([...refs!]).toEqual(statementsOf(phasedFramework, c.id).map((s) => s.ref));
      expect(refs!.size).toBeGreaterThan(0);
      expect(model.statementRefsOf(c.id)).toBe(refs);
    }
    expect(model.statementRefsOf('no-such-criterion')).toBeUndefined();
    expect(model.statementRefsOf('')).toBeUndefined();
  });
});
