import { expect, it } from 'vitest';
import { Root } from '../roots.ts';
import { alice, checkedReview } from '../test-fixtures.ts';

it('statementMarks: a mark set in the transaction that removes its criterion’s evidence list is refused by name, not with a TypeError', () => {
  const { doc, review, errors } = checkedReview({ canEditLocked: false, userId: alice.id });
  doc.transact(() => {
    review.setMark('t1', 'c1', 'level:a:0', alice, 'evidenced', []);
    doc.getMap(Root.evidenceItems).delete('c1');
  });
  expect(errors).toEqual([
    `evidenceItems "c1": the review's structure is built by the server and cannot be added to or removed`,
  ]);
});
