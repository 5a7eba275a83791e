import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { statementMarkSchema, tableRowSchema } from '../entities.ts';
import { reviewModel } from '../model.ts';
import { Root } from '../roots.ts';
import { alice, bob, checkedReview, phasedFramework } from '../test-fixtures.ts';
import { checkList, checkText } from './nested.ts';
import { registerRoot } from './registry.ts';
import { InvalidUpdateError, defineRoot, issueOf, type CheckContext } from './root-module.ts';

const model = reviewModel(phasedFramework);

/** The message `check` refuses with, or '' when it passes. */
function refusal(check: () => unknown): string {
  try {
    check();
    return '';
  } catch (e) {
    if (!(e instanceof InvalidUpdateError)) throw e;
    return e.message;
  }
}

describe('the checks of texts and lists under a root’s keys', () => {
  it('refuse a structure of the other kind by name', () => {
    const doc = new Y.Doc();
    const list = doc.getMap('probe').set('list', new Y.Array());
    const text = doc.getMap('probe').set('text', new Y.Text());
    doc.transact((tr) => {
      const ctx: CheckContext = { model, tr, policy: { canEditLocked: false } };
      expect(refusal(() => checkText(list, 'focus', 't1/c1'))).toBe('focus "t1/c1": expected text');
      expect(refusal(() => checkList(tableRowSchema, text, 'tableRows', 'open', ctx))).toBe(
        'tableRows "open": expected a list',
      );
      expect(checkText(text, 'focus', 't1/c1')).toEqual({ added: 0, removed: [] });
      expect(checkList(tableRowSchema, list, 'tableRows', 'open', ctx)).toEqual({ added: 0, removed: [] });
    });
  });

  it('report a removed table row with its author and no text (a row has none)', () => {
    const w = checkedReview({ canEditLocked: false, userId: bob.id });
    const row = w.review.addTableRow('open', bob);
    w.doc.transact(() => w.review.addedRows('open').delete(0, 1));
    expect(w.errors).toEqual([]);
    expect(w.reports.at(-1)).toEqual([
      {
        root: Root.tableRows,
        key: 'open',
        removed: [{ id: row.id, text: '', by: bob.id, byName: bob.name }],
        onlyRemoved: true,
      },
    ]);
  });
});

describe('issueOf', () => {
  it('names a nested field by its path', () => {
    const parsed = statementMarkSchema.safeParse({
      mark: 'partly',
      items: ['item01', ''],
      by: alice.id,
      byName: alice.name,
      at: '2026-01-01T00:00:00Z',
    });
    expect(parsed.success).toBe(false);
    expect(issueOf(parsed.error!)).toMatch(/^items\.1 /);
  });

  it('says "invalid" for an error that names no issue', () => {
    expect(issueOf({ issues: [] })).toBe('invalid');
  });
});

describe('registerRoot', () => {
  it('refuses a second root of a name already registered, and takes a new one', () => {
    const clash = defineRoot({ name: 'ratings', holds: 'values' });
    expect(() => registerRoot(clash)).toThrow('root "ratings" is already registered');
    const unregister = registerRoot(defineRoot({ name: 'probeNotes', holds: 'texts' }));
    unregister();
  });
});
