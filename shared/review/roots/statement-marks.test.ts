import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { ReviewDoc } from '../accessors.ts';
import { reviewModel } from '../model.ts';
import { Root } from '../roots.ts';
import { buildSkeleton } from '../skeleton.ts';
import { alice, metaFor, phasedFramework } from '../test-fixtures.ts';
import { checkTransaction } from '../validate-update.ts';

it('statementMarks: a mark set in the transaction that removes its criterion’s evidence list is refused by name, not with a TypeError', () => {
  const model = reviewModel(phasedFramework);
  const doc = new Y.Doc();
  doc.transact(() => buildSkeleton(doc, phasedFramework, metaFor(phasedFramework)), 'load');
  const errors: string[] = [];
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.origin === 'load') return;
    try {
      checkTransaction(tr, model, { canEditLocked: false, userId: alice.id });
    } catch (e) {
      errors.push((e as Error).message);
    }
  });
  const review = new ReviewDoc(doc, phasedFramework);
  doc.transact(() => {
    review.setMark('t1', 'c1', 'level:a:0', alice, 'evidenced', []);
    doc.getMap(Root.evidenceItems).delete('c1');
  });
  expect(errors).toEqual([
    `evidenceItems "c1": the review's structure is built by the server and cannot be added to or removed`,
  ]);
});
