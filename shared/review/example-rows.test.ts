import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Framework } from '../framework/schema.ts';
import { ReviewDoc } from './accessors.ts';
import type { TouchedKey } from './history.ts';
import { cellKey } from './keys.ts';
import { Limits } from '../protocol/limits.ts';
import { EXAMPLE_LABEL, exampleRowItem, reviewModel } from './model.ts';
import { checkKey } from './overall-scopes.ts';
import { Root, defineRoots } from './roots.ts';
import { buildSkeleton } from './skeleton.ts';
import { alice, bob, builtInFrameworks, metaFor } from './test-fixtures.ts';
import { InvalidUpdateError, checkTransaction, type ChangePolicy } from './validate-update.ts';

const byId = (id: string): Framework => {
  const fw = builtInFrameworks().find((f) => f.id === id);
  if (!fw) throw new Error(`no built-in ${id}`);
  return fw;
};
const ba = byId('ba-partnership-sef');
const mk = byId('milton-keynes-sif');
const editor = (who = bob): ChangePolicy => ({ canEditLocked: false, userId: who.id });

/** A server shadow and a client, the client's changes checked as the room checks them. */
function harness(fw: Framework, initial: ChangePolicy) {
  const model = reviewModel(fw);
  const server = new Y.Doc();
  buildSkeleton(server, fw, metaFor(fw));
  const state = { policy: initial, error: null as Error | null, touched: [] as TouchedKey[] };
  /** The shadow the server checks updates on; rebuilt from what was accepted after a refusal, as the room does. */
  const makeShadow = (from: Uint8Array): Y.Doc => {
    const doc = new Y.Doc();
    defineRoots(doc);
    Y.applyUpdate(doc, from, 'load');
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.origin === 'load') return;
      try {
        state.touched = checkTransaction(tr, model, state.policy);
      } catch (e) {
        state.error = e instanceof Error ? e : new Error(String(e));
      }
    });
    return doc;
  };
  let shadow = makeShadow(Y.encodeStateAsUpdate(server));
  /** A client document, in step with what the server accepted. */
  const client = (): ReviewDoc => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(shadow));
    return new ReviewDoc(doc, fw);
  };
  const send = (from: ReviewDoc, policy: ChangePolicy): string | null => {
    state.policy = policy;
    state.error = null;
    state.touched = [];
    const accepted = Y.encodeStateAsUpdate(shadow);
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(shadow)), 'client');
    const error = state.error as Error | null;
    if (error === null) return null;
    shadow = makeShadow(accepted);
    if (!(error instanceof InvalidUpdateError)) throw error;
    return error.message;
  };
  return { client, send, state, review: () => new ReviewDoc(shadow, fw) };
}

describe('example rows (B&A local outcomes): a review may reword or remove them', () => {
  it('gives each example row a wording cell and a removal tick, and no other row', () => {
    const model = reviewModel(ba);
    const examples = ba.tables?.flatMap((t) => t.rows.filter((r) => r.example).map((r) => `${t.id}/${r.id}`));
    expect(examples).toEqual(['outcomes/lo1', 'outcomes/lo2', 'outcomes/lo3']);
    for (const row of ['lo1', 'lo2', 'lo3']) {
      expect(model.cellKeys.has(cellKey('outcomes', row, EXAMPLE_LABEL))).toBe(true);
      expect(model.checkKeys.has(checkKey('example', exampleRowItem('outcomes', row)))).toBe(true);
    }
    expect(model.cellKeys.has(cellKey('outcomes', 'ko1', EXAMPLE_LABEL))).toBe(false);
    expect(model.checkKeys.has(checkKey('example', exampleRowItem('outcomes', 'ko1')))).toBe(false);
  });

  it('takes an editor’s own wording and removal, and putting it back', () => {
    const h = harness(ba, editor());
    const b = h.client();
    b.cell('outcomes', 'lo2', EXAMPLE_LABEL).insert(0, 'to reduce lateness by 10%');
    expect(h.send(b, editor())).toBeNull();
    expect(h.review().cell('outcomes', 'lo2', EXAMPLE_LABEL).toString()).toBe('to reduce lateness by 10%');
    b.setTicked('example', exampleRowItem('outcomes', 'lo3'), bob, true);
    expect(h.send(b, editor())).toBeNull();
    expect(h.review().isTicked('example', 'outcomes/lo3')).toBe(true);
    b.setTicked('example', exampleRowItem('outcomes', 'lo3'), bob, false);
    expect(h.send(b, editor())).toBeNull();
    expect(h.review().isTicked('example', 'outcomes/lo3')).toBe(false);
  });

  it('refuses removing a row that is not an example, a removal in another’s name, and an over-long wording', () => {
    const h = harness(ba, editor());
    const b = h.client();
    b.checks.set(checkKey('example', 'outcomes/ko1'), { by: bob.id, byName: 'Bob', at: new Date().toISOString() });
    expect(h.send(b, editor())).toMatch(/checks "example\/outcomes\/ko1": no such condition or trigger/);
    const c = h.client();
    c.setTicked('example', 'outcomes/lo1', alice, true);
    expect(h.send(c, editor())).toMatch(/must be set by its author/);
    const d = h.client();
    d.cell('outcomes', 'lo1', EXAMPLE_LABEL).insert(0, 'x'.repeat(Limits.maxTextLength + 1));
    expect(h.send(d, editor())).toMatch(/over|limit/);
    const e = h.client();
    e.doc.getMap<Y.Text>(Root.tableCells).set(cellKey('outcomes', 'ko1', EXAMPLE_LABEL), new Y.Text('mine'));
    expect(h.send(e, editor())).toMatch(
      /tableCells "outcomes\/ko1\/~label": the review's structure is built by the server/,
    );
  });
});

describe('cells the source fixes (Milton Keynes 2013 targets)', () => {
  it('have no text to edit: the skeleton leaves them out and a client cannot add one', () => {
    const model = reviewModel(mk);
    expect(model.cellKeys.has(cellKey('targets-14-19', '1', 'target-2013'))).toBe(false);
    const h = harness(mk, editor());
    const b = h.client();
    b.doc.getMap<Y.Text>(Root.tableCells).set(cellKey('targets-14-19', '1', 'target-2013'), new Y.Text('95%'));
    expect(h.send(b, editor())).toMatch(
      /tableCells "targets-14-19\/1\/target-2013": the review's structure is built by the server/,
    );
  });
});
