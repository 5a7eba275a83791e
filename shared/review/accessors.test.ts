import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MissingStructureError, ReviewDoc, newId } from './accessors.ts';
import { commentSchema, evidenceItemSchema, lockSchema, tableRowSchema } from './entities.ts';
import { NO_PHASE, NOT_APPLICABLE } from './keys.ts';
import { Root } from './roots.ts';
import { alice, bob, copyOf, phasedFramework, plainFramework, skeletonDoc, sync } from './test-fixtures.ts';

const phased = (): ReviewDoc => new ReviewDoc(skeletonDoc(phasedFramework), phasedFramework);
const plain = (): ReviewDoc => new ReviewDoc(skeletonDoc(plainFramework), plainFramework);

/** Two clients of the same review, each holding the server's skeleton. */
function twoClients(): [ReviewDoc, ReviewDoc] {
  const server = skeletonDoc(phasedFramework);
  return [new ReviewDoc(copyOf(server), phasedFramework), new ReviewDoc(copyOf(server), phasedFramework)];
}

const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('newId', () => {
  it('makes distinct 16-character URL-safe ids the entity schemas accept', () => {
    const ids = Array.from({ length: 200 }, newId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});

describe('ReviewDoc meta', () => {
  it('reads the meta the skeleton wrote', () => {
    const review = phased();
    expect(review.framework).toBe(phasedFramework);
    expect(review.meta()).toMatchObject({ schemaVersion: 2, reviewId: 'review-1', frameworkId: 'phased' });
  });
});

describe('ReviewDoc ratings', () => {
  it('sets, reads and clears a rating per track, criterion and phase', () => {
    const review = phased();
    review.setRating('t1', 'c1', 'p1', 'a');
    review.setRating('t2', 'c1', 'p1', 'b');
    review.setRating('t1', 'c1', 'p3', 'c');
    expect(review.getRating('t1', 'c1', 'p1')).toBe('a');
    expect(review.getRating('t2', 'c1', 'p1')).toBe('b');
    expect(review.getRating('t1', 'c1', 'p3')).toBe('c');
    expect(review.getRating('t1', 'c1', 'p2')).toBeUndefined();
    expect(review.ratings.toJSON()).toEqual({ 't1/c1/p1': 'a', 't2/c1/p1': 'b', 't1/c1/p3': 'c' });
    review.setRating('t1', 'c1', 'p1', 'b');
    expect(review.getRating('t1', 'c1', 'p1')).toBe('b');
    review.setRating('t1', 'c1', 'p1', null);
    expect(review.getRating('t1', 'c1', 'p1')).toBeUndefined();
    expect(review.ratings.has('t1/c1/p1')).toBe(false);
  });

  it('uses NO_PHASE by default for frameworks without phases', () => {
    const review = plain();
    review.setRating('self', 'k1', NO_PHASE, 'c');
    expect(review.getRating('self', 'k1')).toBe('c');
    expect(() => review.setRating('self', 'k1', 'p1', 'c')).toThrow(MissingStructureError);
  });

  it('accepts NOT_APPLICABLE only when the scale offers it', () => {
    const review = phased();
    review.setRating('t1', 'c2', 'p2', NOT_APPLICABLE);
    expect(review.getRating('t1', 'c2', 'p2')).toBe(NOT_APPLICABLE);
    const other = plain();
    expect(() => other.setRating('self', 'k1', NO_PHASE, NOT_APPLICABLE)).toThrow('"n/a" is not a level');
    expect(other.ratings.size).toBe(0);
  });

  it('refuses unknown levels and keys without writing anything', () => {
    const review = phased();
    expect(() => review.setRating('t1', 'c1', 'p1', 'z')).toThrow('"z" is not a level of this framework');
    expect(() => review.setRating('t9', 'c1', 'p1', 'a')).toThrow(MissingStructureError);
    expect(() => review.setRating('t1', 'c9', 'p1', 'a')).toThrow(MissingStructureError);
    // c2 is judged in phase p2 only.
    expect(() => review.setRating('t1', 'c2', 'p1', 'a')).toThrow(/no rating "t1\/c2\/p1"/);
    expect(() => review.setRating('t1', 'c2', 'p1', null)).toThrow(MissingStructureError);
    expect(review.ratings.size).toBe(0);
  });
});

describe('ReviewDoc agreed ratings', () => {
  it('sets, reads and clears the agreed rating per criterion and phase', () => {
    const review = phased();
    review.setAgreed('c3', 'p3', 'b');
    review.setAgreed('c1', 'p1', NOT_APPLICABLE);
    expect(review.getAgreed('c3', 'p3')).toBe('b');
    expect(review.getAgreed('c1', 'p1')).toBe(NOT_APPLICABLE);
    expect(review.getAgreed('c3', 'p1')).toBeUndefined();
    review.setAgreed('c3', 'p3', null);
    expect(review.getAgreed('c3', 'p3')).toBeUndefined();
    expect(review.doc.getMap(Root.agreed).toJSON()).toEqual({ 'c1/p1': NOT_APPLICABLE });
  });

  it('refuses a phase the criterion is not judged in', () => {
    const review = phased();
    expect(() => review.setAgreed('c2', 'p3', 'a')).toThrow(MissingStructureError);
    expect(() => review.setAgreed('nope', NO_PHASE, 'a')).toThrow(MissingStructureError);
  });

  it('defaults to NO_PHASE for frameworks without phases', () => {
    const review = plain();
    review.setAgreed('k2', NO_PHASE, 'a');
    expect(review.getAgreed('k2')).toBe('a');
  });

  it('refuses an agreed rating that is not a level of the framework', () => {
    const review = phased();
    expect(() => review.setAgreed('c1', 'p1', 'z')).toThrow('"z" is not a level of this framework');
    expect(review.getAgreed('c1', 'p1')).toBeUndefined();
  });
});

describe('ReviewDoc locks', () => {
  it('locks with the author and a timestamp, and unlocks', () => {
    const review = phased();
    expect(review.lockOf('c1')).toBeUndefined();
    review.setLocked('c1', alice);
    const lock = review.lockOf('c1');
    expect(lock).toMatchObject({ by: alice.id, byName: alice.name });
    expect(lock?.at).toMatch(isoTime);
    expect(lockSchema.safeParse(lock).success).toBe(true);
    expect(review.lockOf('c2')).toBeUndefined();
    review.setLocked('c1', null);
    expect(review.lockOf('c1')).toBeUndefined();
  });

  it('refuses an unknown criterion', () => {
    const review = phased();
    expect(() => review.setLocked('nope', alice)).toThrow(MissingStructureError);
    expect(review.doc.getMap(Root.locks).size).toBe(0);
  });
});

describe('ReviewDoc texts', () => {
  it('edits focus and evidence texts per track and criterion, independently', () => {
    const review = phased();
    review.focus('t1', 'c1').insert(0, 'Improve attendance');
    review.evidence('t1', 'c1').insert(0, 'Attendance data 2023');
    review.focus('t2', 'c1').insert(0, 'Other track');
    expect(review.focus('t1', 'c1').toJSON()).toBe('Improve attendance');
    expect(review.evidence('t1', 'c1').toJSON()).toBe('Attendance data 2023');
    expect(review.focus('t2', 'c1').toJSON()).toBe('Other track');
    expect(review.focus('t1', 'c2').toJSON()).toBe('');
    // The accessor returns the skeleton's own text, not a copy.
    expect(review.focus('t1', 'c1')).toBe(review.doc.getMap(Root.focus).get('t1/c1'));
  });

  it('throws MissingStructureError for texts the skeleton did not build, and creates nothing', () => {
    const review = phased();
    expect(() => review.focus('t1', 'nope')).toThrow(MissingStructureError);
    expect(() => review.evidence('t3', 'c1')).toThrow(MissingStructureError);
    expect(() => review.cell('fixed', 'r3', 'x')).toThrow(MissingStructureError);
    expect(() => review.formText('visit', 'sec1', 'grade')).toThrow(MissingStructureError);
    expect(review.doc.getMap(Root.focus).has('t1/nope')).toBe(false);
  });

  it('throws MissingStructureError on a document that lacks the skeleton', () => {
    const review = new ReviewDoc(new Y.Doc(), phasedFramework);
    expect(() => review.focus('t1', 'c1')).toThrow(MissingStructureError);
    expect(() => review.evidenceItems('c1')).toThrow(MissingStructureError);
  });

  it('edits fixed table cells and form text fields', () => {
    const review = phased();
    review.cell('fixed', 'r2', 'y').insert(0, '42%');
    review.formText('visit', NO_PHASE, 'name').insert(0, 'Jo Bloggs');
    review.formText('visit', 'sec1', 'notes').insert(0, 'Well prepared');
    expect(review.cell('fixed', 'r2', 'y').toJSON()).toBe('42%');
    expect(review.cell('fixed', 'r1', 'y').toJSON()).toBe('');
    expect(review.formText('visit', NO_PHASE, 'name').toJSON()).toBe('Jo Bloggs');
    expect(review.formText('visit', 'sec1', 'notes').toJSON()).toBe('Well prepared');
  });
});

describe('ReviewDoc evidence items and comments', () => {
  it('adds evidence items stamped with their author, with or without a url', () => {
    const review = phased();
    const first = review.addEvidenceItem('c1', alice, 'Minutes of governors meeting');
    const second = review.addEvidenceItem('c1', bob, 'Ofsted report', 'https://example.org/report');
    expect(first).toMatchObject({ text: 'Minutes of governors meeting', by: alice.id, byName: 'Alice' });
    expect('url' in first).toBe(false);
    expect(second).toMatchObject({ url: 'https://example.org/report', by: bob.id, byName: 'Bob' });
    expect(first.id).not.toBe(second.id);
    expect(review.evidenceItems('c1').toArray()).toEqual([first, second]);
    expect(review.evidenceItems('c2').length).toBe(0);
    for (const item of [first, second]) expect(evidenceItemSchema.safeParse(item).success).toBe(true);
  });

  it('adds comments with authors, and resolves and reopens them', () => {
    const review = phased();
    const comment = review.addComment('c3', alice, 'Is this evidenced?');
    expect(comment).toMatchObject({ text: 'Is this evidenced?', by: alice.id, byName: 'Alice' });
    expect(commentSchema.safeParse(comment).success).toBe(true);
    expect(review.comments('c3').toArray()).toEqual([comment]);
    expect(review.commentStatus(comment.id)).toBeUndefined();

    review.setCommentResolved(comment.id, bob, true);
    expect(review.commentStatus(comment.id)).toMatchObject({ resolved: true, by: bob.id, byName: 'Bob' });
    review.setCommentResolved(comment.id, alice, false);
    expect(review.commentStatus(comment.id)).toMatchObject({ resolved: false, by: alice.id, byName: 'Alice' });
    // Resolving never touches the thread itself.
    expect(review.comments('c3').toArray()).toEqual([comment]);
  });

  it('refuses lists of unknown criteria', () => {
    const review = phased();
    expect(() => review.addEvidenceItem('nope', alice, 'x')).toThrow(MissingStructureError);
    expect(() => review.addComment('nope', alice, 'x')).toThrow(MissingStructureError);
  });
});

describe('ReviewDoc tables', () => {
  it('adds a row to an open table, with an empty cell per column, in one transaction', () => {
    const review = phased();
    let transactions = 0;
    review.doc.on('afterTransaction', () => transactions++);
    const row = review.addTableRow('open', alice);
    expect(transactions).toBe(1);
    expect(row).toMatchObject({ by: alice.id, byName: 'Alice' });
    expect(tableRowSchema.safeParse(row).success).toBe(true);
    expect(review.addedRows('open').toArray()).toEqual([row]);
    expect(review.cell('open', row.id, 'action').toJSON()).toBe('');
    expect(review.cell('open', row.id, 'when')).toBeInstanceOf(Y.Text);
    review.cell('open', row.id, 'action').insert(0, 'Train staff');
    expect(review.cell('open', row.id, 'action').toJSON()).toBe('Train staff');
  });

  it('adds rows to an open table that also has fixed rows', () => {
    const review = phased();
    const row = review.addTableRow('mixed', bob);
    expect(review.addedRows('mixed').toArray()).toEqual([row]);
    expect(review.cell('mixed', row.id, 'v')).toBeInstanceOf(Y.Text);
    expect(review.cell('mixed', 'm1', 'v')).toBeInstanceOf(Y.Text);
  });

  it('refuses to add a row to a fixed table, or an unknown one', () => {
    const review = phased();
    const cellsBefore = review.doc.getMap(Root.tableCells).size;
    expect(() => review.addTableRow('fixed', alice)).toThrow('table "fixed" does not take new rows');
    expect(() => review.addTableRow('nope', alice)).toThrow('does not take new rows');
    expect(review.doc.getMap(Root.tableCells).size).toBe(cellsBefore);
    expect(() => review.addedRows('fixed')).toThrow(MissingStructureError);
  });
});

describe('ReviewDoc form grades', () => {
  it('sets, reads and clears a grade field', () => {
    const review = phased();
    expect(review.getFormGrade('visit', 'sec1', 'grade')).toBeUndefined();
    review.setFormGrade('visit', 'sec1', 'grade', 'g2');
    expect(review.getFormGrade('visit', 'sec1', 'grade')).toBe('g2');
    review.setFormGrade('visit', 'sec1', 'grade', null);
    expect(review.getFormGrade('visit', 'sec1', 'grade')).toBeUndefined();
  });

  it('refuses unknown grades and fields that are not grade fields', () => {
    const review = phased();
    expect(() => review.setFormGrade('visit', 'sec1', 'grade', 'g9')).toThrow('"g9" is not a grade of this form');
    expect(() => review.setFormGrade('visit', 'sec1', 'notes', 'g1')).toThrow(MissingStructureError);
    expect(() => review.setFormGrade('visit', 'sec2', 'grade', 'g1')).toThrow(MissingStructureError);
    // A text field is never read as a grade, and was not replaced.
    expect(review.getFormGrade('visit', 'sec1', 'notes')).toBeUndefined();
    expect(review.formText('visit', 'sec1', 'notes')).toBeInstanceOf(Y.Text);
    expect(review.getFormGrade('visit', 'sec1', 'grade')).toBeUndefined();
  });
});

describe('two clients editing concurrently', () => {
  it('keep both concurrent inserts into the same text', () => {
    const [a, b] = twoClients();
    a.focus('t1', 'c1').insert(0, 'Alpha. ');
    b.focus('t1', 'c1').insert(0, 'Beta. ');
    expect(a.focus('t1', 'c1').toJSON()).toBe('Alpha. ');
    sync(a.doc, b.doc);
    const merged = a.focus('t1', 'c1').toJSON();
    expect(merged).toBe(b.focus('t1', 'c1').toJSON());
    expect(merged).toContain('Alpha. ');
    expect(merged).toContain('Beta. ');
    expect(merged).toHaveLength('Alpha. Beta. '.length);
  });

  it('converge on one value for concurrent sets of the same rating', () => {
    const [a, b] = twoClients();
    a.setRating('t1', 'c1', 'p2', 'a');
    b.setRating('t1', 'c1', 'p2', 'c');
    sync(a.doc, b.doc);
    const winner = a.getRating('t1', 'c1', 'p2');
    expect(winner).toBe(b.getRating('t1', 'c1', 'p2'));
    expect(['a', 'c']).toContain(winner);
  });

  it('keep concurrent ratings of different keys, and a clear against a set converges', () => {
    const [a, b] = twoClients();
    a.setRating('t1', 'c1', 'p1', 'a');
    b.setRating('t2', 'c1', 'p1', 'b');
    sync(a.doc, b.doc);
    expect(a.ratings.toJSON()).toEqual({ 't1/c1/p1': 'a', 't2/c1/p1': 'b' });
    expect(b.ratings.toJSON()).toEqual(a.ratings.toJSON());
    a.setRating('t1', 'c1', 'p1', null);
    b.setRating('t1', 'c1', 'p1', 'c');
    sync(a.doc, b.doc);
    expect(a.getRating('t1', 'c1', 'p1')).toBe(b.getRating('t1', 'c1', 'p1'));
  });

  it('keep both clients’ evidence items, comments and table rows', () => {
    const [a, b] = twoClients();
    const itemA = a.addEvidenceItem('c2', alice, 'From Alice');
    const itemB = b.addEvidenceItem('c2', bob, 'From Bob');
    const commentA = a.addComment('c1', alice, 'Alice asks');
    const commentB = b.addComment('c1', bob, 'Bob asks');
    const rowA = a.addTableRow('open', alice);
    const rowB = b.addTableRow('open', bob);
    a.cell('open', rowA.id, 'action').insert(0, 'A action');
    b.cell('open', rowB.id, 'action').insert(0, 'B action');
    sync(a.doc, b.doc);
    for (const review of [a, b]) {
      expect(
        review
          .evidenceItems('c2')
          .toArray()
          .map((i) => i.id)
          .sort(),
      ).toEqual([itemA.id, itemB.id].sort());
      expect(
        review
          .comments('c1')
          .toArray()
          .map((c) => c.id)
          .sort(),
      ).toEqual([commentA.id, commentB.id].sort());
      expect(
        review
          .addedRows('open')
          .toArray()
          .map((r) => r.id)
          .sort(),
      ).toEqual([rowA.id, rowB.id].sort());
      expect(review.cell('open', rowA.id, 'action').toJSON()).toBe('A action');
      expect(review.cell('open', rowB.id, 'action').toJSON()).toBe('B action');
    }
    expect(a.evidenceItems('c2').toArray()).toEqual(b.evidenceItems('c2').toArray());
  });

  it('end with identical documents after mixed concurrent edits', () => {
    const [a, b] = twoClients();
    a.setLocked('c3', alice);
    b.setAgreed('c3', 'p1', 'a');
    a.setFormGrade('visit', 'sec1', 'grade', 'g1');
    b.setFormGrade('visit', 'sec1', 'grade', 'g2');
    a.evidence('t2', 'c2').insert(0, 'left');
    b.evidence('t2', 'c2').insert(0, 'right');
    sync(a.doc, b.doc);
    for (const name of Object.values(Root)) {
      expect(a.doc.getMap(name).toJSON(), name).toEqual(b.doc.getMap(name).toJSON());
    }
    expect(a.lockOf('c3')?.by).toBe(alice.id);
    expect(b.getAgreed('c3', 'p1')).toBe('a');
    expect(['g1', 'g2']).toContain(a.getFormGrade('visit', 'sec1', 'grade'));
  });
});
