import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ReviewDoc } from '../accessors.ts';
import { historyEvent, isValued } from '../history.ts';
import { reviewModel } from '../model.ts';
import { defineRoots, rootNames } from '../roots.ts';
import { buildSkeleton } from '../skeleton.ts';
import { defineMigrations, migrateReview, reviewMigrations, SCHEMA_VERSION } from '../migrations.ts';
import { alice, bob, metaFor, phasedFramework } from '../test-fixtures.ts';
import { InvalidUpdateError, checkTransaction, type ChangePolicy } from '../validate-update.ts';
import { checkText } from './nested.ts';
import { registerRoot, rootModule } from './registry.ts';
import { defineRoot, fail, type TouchedKey } from './root-module.ts';

/**
 * A root no shipped code knows: per criterion, a visit note (text, built with the skeleton) and a
 * visit grade ("grade/<criterion>" → "seen" or "not-seen"). Everything about it is in this module.
 */
const visitNotes = defineRoot<'visitNotes', Y.Text | string, 'visit-note'>({
  name: 'visitNotes',
  holds: 'texts-and-values',
  criterionOf: (key) => (key.startsWith('grade/') ? key.slice('grade/'.length) : key),
  checkValue(key, value, { model }) {
    const criterion = key.slice('grade/'.length);
    if (!key.startsWith('grade/') || !model.criteria.has(criterion))
      return fail(`visitNotes "${key}": no such visit grade`);
    if (value !== undefined && value !== 'seen' && value !== 'not-seen')
      return fail(`visitNotes "${key}": ${JSON.stringify(value)} is not a visit grade`);
  },
  checkNested: (type, key) => checkText(type, 'visitNotes', key),
  history: {
    kind: 'visit-note',
    valued: true,
    event: (touched, from, to) => ({
      criterion: touched.key.replace(/^grade\//, ''),
      detail: { from: (from as string | undefined) ?? null, to: (to as string | undefined) ?? null },
    }),
  },
  skeleton(map, model) {
    for (const criterion of model.criteria) map.set(criterion, new Y.Text());
  },
});

const fw = phasedFramework;
const model = reviewModel(fw);
let unregister: () => void = () => {};
beforeAll(() => {
  unregister = registerRoot(visitNotes);
});
afterAll(() => unregister());

/** A server document built with the registered roots, and a client's copy of it. */
function setup() {
  const server = new Y.Doc();
  buildSkeleton(server, fw, metaFor(fw));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client, review: new ReviewDoc(client, fw) };
}

/** Apply the client's changes to a shadow of the server as the room does; what was touched, or the refusal. */
function send(server: Y.Doc, client: Y.Doc, policy: ChangePolicy): TouchedKey[] | InvalidUpdateError {
  const shadow = new Y.Doc();
  defineRoots(shadow);
  Y.applyUpdate(shadow, Y.encodeStateAsUpdate(server), 'load');
  let result: TouchedKey[] | InvalidUpdateError = [];
  shadow.on('afterTransaction', (tr: Y.Transaction) => {
    // A follow-up transaction (Yjs tidying formatting) must not hide the first one's refusal.
    if (tr.origin === 'load' || result instanceof InvalidUpdateError) return;
    try {
      result = [...result, ...checkTransaction(tr, model, policy)];
    } catch (e) {
      if (!(e instanceof InvalidUpdateError)) throw e;
      result = e;
    }
  });
  Y.applyUpdate(shadow, Y.encodeStateAsUpdate(client, Y.encodeStateVector(shadow)), 'client');
  if (!(result instanceof InvalidUpdateError)) Y.applyUpdate(server, Y.encodeStateAsUpdate(shadow));
  return result;
}

/** The refusal's message; empty when the change was allowed. */
const refusal = (result: TouchedKey[] | InvalidUpdateError): string =>
  result instanceof InvalidUpdateError ? result.message : '';

const editor: ChangePolicy = { canEditLocked: false, userId: alice.id };

describe('a root registered in its own module', () => {
  it('is a root of every review: listed, defined and built by the skeleton', () => {
    expect(rootNames).toContain('visitNotes');
    expect(rootModule('visitNotes')).toBe(visitNotes);
    const { review } = setup();
    const notes = review.root(visitNotes);
    expect([...notes.keys()].sort()).toEqual([...model.criteria].sort());
    expect(notes.get('c1')).toBeInstanceOf(Y.Text);
  });

  it('is checked by the validator: its texts and values pass, bad ones are refused by name', () => {
    const { server, client, review } = setup();
    (review.root(visitNotes).get('c1') as Y.Text).insert(0, 'Saw the lesson');
    expect(send(server, client, editor)).toEqual([{ root: 'visitNotes', key: 'c1' }]);
    review.root(visitNotes).set('grade/c1', 'seen');
    expect(send(server, client, editor)).toEqual([{ root: 'visitNotes', key: 'grade/c1' }]);
    review.root(visitNotes).set('grade/c1', 'maybe');
    expect(refusal(send(server, client, editor))).toContain('visitNotes "grade/c1": "maybe" is not a visit grade');
    const other = setup();
    other.review.root(visitNotes).set('c9', new Y.Text());
    expect(refusal(send(other.server, other.client, editor))).toContain('visitNotes "c9": no such visit grade');
  });

  it('refuses nested structure the module does not allow, and follows the criterion lock', () => {
    const { server, client, review } = setup();
    (review.root(visitNotes).get('c1') as Y.Text).insert(0, 'x', { bold: true });
    expect(refusal(send(server, client, editor))).toContain('visitNotes "c1": only plain text is allowed');
    const locked = setup();
    new ReviewDoc(locked.server, fw).setLocked('c1', bob);
    Y.applyUpdate(locked.client, Y.encodeStateAsUpdate(locked.server));
    (locked.review.root(visitNotes).get('c1') as Y.Text).insert(0, 'late');
    expect(refusal(send(locked.server, locked.client, editor))).toContain('criterion "c1" is locked');
    expect(send(locked.server, locked.client, { canEditLocked: true })).toEqual([{ root: 'visitNotes', key: 'c1' }]);
  });

  it('is recorded in the history with its own kind and event', () => {
    expect(isValued('visitNotes')).toBe(true);
    const event = historyEvent(
      { root: 'visitNotes', key: 'grade/c2' },
      alice,
      '2026-01-01T00:00:00Z',
      undefined,
      'seen',
    );
    expect(event).toEqual({
      at: '2026-01-01T00:00:00Z',
      userId: alice.id,
      userName: alice.name,
      kind: 'visit-note',
      criterion: 'c2',
      detail: { from: null, to: 'seen' },
    });
  });

  it('reaches reviews made before it through the migration that adds it', () => {
    const old = new Y.Doc();
    buildSkeleton(old, fw, metaFor(fw));
    old.getMap('visitNotes').clear();
    const next = SCHEMA_VERSION + 1;
    const migrations = defineMigrations(
      [
        ...reviewMigrations,
        {
          version: next,
          description: 'visit notes',
          roots: [visitNotes],
          up: (doc, framework) => visitNotes.skeleton?.(visitNotes.of(doc), reviewModel(framework)),
        },
      ],
      next,
    );
    expect(migrateReview(old, fw, migrations, next)).toEqual({ from: SCHEMA_VERSION, to: next });
    expect(visitNotes.of(old).get('c1')).toBeInstanceOf(Y.Text);
  });

  it('once removed from the registry, is an unknown root the validator refuses', () => {
    const { server, client, review } = setup();
    unregister();
    try {
      expect(rootNames).not.toContain('visitNotes');
      (review.root(visitNotes).get('c1') as Y.Text).insert(0, 'x');
      expect(refusal(send(server, client, editor))).toContain('unknown root type "visitNotes"');
      expect(historyEvent({ root: 'visitNotes', key: 'c1' }, alice, '2026-01-01T00:00:00Z')).toBeNull();
    } finally {
      unregister = registerRoot(visitNotes);
    }
  });
});
