import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Limits } from '../../protocol/limits.ts';
import { ReviewDoc } from '../accessors.ts';
import { MODERATION_STATEMENT } from '../keys.ts';
import { Root } from '../roots.ts';
import { alice, bob, checkedReview, phasedFramework } from '../test-fixtures.ts';
import type { ChangePolicy } from '../validate-update.ts';

/** A row added by another client, already held by the server. */
function rowFromElsewhere(doc: Y.Doc, who: typeof alice) {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  const row = new ReviewDoc(other, phasedFramework).addTableRow('open', who);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), 'load');
  return row;
}

const editor = (user: { id: string }): ChangePolicy => ({ canEditLocked: false, userId: user.id });

describe('tableCells: an added row’s name', () => {
  it('may be exactly as long as the limit', () => {
    const w = checkedReview(editor(bob));
    const row = w.review.addTableRow('open', bob);
    w.review.renameTableRow('open', row.id, 'x'.repeat(Limits.maxRowNameLength));
    expect(w.errors).toEqual([]);
  });

  it('is checked against its own row’s author when an older row by someone else comes first', () => {
    const w = checkedReview(editor(bob));
    const theirs = rowFromElsewhere(w.doc, alice);
    const mine = w.review.addTableRow('open', bob);
    w.review.renameTableRow('open', mine.id, 'Mine');
    expect(w.errors).toEqual([]);
    w.review.renameTableRow('open', theirs.id, 'Not mine');
    expect(w.errors).toEqual([
      `tableCells "open/${theirs.id}/-": only the row's author or a facilitator can rename it`,
    ]);
  });

  it('follows no author rule when the connection names no user', () => {
    const w = checkedReview({ canEditLocked: false });
    const theirs = rowFromElsewhere(w.doc, alice);
    w.review.renameTableRow('open', theirs.id, 'Renamed');
    expect(w.errors).toEqual([]);
  });

  it('cannot be changed once its row is removed, nor in the transaction that removes it', () => {
    const w = checkedReview(editor(bob));
    const row = w.review.addTableRow('open', bob);
    w.doc.transact(() => {
      w.review.rowName('open', row.id)!.insert(0, 'Last words');
      w.review.removeTableRow('open', row.id);
    });
    expect(w.errors).toEqual([`tableCells "open/${row.id}/-": no such row`]);
    const later = checkedReview(editor(bob));
    const gone = later.review.addTableRow('open', bob);
    later.review.removeTableRow('open', gone.id);
    expect(later.errors).toEqual([]);
    later.review.rowName('open', gone.id)!.insert(0, 'Too late');
    expect(later.errors).toEqual([`tableCells "open/${gone.id}/-": no such row`]);
  });

  it('is refused by name, not with a TypeError, in a transaction that removes its table’s row list', () => {
    const w = checkedReview(editor(bob));
    const row = w.review.addTableRow('open', bob);
    w.doc.transact(() => {
      w.review.rowName('open', row.id)!.insert(0, 'Orphan');
      w.doc.getMap(Root.tableRows).delete('open');
    });
    expect(w.errors).toEqual([`tableCells "open/${row.id}/-": no such row`]);
  });
});

describe('tableCells and moderationStatement texts', () => {
  it('refuse a key of the wrong shape as structure the server builds', () => {
    const w = checkedReview(editor(bob));
    w.doc.getMap(Root.tableCells).set('open', new Y.Text());
    expect(w.errors).toEqual([
      `tableCells "open": the review's structure is built by the server and cannot be added to or removed`,
    ]);
  });

  it('refuse formatting, naming the root and key', () => {
    const w = checkedReview(editor(bob));
    w.review.cell('fixed', 'r1', 'x').insert(0, 'bold', { bold: true });
    w.review.moderationStatement().insert(0, 'bold', { bold: true });
    expect(w.errors.map((e) => e.replace(/:.*/, ''))).toEqual([
      'tableCells "fixed/r1/x"',
      `moderationStatement "${MODERATION_STATEMENT}"`,
    ]);
    expect(w.errors.every((e) => e.endsWith('only plain text is allowed (no embedded objects or formatting)'))).toBe(
      true,
    );
  });

  it('moderationStatement: refuses an edit of a text under any other key (one a document the server never checked could hold)', () => {
    const w = checkedReview(editor(bob));
    w.doc.transact(() => w.doc.getMap(Root.moderationStatement).set('other', new Y.Text()), 'load');
    (w.doc.getMap(Root.moderationStatement).get('other') as Y.Text).insert(0, 'Hidden');
    expect(w.errors).toEqual(['moderationStatement "other": unexpected nested structure']);
  });
});
