import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Framework } from '../framework/schema.ts';
import { NO_PHASE, NOT_APPLICABLE } from './keys.ts';
import { reviewModel } from './model.ts';
import { Root, SCHEMA_VERSION, defineRoots, rootNames } from './roots.ts';
import { buildSkeleton } from './skeleton.ts';
import { builtInFrameworks, copyOf, metaFor, phasedFramework, plainFramework, skeletonDoc } from './test-fixtures.ts';

const sorted = (keys: Iterable<string>): string[] => [...keys].sort();
const keysOf = (doc: Y.Doc, root: string): string[] => sorted(doc.getMap(root).keys());

/** Every value under `root` is an empty instance of `type`, and no two keys share one. */
function expectEmptyDistinct(doc: Y.Doc, root: string, type: typeof Y.Text | typeof Y.Array): void {
  const values = [...doc.getMap(root).values()];
  for (const value of values) {
    expect(value, root).toBeInstanceOf(type);
    expect((value as Y.Text | Y.Array<unknown>).length, root).toBe(0);
  }
  expect(new Set(values).size).toBe(values.length);
}

describe('buildSkeleton on a framework with phases, tables and forms', () => {
  const doc = skeletonDoc(phasedFramework);

  it('creates exactly the framework roots', () => {
    expect(sorted(doc.share.keys())).toEqual(sorted(rootNames));
    for (const name of rootNames) expect(doc.share.get(name), name).toBeInstanceOf(Y.Map);
  });

  it('writes the meta fields, including the current schema version', () => {
    expect(doc.getMap(Root.meta).toJSON()).toEqual({
      schemaVersion: SCHEMA_VERSION,
      reviewId: 'review-1',
      frameworkId: 'phased',
      frameworkVersion: 1,
      title: 'Review of phased',
      createdAt: '2024-05-01T09:00:00.000Z',
    });
  });

  it('builds a focus and an evidence text for every track × criterion, whatever its phases', () => {
    const expected = ['t1/c1', 't1/c2', 't1/c3', 't2/c1', 't2/c2', 't2/c3'];
    expect(keysOf(doc, Root.focus)).toEqual(expected);
    expect(keysOf(doc, Root.evidence)).toEqual(expected);
    expectEmptyDistinct(doc, Root.focus, Y.Text);
    expectEmptyDistinct(doc, Root.evidence, Y.Text);
    // Focus and evidence of the same key are different texts.
    expect(doc.getMap(Root.focus).get('t1/c1')).not.toBe(doc.getMap(Root.evidence).get('t1/c1'));
  });

  it('builds an evidence-item list and a comment thread per criterion', () => {
    expect(keysOf(doc, Root.evidenceItems)).toEqual(['c1', 'c2', 'c3']);
    expect(keysOf(doc, Root.comments)).toEqual(['c1', 'c2', 'c3']);
    expectEmptyDistinct(doc, Root.evidenceItems, Y.Array);
    expectEmptyDistinct(doc, Root.comments, Y.Array);
  });

  it('builds a text for every fixed table cell, and a row list only for open tables', () => {
    expect(keysOf(doc, Root.tableCells)).toEqual([
      'fixed/r1/x',
      'fixed/r1/y',
      'fixed/r2/x',
      'fixed/r2/y',
      'mixed/m1/v',
    ]);
    expectEmptyDistinct(doc, Root.tableCells, Y.Text);
    expect(keysOf(doc, Root.tableRows)).toEqual(['mixed', 'open']);
    expectEmptyDistinct(doc, Root.tableRows, Y.Array);
  });

  it('builds form text fields (header and sections) but leaves grade fields unset', () => {
    expect(keysOf(doc, Root.formFields)).toEqual(['visit/-/date', 'visit/-/name', 'visit/sec1/notes']);
    expectEmptyDistinct(doc, Root.formFields, Y.Text);
    expect(doc.getMap(Root.formFields).has('visit/sec1/grade')).toBe(false);
  });

  it('leaves the value-only maps empty', () => {
    for (const root of [Root.ratings, Root.agreed, Root.locks, Root.commentStatus]) {
      expect(doc.getMap(root).size, root).toBe(0);
    }
  });

  it('builds everything in one transaction', () => {
    const fresh = new Y.Doc();
    let transactions = 0;
    let updates = 0;
    fresh.on('afterTransaction', () => transactions++);
    fresh.on('update', () => updates++);
    buildSkeleton(fresh, phasedFramework, metaFor(phasedFramework));
    expect(transactions).toBe(1);
    expect(updates).toBe(1);
  });

  it('reaches a client intact through an update', () => {
    const client = copyOf(doc);
    defineRoots(client);
    for (const name of rootNames) expect(client.getMap(name).toJSON(), name).toEqual(doc.getMap(name).toJSON());
    expect(client.getMap(Root.focus).get('t2/c3')).toBeInstanceOf(Y.Text);
    expect(client.getMap(Root.tableRows).get('open')).toBeInstanceOf(Y.Array);
  });
});

describe('the review model behind the skeleton', () => {
  it('gives a criterion rating and agreed keys only for its phases, in framework order', () => {
    const model = reviewModel(phasedFramework);
    expect(model.phasesOf.get('c1')).toEqual(['p1', 'p2', 'p3']);
    expect(model.phasesOf.get('c2')).toEqual(['p2']);
    // c3 lists its phases as [p3, p1]; the framework's order wins.
    expect(model.phasesOf.get('c3')).toEqual(['p1', 'p3']);
    expect(sorted(model.ratingKeys)).toEqual(
      sorted(
        ['t1', 't2'].flatMap((t) => [
          `${t}/c1/p1`,
          `${t}/c1/p2`,
          `${t}/c1/p3`,
          `${t}/c2/p2`,
          `${t}/c3/p1`,
          `${t}/c3/p3`,
        ]),
      ),
    );
    expect(sorted(model.agreedKeys)).toEqual(sorted(['c1/p1', 'c1/p2', 'c1/p3', 'c2/p2', 'c3/p1', 'c3/p3']));
  });

  it('accepts the levels plus NOT_APPLICABLE when the scale offers it', () => {
    expect(sorted(reviewModel(phasedFramework).ratingValues)).toEqual(sorted(['a', 'b', 'c', NOT_APPLICABLE]));
    expect(sorted(reviewModel(plainFramework).ratingValues)).toEqual(['a', 'b', 'c']);
  });

  it('lists open tables with their columns and grade fields with their grades', () => {
    const model = reviewModel(phasedFramework);
    expect([...model.openTables]).toEqual([
      ['mixed', ['v']],
      ['open', ['action', 'when']],
    ]);
    expect([...model.formGradeKeys]).toEqual([['visit/sec1/grade', new Set(['g1', 'g2'])]]);
  });

  it('uses NO_PHASE keys and the default track for a framework without phases', () => {
    const model = reviewModel(plainFramework);
    expect(sorted(model.ratingKeys)).toEqual([`self/k1/${NO_PHASE}`, `self/k2/${NO_PHASE}`]);
    expect(sorted(model.agreedKeys)).toEqual([`k1/${NO_PHASE}`, `k2/${NO_PHASE}`]);
    const doc = skeletonDoc(plainFramework);
    expect(keysOf(doc, Root.focus)).toEqual(['self/k1', 'self/k2']);
    expect(keysOf(doc, Root.tableCells)).toEqual([]);
    expect(keysOf(doc, Root.tableRows)).toEqual([]);
    expect(keysOf(doc, Root.formFields)).toEqual([]);
  });
});

describe('buildSkeleton on the built-in frameworks', () => {
  const frameworks = builtInFrameworks();

  it('loads all five', () => {
    expect(frameworks.map((f) => f.id).sort()).toEqual([
      'ba-partnership-sef',
      'leicestershire-behaviour-qa',
      'milton-keynes-sif',
      'ns-la-quality-standards',
      'pmqs-3',
    ]);
  });

  it.each(frameworks.map((fw): [string, Framework] => [fw.id, fw]))('%s: builds exactly the model keys', (_, fw) => {
    const model = reviewModel(fw);
    const doc = skeletonDoc(fw);
    const criteria = fw.sections.flatMap((s) => s.criteria.map((c) => c.id));
    const textKeys = fw.tracks.flatMap((t) => criteria.map((c) => `${t.id}/${c}`));
    expect(model.textKeys.size).toBe(fw.tracks.length * criteria.length);
    expect(keysOf(doc, Root.focus)).toEqual(sorted(textKeys));
    expect(keysOf(doc, Root.evidence)).toEqual(sorted(textKeys));
    expect(keysOf(doc, Root.evidenceItems)).toEqual(sorted(criteria));
    expect(keysOf(doc, Root.comments)).toEqual(sorted(criteria));
    expect(keysOf(doc, Root.tableCells)).toEqual(sorted(model.cellKeys));
    expect(keysOf(doc, Root.tableRows)).toEqual(sorted(model.openTables.keys()));
    expect(keysOf(doc, Root.formFields)).toEqual(sorted(model.formTextKeys));
    // One cell per row and column, less those the source fills in, plus an example row's own wording.
    const cells = (fw.tables ?? []).reduce(
      (n, t) =>
        n +
        t.rows.reduce(
          (m, r) => m + t.columns.filter((c) => r.values?.[c.id] === undefined).length + (r.example ? 1 : 0),
          0,
        ),
      0,
    );
    expect(model.cellKeys.size).toBe(cells);
    expectEmptyDistinct(doc, Root.focus, Y.Text);
    expectEmptyDistinct(doc, Root.tableCells, Y.Text);
    expectEmptyDistinct(doc, Root.formFields, Y.Text);
    expectEmptyDistinct(doc, Root.tableRows, Y.Array);
    expect(doc.getMap(Root.meta).get('schemaVersion')).toBe(SCHEMA_VERSION);
  });

  it('ns-la-quality-standards: criteria limited to primary and secondary get no early-years ratings', () => {
    const fw = frameworks.find((f) => f.id === 'ns-la-quality-standards');
    if (!fw) throw new Error('ns-la-quality-standards not loaded');
    const model = reviewModel(fw);
    for (const criterion of ['1.4', '2.2', '2.3']) {
      expect(model.phasesOf.get(criterion)).toEqual(['primary', 'secondary']);
      for (const track of ['la', 'ns']) {
        expect(model.ratingKeys.has(`${track}/${criterion}/early-years`)).toBe(false);
        expect(model.ratingKeys.has(`${track}/${criterion}/primary`)).toBe(true);
      }
      expect(model.agreedKeys.has(`${criterion}/early-years`)).toBe(false);
    }
    expect(model.phasesOf.get('1.1')).toEqual(['early-years', 'primary', 'secondary']);
    expect(model.ratingValues.has(NOT_APPLICABLE)).toBe(true);
    // The paired-visit form's grade fields are not built; its text fields are.
    expect(model.formGradeKeys.size).toBeGreaterThan(0);
    const doc = skeletonDoc(fw);
    for (const key of model.formGradeKeys.keys()) expect(doc.getMap(Root.formFields).has(key)).toBe(false);
    expect(doc.getMap(Root.formFields).get('paired-visit/challenge/evidence')).toBeInstanceOf(Y.Text);
    expect(doc.getMap(Root.formFields).get(`paired-visit/${NO_PHASE}/school`)).toBeInstanceOf(Y.Text);
  });
});
