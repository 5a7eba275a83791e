import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Framework } from '../framework/schema.ts';
import { Limits } from '../protocol/limits.ts';
import { ReviewDoc, newId } from './accessors.ts';
import type { EvidenceItem } from './entities.ts';
import { NOT_APPLICABLE } from './keys.ts';
import { reviewModel } from './model.ts';
import { Root, defineRoots } from './roots.ts';
import { buildSkeleton } from './skeleton.ts';
import {
  alice,
  bob,
  checkedReview,
  emptyRangeUpdate,
  metaFor,
  phasedFramework,
  plainFramework,
} from './test-fixtures.ts';
import { InvalidUpdateError, checkTransaction, type ChangePolicy } from './validate-update.ts';

interface Harness {
  /** The document the server keeps; the shadow starts as a copy of it. */
  server: Y.Doc;
  /** Where client updates are applied and checked. */
  shadow: Y.Doc;
  client: Y.Doc;
  review: ReviewDoc;
  /** Mutable, as the server's policy for the connection sending the update. */
  policy: ChangePolicy;
  /** Apply what the client has and the shadow lacks; the error the check raised, or null. */
  send(): InvalidUpdateError | null;
}

/** Server, shadow and client wired as the server's room wires them. */
function harness(fw: Framework = phasedFramework, policy: ChangePolicy = { canEditLocked: false }): Harness {
  const model = reviewModel(fw);
  const server = new Y.Doc();
  buildSkeleton(server, fw, metaFor(fw));
  defineRoots(server);
  const shadow = new Y.Doc();
  defineRoots(shadow);
  Y.applyUpdate(shadow, Y.encodeStateAsUpdate(server), 'load');
  let error: Error | null = null;
  /** Read after applying: a call keeps TypeScript from assuming the reset value is still there. */
  const lastError = (): Error | null => error;
  let checks = 0;
  shadow.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.origin === 'load') return;
    checks++;
    try {
      checkTransaction(tr, model, policy);
    } catch (e) {
      error = e instanceof Error ? e : new Error('checkTransaction threw a non-error', { cause: e });
    }
  });
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return {
    server,
    shadow,
    client,
    review: new ReviewDoc(client, fw),
    policy,
    send() {
      error = null;
      const before = checks;
      Y.applyUpdate(shadow, Y.encodeStateAsUpdate(client, Y.encodeStateVector(shadow)), 'client');
      expect(checks, 'the shadow check ran').toBe(before + 1);
      const raised = lastError();
      if (raised === null) return null;
      if (!(raised instanceof InvalidUpdateError)) throw raised;
      return raised;
    },
  };
}

/** The refusal's message, failing the test when the update was allowed. */
function refused(h: Harness): string {
  const error = h.send();
  expect(error, 'the update should have been refused').toBeInstanceOf(InvalidUpdateError);
  return error?.message ?? '';
}

describe('checkTransaction: allowed changes', () => {
  it('allows a rating to a level, NOT_APPLICABLE, and clearing it', () => {
    const h = harness();
    h.review.setRating('t1', 'c1', 'p1', 'b');
    h.review.setRating('t2', 'c2', 'p2', NOT_APPLICABLE);
    expect(h.send()).toBeNull();
    expect(h.shadow.getMap(Root.ratings).toJSON()).toEqual({ 't1/c1/p1': 'b', 't2/c2/p2': NOT_APPLICABLE });
    h.review.setRating('t1', 'c1', 'p1', null);
    expect(h.send()).toBeNull();
    expect(h.shadow.getMap(Root.ratings).toJSON()).toEqual({ 't2/c2/p2': NOT_APPLICABLE });
  });

  it('allows an agreed rating', () => {
    const h = harness();
    h.review.setAgreed('c3', 'p3', 'a');
    expect(h.send()).toBeNull();
    expect(h.shadow.getMap(Root.agreed).get('c3/p3')).toBe('a');
  });

  it('allows inserting into and deleting from a focus text', () => {
    const h = harness();
    h.review.focus('t1', 'c1').insert(0, 'Raise attainment in maths');
    expect(h.send()).toBeNull();
    h.review.focus('t1', 'c1').delete(0, 6);
    h.review.evidence('t2', 'c3').insert(0, 'Data');
    expect(h.send()).toBeNull();
    expect(h.shadow.getMap<Y.Text>(Root.focus).get('t1/c1')?.toJSON()).toBe('attainment in maths');
    expect(h.shadow.getMap<Y.Text>(Root.evidence).get('t2/c3')?.toJSON()).toBe('Data');
  });

  it('allows a focus text of exactly the length limit', () => {
    const h = harness();
    h.review.focus('t1', 'c1').insert(0, 'x'.repeat(Limits.maxTextLength));
    expect(h.send()).toBeNull();
  });

  it('allows pushing an evidence item and a comment, and resolving the comment', () => {
    const h = harness();
    const item = h.review.addEvidenceItem('c1', alice, 'Attendance records', 'https://example.org/a');
    const comment = h.review.addComment('c2', bob, 'Which year?');
    expect(h.send()).toBeNull();
    h.review.setCommentResolved(comment.id, alice, true);
    expect(h.send()).toBeNull();
    expect(h.shadow.getMap<Y.Array<EvidenceItem>>(Root.evidenceItems).get('c1')?.toArray()).toEqual([item]);
    expect(h.shadow.getMap(Root.commentStatus).get(comment.id)).toMatchObject({ resolved: true });
  });

  it('allows adding a row to an open table and writing in its cells', () => {
    const h = harness();
    const row = h.review.addTableRow('open', alice);
    expect(h.send()).toBeNull();
    h.review.cell('open', row.id, 'action').insert(0, 'Train staff');
    h.review.cell('fixed', 'r1', 'x').insert(0, '12');
    expect(h.send()).toBeNull();
    expect(h.shadow.getMap<Y.Text>(Root.tableCells).get(`open/${row.id}/action`)?.toJSON()).toBe('Train staff');
    expect(h.shadow.getMap<Y.Array<unknown>>(Root.tableRows).get('open')?.toArray()).toEqual([row]);
  });

  it('allows a form grade and a form text', () => {
    const h = harness();
    h.review.setFormGrade('visit', 'sec1', 'grade', 'g1');
    h.review.formText('visit', 'sec1', 'notes').insert(0, 'Notes');
    expect(h.send()).toBeNull();
    expect(h.shadow.getMap(Root.formFields).get('visit/sec1/grade')).toBe('g1');
  });

  it('allows a facilitator to lock, and then to change the locked criterion', () => {
    const h = harness(phasedFramework, { canEditLocked: true });
    h.review.setLocked('c1', alice);
    expect(h.send()).toBeNull();
    h.review.setRating('t1', 'c1', 'p1', 'a');
    h.review.focus('t1', 'c1').insert(0, 'Facilitator edit');
    h.review.addEvidenceItem('c1', alice, 'Added while locked');
    expect(h.send()).toBeNull();
    expect(h.shadow.getMap(Root.ratings).get('t1/c1/p1')).toBe('a');
    h.review.setLocked('c1', null);
    expect(h.send()).toBeNull();
    expect(h.shadow.getMap(Root.locks).has('c1')).toBe(false);
  });

  it('allows anyone to change an unlocked criterion while another one is locked', () => {
    const h = harness();
    h.policy.canEditLocked = true;
    h.review.setLocked('c1', alice);
    expect(h.send()).toBeNull();
    h.policy.canEditLocked = false;
    h.review.setRating('t1', 'c2', 'p2', 'a');
    h.review.focus('t1', 'c3').insert(0, 'Still open');
    expect(h.send()).toBeNull();
  });
});

describe('checkTransaction: refused changes name what is wrong', () => {
  it('refuses a rating to an unknown level', () => {
    const h = harness();
    h.client.getMap(Root.ratings).set('t1/c1/p1', 'z');
    expect(refused(h)).toBe('ratings "t1/c1/p1": "z" is not a level of this framework');
  });

  it('refuses a rating that is not a string', () => {
    const h = harness();
    h.client.getMap(Root.ratings).set('t1/c1/p1', 3);
    expect(refused(h)).toContain('ratings "t1/c1/p1": 3 is not a level');
  });

  it('refuses NOT_APPLICABLE when the scale does not offer it', () => {
    const h = harness(plainFramework);
    h.client.getMap(Root.ratings).set('self/k1/-', NOT_APPLICABLE);
    expect(refused(h)).toContain('ratings "self/k1/-": "n/a" is not a level');
  });

  it.each([
    ['an unknown criterion', 't1/c9/p1'],
    ['an unknown track', 't9/c1/p1'],
    ['a phase the criterion is not judged in', 't1/c2/p1'],
    ['an unknown phase', 't1/c1/p9'],
    ['a malformed key', 't1/c1'],
  ])('refuses a rating for %s', (_, key) => {
    const h = harness();
    h.client.getMap(Root.ratings).set(key, 'a');
    expect(refused(h)).toBe(`ratings "${key}": no such track, criterion or phase in this framework`);
  });

  it('refuses an agreed rating for a phase the criterion is not judged in, or to an unknown level', () => {
    const h = harness();
    h.client.getMap(Root.agreed).set('c2/p3', 'a');
    expect(refused(h)).toContain('agreed "c2/p3": no such');
    const h2 = harness();
    h2.client.getMap(Root.agreed).set('c2/p2', 'z');
    expect(refused(h2)).toContain('agreed "c2/p2": "z" is not a level');
  });

  it('refuses a new root type', () => {
    const h = harness();
    h.client.getMap('extra').set('x', 1);
    expect(refused(h)).toBe('unknown root type "extra"');
  });

  it('refuses a review root used as an array', () => {
    const h = harness();
    h.client.getArray(Root.ratings).push(['a']);
    expect(refused(h)).toBe('root "ratings" must be a map');
  });

  it('refuses writing to meta', () => {
    const h = harness();
    h.client.getMap(Root.meta).set('title', 'Renamed');
    expect(refused(h)).toBe('meta "title" is read-only');
    const h2 = harness();
    h2.client.getMap(Root.meta).set('schemaVersion', 99);
    expect(refused(h2)).toBe('meta "schemaVersion" is read-only');
  });

  it('refuses replacing a focus text with a string', () => {
    const h = harness();
    h.client.getMap(Root.focus).set('t1/c1', 'plain string');
    expect(refused(h)).toMatch(/^focus "t1\/c1": the review's structure is built by the server/);
  });

  it('refuses replacing a focus text with a new text', () => {
    const h = harness();
    h.client.getMap(Root.focus).set('t1/c1', new Y.Text('fresh'));
    expect(refused(h)).toContain('focus "t1/c1"');
  });

  it('refuses adding a focus text for an unknown criterion', () => {
    const h = harness();
    h.client.getMap(Root.focus).set('t1/c9', new Y.Text());
    expect(refused(h)).toContain('focus "t1/c9"');
  });

  it('refuses deleting an evidenceItems array', () => {
    const h = harness();
    h.client.getMap(Root.evidenceItems).delete('c2');
    expect(refused(h)).toMatch(/^evidenceItems "c2": the review's structure is built by the server/);
  });

  it('refuses text over the length limit', () => {
    const h = harness();
    h.review.evidence('t2', 'c1').insert(0, 'x'.repeat(Limits.maxTextLength + 1));
    expect(refused(h)).toBe(
      `evidence "t2/c1": text is ${Limits.maxTextLength + 1} characters; the limit is ${Limits.maxTextLength}`,
    );
  });

  it('refuses text pushed over the limit by a later insert', () => {
    const h = harness();
    h.review.formText('visit', 'sec1', 'notes').insert(0, 'x'.repeat(Limits.maxTextLength));
    expect(h.send()).toBeNull();
    h.review.formText('visit', 'sec1', 'notes').insert(0, 'y');
    expect(refused(h)).toContain('formFields "visit/sec1/notes": text is 20001 characters');
  });

  it('refuses a malformed evidence item', () => {
    const h = harness();
    h.review.evidenceItems('c1').push([{ id: newId(), text: '   ', by: alice.id, byName: alice.name, at: 'x' }]);
    expect(refused(h)).toMatch(/^evidenceItems "c1" item 0: text /);
  });

  it('refuses an evidence item with extra fields or a non-http url', () => {
    const h = harness();
    const valid = h.review.addEvidenceItem('c1', alice, 'Valid');
    h.review.evidenceItems('c1').push([{ ...valid, id: newId(), admin: true } as EvidenceItem]);
    expect(refused(h)).toMatch(/^evidenceItems "c1" item 1: /);
    const h2 = harness();
    h2.review.addEvidenceItem('c3', alice, 'Bad link', 'javascript:alert(1)');
    expect(refused(h2)).toMatch(/^evidenceItems "c3" item 0: url /);
  });

  it('refuses a nested shared type inside an evidence list', () => {
    const h = harness();
    h.client.getMap<Y.Array<unknown>>(Root.evidenceItems).get('c1')?.push([new Y.Map()]);
    expect(refused(h)).toBe('evidenceItems "c1" item 0: nested structures are not allowed');
  });

  it('refuses an edit inside a structure a root of plain values holds (a document the server did not check)', () => {
    const h = harness();
    // Planted on both sides without a check, as an older or restored document could hold it.
    const text = new Y.Text('old');
    h.client.getMap(Root.ratings).set('t1:c1:p1', text);
    Y.applyUpdate(h.shadow, Y.encodeStateAsUpdate(h.client, Y.encodeStateVector(h.shadow)), 'load');
    text.insert(0, 'new ');
    expect(refused(h)).toBe('ratings "t1:c1:p1": unexpected nested structure');
  });

  it('refuses a form grade outside the form’s grades, and replacing a form text', () => {
    const h = harness();
    h.client.getMap(Root.formFields).set('visit/sec1/grade', 'g9');
    expect(refused(h)).toBe('formFields "visit/sec1/grade": "g9" is not a grade of this form');
    const h2 = harness();
    h2.client.getMap(Root.formFields).set('visit/sec1/notes', 'g1');
    expect(refused(h2)).toContain('formFields "visit/sec1/notes": the review\'s structure');
  });

  it('refuses cells added to a fixed table or a fixed row, and cells of rows that do not exist', () => {
    const h = harness();
    h.client.getMap(Root.tableCells).set('fixed/r3/x', new Y.Text());
    expect(refused(h)).toContain('tableCells "fixed/r3/x": the review\'s structure');
    const h2 = harness();
    h2.client.getMap(Root.tableCells).set('mixed/m1/v', new Y.Text());
    expect(refused(h2)).toContain('tableCells "mixed/m1/v"');
    const h3 = harness();
    h3.client.getMap(Root.tableCells).set(`open/${newId()}/action`, new Y.Text());
    expect(refused(h3)).toMatch(/^tableCells "open\/[^"]+\/action": no such row$/);
    const h4 = harness();
    h4.client.getMap(Root.tableCells).set('open/row-1234/nocolumn', new Y.Text());
    expect(refused(h4)).toContain('tableCells "open/row-1234/nocolumn"');
  });

  it('refuses a new row cell created over the length limit', () => {
    const h = harness();
    const row = { id: newId(), by: alice.id, byName: alice.name, at: new Date().toISOString() };
    h.client.transact(() => {
      h.client.getMap(Root.tableCells).set(`open/${row.id}/action`, new Y.Text('x'.repeat(Limits.maxTextLength + 1)));
      h.client.getMap<Y.Array<unknown>>(Root.tableRows).get('open')?.push([row]);
    });
    expect(refused(h)).toContain(`tableCells "open/${row.id}/action": text is over ${Limits.maxTextLength}`);
  });

  it('refuses a status for a comment that does not exist', () => {
    const h = harness();
    h.review.setCommentResolved('no-such-comment', alice, true);
    expect(refused(h)).toBe('commentStatus "no-such-comment": no such comment');
  });

  it('refuses locking or unlocking when canEditLocked is false', () => {
    const h = harness();
    h.review.setLocked('c1', alice);
    expect(refused(h)).toBe('only a facilitator can lock or unlock a criterion');
    const h2 = harness();
    h2.policy.canEditLocked = true;
    h2.review.setLocked('c2', alice);
    expect(h2.send()).toBeNull();
    h2.policy.canEditLocked = false;
    h2.review.setLocked('c2', null);
    expect(refused(h2)).toBe('only a facilitator can lock or unlock a criterion');
  });

  it('refuses a lock for an unknown criterion, or a malformed one, even from a facilitator', () => {
    const h = harness(phasedFramework, { canEditLocked: true });
    h.client.getMap(Root.locks).set('c9', { by: 'x', byName: 'X', at: new Date().toISOString() });
    expect(refused(h)).toBe('locks "c9": no such criterion');
    const h2 = harness(phasedFramework, { canEditLocked: true });
    h2.client.getMap(Root.locks).set('c1', { by: 'x' });
    expect(refused(h2)).toBe('locks "c1": malformed lock');
  });

  describe('on a criterion locked by a facilitator', () => {
    const locked = (): Harness => {
      const h = harness();
      h.policy.canEditLocked = true;
      h.review.setLocked('c1', alice);
      expect(h.send()).toBeNull();
      h.policy.canEditLocked = false;
      return h;
    };
    const message = 'criterion "c1" is locked; only a facilitator can change it';

    it('refuses changing its rating', () => {
      const h = locked();
      h.review.setRating('t2', 'c1', 'p3', 'a');
      expect(refused(h)).toBe(message);
    });

    it('refuses changing its focus or evidence text', () => {
      const h = locked();
      h.review.focus('t1', 'c1').insert(0, 'sneaky');
      expect(refused(h)).toBe(message);
      const h2 = locked();
      h2.review.evidence('t2', 'c1').insert(0, 'sneaky');
      expect(refused(h2)).toBe(message);
    });

    it('refuses changing its agreed rating or evidence items', () => {
      const h = locked();
      h.review.setAgreed('c1', 'p2', 'b');
      expect(refused(h)).toBe(message);
      const h2 = locked();
      h2.review.addEvidenceItem('c1', bob, 'late evidence');
      expect(refused(h2)).toBe(message);
    });

    it('allows the same changes once canEditLocked is true', () => {
      const h = locked();
      h.policy.canEditLocked = true;
      h.review.setRating('t2', 'c1', 'p3', 'a');
      h.review.focus('t1', 'c1').insert(0, 'facilitator');
      expect(h.send()).toBeNull();
      expect(h.shadow.getMap<Y.Text>(Root.focus).get('t1/c1')?.toJSON()).toBe('facilitator');
    });
  });
});

describe('checkTransaction: text content', () => {
  // An embed counts as one character, so a length limit alone would let any JSON through.
  it('refuses an embedded object in a focus text, as it does in a new table cell', () => {
    const h = harness();
    h.review.focus('t1', 'c1').insertEmbed(0, { payload: 'x'.repeat(100_000) });
    expect(refused(h)).toContain('focus "t1/c1"');
  });
});

/** Send a raw update through the client, as a forged client would; the refusal's message, or null when allowed. */
function sendRaw(h: Harness, update: Uint8Array): string | null {
  Y.applyUpdate(h.client, update);
  return h.send()?.message ?? null;
}

describe('checkTransaction: observers (readOnly)', () => {
  const observer = (): Harness => harness(phasedFramework, { canEditLocked: false, readOnly: true, userId: alice.id });

  it('refuses a rating, a text insert and a text deletion', () => {
    const readOnly = 'this connection is read-only (observer): changes are not applied';
    const h = observer();
    h.review.setRating('t1', 'c1', 'p1', 'a');
    expect(refused(h)).toBe(readOnly);
    const h2 = observer();
    h2.review.focus('t1', 'c1').insert(0, 'observer text');
    expect(refused(h2)).toBe(readOnly);
    // A deletion alone changes no type's keys, only the delete set.
    const h3 = harness();
    h3.review.focus('t1', 'c1').insert(0, 'editor text');
    expect(h3.send()).toBeNull();
    h3.policy.readOnly = true;
    h3.review.focus('t1', 'c1').delete(0, 6);
    expect(refused(h3)).toBe(readOnly);
  });

  it('refuses structs that change nothing visible but advance the state vector', () => {
    const h = observer();
    expect(sendRaw(h, emptyRangeUpdate(123456, 0, 1000))).toBe(
      'this connection is read-only (observer): changes are not applied',
    );
  });

  it('allows a message that changes nothing', () => {
    const h = observer();
    expect(h.send()).toBeNull();
  });

  it('allows the same changes to an editor', () => {
    const h = harness(phasedFramework, { canEditLocked: false, readOnly: false, userId: alice.id });
    h.review.setRating('t1', 'c1', 'p1', 'a');
    h.review.focus('t1', 'c1').insert(0, 'editor text');
    expect(h.send()).toBeNull();
  });
});

describe('checkTransaction: structs that add nothing', () => {
  it('refuses a garbage-collected range from an editor, for a new or an existing client id', () => {
    const h = harness(phasedFramework, { canEditLocked: false, userId: alice.id });
    expect(sendRaw(h, emptyRangeUpdate(987654, 0, 2 ** 40))).toMatch(
      /^client 987654: an update may not claim empty \(garbage-collected\) ranges/,
    );
    // Claiming the next clocks of a real client would make the server drop that client's later changes.
    const h2 = harness(phasedFramework, { canEditLocked: false, userId: alice.id });
    h2.review.setRating('t1', 'c1', 'p1', 'a');
    expect(h2.send()).toBeNull();
    const victim = h2.client.clientID;
    const next = Y.encodeStateVector(h2.shadow);
    const clock = Y.decodeStateVector(next).get(victim) ?? 0;
    expect(sendRaw(h2, emptyRangeUpdate(victim, clock, 10))).toContain(`client ${victim}: an update may not claim`);
  });

  it('allows deleted text, which is a normal part of typing', () => {
    const h = harness(phasedFramework, { canEditLocked: false, userId: alice.id });
    h.client.transact(() => {
      h.review.focus('t1', 'c1').insert(0, 'typed and deleted in one go');
      h.review.focus('t1', 'c1').delete(0, 6);
    });
    expect(h.send()).toBeNull();
    expect(h.shadow.getMap<Y.Text>(Root.focus).get('t1/c1')?.toJSON()).toBe('and deleted in one go');
  });
});

describe('checkTransaction: who set a lock or a comment status', () => {
  it('refuses a lock that names someone other than the connection’s user, and allows their own', () => {
    const h = harness(phasedFramework, { canEditLocked: true, userId: alice.id });
    h.review.setLocked('c1', bob);
    expect(refused(h)).toBe('locks "c1": must be set by its author ("user-alice")');
    const h2 = harness(phasedFramework, { canEditLocked: true, userId: alice.id });
    h2.review.setLocked('c1', alice);
    expect(h2.send()).toBeNull();
    expect(h2.shadow.getMap(Root.locks).get('c1')).toMatchObject({ by: alice.id });
    // Unlocking records no author: it is allowed to a facilitator whoever locked.
    h2.policy.userId = bob.id;
    h2.review.setLocked('c1', null);
    expect(h2.send()).toBeNull();
  });

  it('refuses a comment status that names someone other than the connection’s user, and allows their own', () => {
    const h = harness(phasedFramework, { canEditLocked: false, userId: alice.id });
    const comment = h.review.addComment('c2', alice, 'Which year?');
    expect(h.send()).toBeNull();
    h.policy.userId = bob.id;
    h.review.setCommentResolved(comment.id, alice, true);
    expect(refused(h)).toBe(`commentStatus "${comment.id}": must be set by its author ("user-bob")`);
    const h2 = harness(phasedFramework, { canEditLocked: false, userId: alice.id });
    const mine = h2.review.addComment('c2', alice, 'Which year?');
    expect(h2.send()).toBeNull();
    h2.policy.userId = bob.id;
    h2.review.setCommentResolved(mine.id, bob, true);
    expect(h2.send()).toBeNull();
    expect(h2.shadow.getMap(Root.commentStatus).get(mine.id)).toMatchObject({ resolved: true, by: bob.id });
  });
});

describe('checkTransaction: authors of new items', () => {
  it.each([
    ['an evidence item', (h: Harness) => h.review.addEvidenceItem('c1', bob, 'Attendance data'), 'evidenceItems "c1"'],
    ['a comment', (h: Harness) => h.review.addComment('c1', bob, 'I agree'), 'comments "c1"'],
    ['a table row', (h: Harness) => h.review.addTableRow('open', bob), 'tableRows "open"'],
  ])('refuses %s that claims another author, and allows one by the connection’s user', (_, add, where) => {
    const h = harness(phasedFramework, { canEditLocked: false, userId: alice.id });
    add(h);
    expect(refused(h)).toBe(`${where}: a new item must be by its author ("user-alice")`);
    const h2 = harness(phasedFramework, { canEditLocked: false, userId: bob.id });
    add(h2);
    expect(h2.send()).toBeNull();
  });

  it('checks only the new items: someone else’s earlier item does not stop an addition', () => {
    const h = harness(phasedFramework, { canEditLocked: false, userId: bob.id });
    h.review.addComment('c1', bob, 'First');
    expect(h.send()).toBeNull();
    h.policy.userId = alice.id;
    h.review.addComment('c1', alice, 'Second');
    expect(h.send()).toBeNull();
    expect(h.shadow.getMap<Y.Array<unknown>>(Root.comments).get('c1')?.length).toBe(2);
  });
});

describe('checkTransaction: deleting comments and evidence items', () => {
  const withItems = (policy: ChangePolicy) => {
    const h = harness(phasedFramework, { canEditLocked: false, userId: bob.id });
    h.review.addEvidenceItem('c1', bob, 'Bob’s evidence');
    h.review.addComment('c1', bob, 'Bob’s comment');
    expect(h.send()).toBeNull();
    Object.assign(h.policy, policy);
    return h;
  };

  it.each([
    ['an evidence item', Root.evidenceItems],
    ['a comment', Root.comments],
  ])('refuses an editor deleting %s by someone else', (_, root) => {
    const h = withItems({ canEditLocked: false, userId: alice.id, isFacilitator: false });
    const list = h.client.getMap<Y.Array<{ id: string }>>(root).get('c1')!;
    const id = list.get(0).id;
    list.delete(0, 1);
    expect(refused(h)).toBe(`${root} "c1": only its author or a facilitator can delete item "${id}"`);
  });

  it('allows the author to delete their own, and a facilitator to delete anyone’s, reporting what was deleted', () => {
    const h = withItems({ canEditLocked: false, userId: bob.id, isFacilitator: false });
    h.review.comments('c1').delete(0, 1);
    expect(h.send()).toBeNull();
    expect(h.shadow.getMap<Y.Array<unknown>>(Root.comments).get('c1')?.length).toBe(0);
    const h2 = withItems({ canEditLocked: true, userId: alice.id, isFacilitator: true });
    h2.review.evidenceItems('c1').delete(0, 1);
    expect(h2.send()).toBeNull();
  });

  it('reports the deleted items for the history', () => {
    const model = reviewModel(phasedFramework);
    const doc = new Y.Doc();
    buildSkeleton(doc, phasedFramework, metaFor(phasedFramework));
    const review = new ReviewDoc(doc, phasedFramework);
    const comment = review.addComment('c3', bob, 'Kept in the history');
    const touched: ReturnType<typeof checkTransaction>[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      touched.push(checkTransaction(tr, model, { canEditLocked: true, userId: alice.id, isFacilitator: true }));
    });
    review.comments('c3').delete(0, 1);
    expect(touched.at(-1)).toEqual([
      {
        root: Root.comments,
        key: 'c3',
        removed: [{ id: comment.id, text: 'Kept in the history', by: bob.id, byName: bob.name }],
        onlyRemoved: true,
      },
    ]);
  });
});

describe('checkTransaction: the rest of the rules', () => {
  it('refuses comments on a locked criterion, as it refuses evidence items', () => {
    const h = harness(phasedFramework, { canEditLocked: true, userId: alice.id });
    h.review.setLocked('c3', alice);
    expect(h.send()).toBeNull();
    h.policy.canEditLocked = false;
    h.review.addComment('c3', alice, 'Too late');
    expect(refused(h)).toBe('criterion "c3" is locked; only a facilitator can change it');
  });

  it('refuses removing a comment status, or a malformed one', () => {
    const h = harness(phasedFramework, { canEditLocked: false, userId: alice.id });
    const comment = h.review.addComment('c1', alice, 'Resolve me');
    expect(h.send()).toBeNull();
    h.review.setCommentResolved(comment.id, alice, true);
    expect(h.send()).toBeNull();
    h.client.getMap(Root.commentStatus).delete(comment.id);
    expect(refused(h)).toBe(`commentStatus "${comment.id}" cannot be removed`);
    const h2 = harness(phasedFramework, { canEditLocked: false, userId: alice.id });
    const other = h2.review.addComment('c1', alice, 'Resolve me');
    expect(h2.send()).toBeNull();
    h2.client.getMap(Root.commentStatus).set(other.id, { resolved: 'yes', by: alice.id });
    expect(refused(h2)).toBe(`commentStatus "${other.id}": malformed status`);
  });

  it('allows clearing a form grade', () => {
    const h = harness();
    h.review.setFormGrade('visit', 'sec1', 'grade', 'g1');
    expect(h.send()).toBeNull();
    h.review.setFormGrade('visit', 'sec1', 'grade', null);
    expect(h.send()).toBeNull();
    expect(h.shadow.getMap(Root.formFields).has('visit/sec1/grade')).toBe(false);
  });

  it('refuses a new row cell that is not text, or holds an embedded object', () => {
    const row = { id: newId(), by: alice.id, byName: alice.name, at: new Date().toISOString() };
    const h = harness();
    h.client.transact(() => {
      h.client.getMap(Root.tableCells).set(`open/${row.id}/action`, 'plain string');
      h.client.getMap<Y.Array<unknown>>(Root.tableRows).get('open')?.push([row]);
    });
    expect(refused(h)).toBe(`tableCells "open/${row.id}/action": a cell must be text`);
    const h2 = harness();
    const cell = new Y.Text();
    cell.insertEmbed(0, { payload: 'x' });
    h2.client.transact(() => {
      h2.client.getMap(Root.tableCells).set(`open/${row.id}/action`, cell);
      h2.client.getMap<Y.Array<unknown>>(Root.tableRows).get('open')?.push([row]);
    });
    expect(refused(h2)).toBe(
      `tableCells "open/${row.id}/action": only plain text is allowed (no embedded objects or formatting)`,
    );
  });
});

describe('checkTransaction: what it reports as touched', () => {
  /** The touched keys each transaction on the client's document reports, checked as `policy`. */
  const watch = checkedReview;

  it('reports a rating, a text edit and a new row by their keys, with nothing removed', () => {
    const w = watch({ canEditLocked: false, userId: alice.id });
    w.review.setRating('t1', 'c1', 'p1', 'a');
    w.review.focus('t1', 'c1').insert(0, 'Plan');
    const row = w.review.addTableRow('open', alice);
    expect(w.errors).toEqual([]);
    expect(w.reports).toEqual([
      [{ root: Root.ratings, key: 't1/c1/p1' }],
      [{ root: Root.focus, key: 't1/c1' }],
      [
        { root: Root.tableCells, key: `open/${row.id}/action` },
        { root: Root.tableCells, key: `open/${row.id}/when` },
        { root: Root.tableCells, key: `open/${row.id}/-` },
        { root: Root.tableRows, key: 'open' },
      ],
    ]);
    expect(w.reports.flat().every((t) => !('removed' in t))).toBe(true);
  });

  it('reports a deletion together with an addition as not only a removal', () => {
    const w = watch({ canEditLocked: false, userId: alice.id });
    const first = w.review.addComment('c1', alice, 'First thought');
    w.doc.transact(() => {
      w.review.comments('c1').delete(0, 1);
      w.review.addComment('c1', alice, 'Second thought');
    });
    expect(w.errors).toEqual([]);
    expect(w.reports.at(-1)).toEqual([
      {
        root: Root.comments,
        key: 'c1',
        removed: [{ id: first.id, text: 'First thought', by: alice.id, byName: alice.name }],
        onlyRemoved: false,
      },
    ]);
  });

  it('does not count an item added and deleted in one transaction, or an earlier deletion, as a removal', () => {
    const w = watch({ canEditLocked: false, userId: bob.id });
    w.doc.transact(() => {
      w.review.addComment('c1', bob, 'Never mind');
      w.review.comments('c1').delete(0, 1);
    });
    expect(w.reports.at(-1)).toEqual([{ root: Root.comments, key: 'c1' }]);
    w.review.addEvidenceItem('c2', bob, 'Bob’s');
    w.review.evidenceItems('c2').delete(0, 1);
    // Someone else adds to the same list later: Bob's earlier deletion is not theirs to answer for.
    const alices = watch({ canEditLocked: false, userId: alice.id }, w.doc);
    expect(alices.review.evidenceItems('c2').length).toBe(0);
    alices.review.addEvidenceItem('c2', alice, 'Alice’s');
    expect(alices.errors).toEqual([]);
    expect(alices.reports.at(-1)).toEqual([{ root: Root.evidenceItems, key: 'c2' }]);
  });

  it('applies no author rule to deletions when the policy names no user', () => {
    const w = watch({ canEditLocked: false });
    w.review.addComment('c1', bob, 'Anyone may tidy this');
    w.review.comments('c1').delete(0, 1);
    expect(w.errors).toEqual([]);
  });
});

describe('checkTransaction: edges of the rules', () => {
  it('refuses a status for an unknown comment while other comments exist', () => {
    const h = harness(phasedFramework, { canEditLocked: false, userId: alice.id });
    h.review.addComment('c1', alice, 'Exists');
    expect(h.send()).toBeNull();
    h.review.setCommentResolved('not-that-one', alice, true);
    expect(refused(h)).toBe('commentStatus "not-that-one": no such comment');
  });

  it('allows a new row cell of exactly the length limit, and refuses a cell of another row', () => {
    const h = harness();
    const row = { id: newId(), by: alice.id, byName: alice.name, at: new Date().toISOString() };
    h.client.transact(() => {
      h.client.getMap(Root.tableCells).set(`open/${row.id}/action`, new Y.Text('x'.repeat(Limits.maxTextLength)));
      h.client.getMap<Y.Array<unknown>>(Root.tableRows).get('open')?.push([row]);
    });
    expect(h.send()).toBeNull();
    const stranger = newId();
    h.client.getMap(Root.tableCells).set(`open/${stranger}/action`, new Y.Text());
    expect(refused(h)).toBe(`tableCells "open/${stranger}/action": no such row`);
  });

  it('refuses a new cell in the transaction that removes its table’s row list, naming the missing row', () => {
    const h = harness();
    const row = newId();
    h.client.transact(() => {
      h.client.getMap(Root.tableCells).set(`open/${row}/action`, new Y.Text('x'));
      h.client.getMap(Root.tableRows).delete('open');
    });
    expect(refused(h)).toBe(`tableCells "open/${row}/action": no such row`);
  });

  it('names the value when a list item is not an object at all', () => {
    const h = harness();
    h.client.getMap<Y.Array<unknown>>(Root.comments).get('c1')?.push(['just a string']);
    expect(refused(h)).toMatch(/^comments "c1" item 0: value /);
  });
});

describe('checkTransaction: renaming and removing added table rows', () => {
  /** A row Bob added to the open table, and the harness with `policy` for what comes next. */
  const withRow = (policy: ChangePolicy) => {
    const h = harness(phasedFramework, { canEditLocked: false, userId: bob.id });
    const row = h.review.addTableRow('open', bob);
    expect(h.send()).toBeNull();
    Object.assign(h.policy, policy);
    return { h, row };
  };
  const editor = (user: { id: string }) => ({ canEditLocked: false, userId: user.id, isFacilitator: false });
  const facilitator = { canEditLocked: true, userId: alice.id, isFacilitator: true };

  it('gives a new row an empty name its author can set', () => {
    const { h, row } = withRow(editor(bob));
    expect(h.review.rowName('open', row.id)?.toJSON()).toBe('');
    h.review.renameTableRow('open', row.id, ' Attendance target ');
    expect(h.send()).toBeNull();
    expect(h.shadow.getMap<Y.Text>(Root.tableCells).get(`open/${row.id}/-`)?.toJSON()).toBe('Attendance target');
  });

  it('refuses another editor renaming the row, and lets a facilitator', () => {
    const { h, row } = withRow(editor(alice));
    h.review.renameTableRow('open', row.id, 'Mine now');
    expect(refused(h)).toBe(`tableCells "open/${row.id}/-": only the row's author or a facilitator can rename it`);
    const { h: h2, row: row2 } = withRow(facilitator);
    h2.review.renameTableRow('open', row2.id, 'Renamed by the facilitator');
    expect(h2.send()).toBeNull();
  });

  it('refuses another editor naming an older row that has no name yet', () => {
    const { h, row } = withRow(editor(alice));
    h.client.getMap(Root.tableCells).set(`open/${row.id}/-`, new Y.Text('Taken'));
    expect(refused(h)).toBe(`tableCells "open/${row.id}/-": only the row's author or a facilitator can rename it`);
  });

  it('refuses a name over the limit, and a name for a row that does not exist', () => {
    const { h, row } = withRow(editor(bob));
    h.review.renameTableRow('open', row.id, 'x'.repeat(Limits.maxRowNameLength + 1));
    expect(refused(h)).toBe(
      `tableCells "open/${row.id}/-": a row name is ${Limits.maxRowNameLength + 1} characters; the limit is ${Limits.maxRowNameLength}`,
    );
    const { h: h2 } = withRow(editor(bob));
    h2.client.getMap(Root.tableCells).set(`open/${newId()}/-`, new Y.Text('Ghost'));
    expect(refused(h2)).toMatch(/^tableCells "open\/[^"]+\/-": no such row$/);
    // A fixed table's rows have their names in the framework.
    const { h: h3 } = withRow(editor(bob));
    h3.client.getMap(Root.tableCells).set('fixed/r1/-', new Y.Text('Renamed'));
    expect(refused(h3)).toContain(`tableCells "fixed/r1/-": the review's structure`);
  });

  it('refuses an observer renaming or removing any row', () => {
    const { h, row } = withRow({ canEditLocked: false, userId: bob.id, readOnly: true });
    h.review.renameTableRow('open', row.id, 'Observed');
    expect(refused(h)).toBe('this connection is read-only (observer): changes are not applied');
    const { h: h2, row: row2 } = withRow({ canEditLocked: false, userId: bob.id, readOnly: true });
    h2.review.removeTableRow('open', row2.id);
    expect(refused(h2)).toBe('this connection is read-only (observer): changes are not applied');
  });

  it('refuses an editor removing someone else’s row', () => {
    const { h, row } = withRow(editor(alice));
    h.review.removeTableRow('open', row.id);
    expect(refused(h)).toBe(`tableRows "open": only its author or a facilitator can delete item "${row.id}"`);
  });

  it('lets the author, or a facilitator, remove a row', () => {
    for (const policy of [editor(bob), facilitator]) {
      const { h, row } = withRow(policy);
      h.review.removeTableRow('open', row.id);
      expect(h.send()).toBeNull();
      expect(h.shadow.getMap<Y.Array<unknown>>(Root.tableRows).get('open')?.length).toBe(0);
    }
  });
});
