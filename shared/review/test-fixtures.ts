/**
 * Fixtures for the review-document tests (not a test file itself). Kept in shared/ and free of
 * Node and server imports, so the "shared/ is a leaf" lint rule holds for the tests too.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { frameworkSchema, type Framework } from '../framework/schema.ts';
import { parseFrameworkText } from '../framework/validate.ts';
import { ReviewDoc } from './accessors.ts';
import type { Author } from './entities.ts';
import { reviewModel } from './model.ts';
import { buildSkeleton } from './skeleton.ts';
import { checkTransaction, type ChangePolicy } from './validate-update.ts';

const descriptors = { a: ['Level a descriptor'], b: ['Level b descriptor'], c: ['Level c descriptor'] };

/**
 * Phases, two tracks, notApplicable, a criterion limited to one phase and one limited to two,
 * a fixed table, an open table with fixed rows, an open table without rows, and a form with
 * header fields and a graded section.
 */
export const phasedFramework: Framework = frameworkSchema.parse({
  id: 'phased',
  version: 1,
  title: 'Phased test framework',
  provenance: { title: 'Test' },
  scale: {
    label: 'Grade',
    levels: [
      { id: 'a', label: 'A', value: 3 },
      { id: 'b', label: 'B', value: 2 },
      { id: 'c', label: 'C', value: 1 },
    ],
    notApplicable: { code: 'N/A', label: 'Not applicable' },
  },
  phases: [
    { id: 'p1', label: 'Phase 1' },
    { id: 'p2', label: 'Phase 2' },
    { id: 'p3', label: 'Phase 3' },
  ],
  tracks: [
    { id: 't1', label: 'Track 1' },
    { id: 't2', label: 'Track 2' },
  ],
  sections: [
    {
      id: 's1',
      title: 'Section 1',
      criteria: [
        { id: 'c1', title: 'All phases', descriptors },
        { id: 'c2', title: 'Phase 2 only', phases: ['p2'], descriptors },
      ],
    },
    {
      id: 's2',
      title: 'Section 2',
      criteria: [{ id: 'c3', title: 'Phases 1 and 3', phases: ['p3', 'p1'], descriptors }],
    },
  ],
  tables: [
    {
      id: 'fixed',
      title: 'Fixed table',
      columns: [
        { id: 'x', label: 'X' },
        { id: 'y', label: 'Y' },
      ],
      rows: [
        { id: 'r1', label: 'Row 1' },
        { id: 'r2', label: 'Row 2' },
      ],
    },
    {
      id: 'mixed',
      title: 'Fixed rows, users may add more',
      columns: [{ id: 'v', label: 'V' }],
      rows: [{ id: 'm1', label: 'M1' }],
      openRows: true,
    },
    {
      id: 'open',
      title: 'Open table',
      columns: [
        { id: 'action', label: 'Action' },
        { id: 'when', label: 'When', kind: 'date' },
      ],
      rows: [],
      openRows: true,
    },
  ],
  forms: [
    {
      id: 'visit',
      title: 'Visit form',
      grades: [
        { id: 'g1', label: 'Grade 1' },
        { id: 'g2', label: 'Grade 2' },
      ],
      fields: [
        { id: 'name', label: 'Name' },
        { id: 'date', label: 'Date', kind: 'date' },
      ],
      sections: [
        {
          id: 'sec1',
          title: 'Section 1',
          fields: [
            { id: 'grade', label: 'Grade', kind: 'grade' },
            { id: 'notes', label: 'Notes' },
          ],
        },
      ],
    },
  ],
});

/** No phases, the default single track, no notApplicable, no tables or forms. */
export const plainFramework: Framework = frameworkSchema.parse({
  id: 'plain',
  version: 1,
  title: 'Plain test framework',
  provenance: { title: 'Test' },
  scale: {
    label: 'Grade',
    levels: [
      { id: 'a', label: 'A', value: 3 },
      { id: 'b', label: 'B', value: 2 },
      { id: 'c', label: 'C', value: 1 },
    ],
  },
  sections: [
    {
      id: 's1',
      title: 'Section 1',
      criteria: [
        { id: 'k1', title: 'First', descriptors },
        { id: 'k2', title: 'Second', descriptors },
      ],
    },
  ],
});

const builtInSources = import.meta.glob<string>('../../frameworks/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** The built-in frameworks, through the same parser and validator the server's file loader uses. */
export function builtInFrameworks(): Framework[] {
  return Object.entries(builtInSources)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, source]) => {
      const result = parseFrameworkText(source, path);
      if (!result.ok) throw new Error(`${path}: ${JSON.stringify(result.issues)}`);
      return result.framework;
    });
}

export const alice: Author = { id: 'user-alice', name: 'Alice' };
export const bob: Author = { id: 'user-bob', name: 'Bob' };

export const metaFor = (fw: Framework, reviewId = 'review-1') => ({
  reviewId,
  frameworkId: fw.id,
  frameworkVersion: fw.version,
  title: `Review of ${fw.id}`,
  createdAt: '2024-05-01T09:00:00.000Z',
});

/** A document holding the skeleton of `fw`, as the server builds it. */
export function skeletonDoc(fw: Framework): Y.Doc {
  const doc = new Y.Doc();
  buildSkeleton(doc, fw, metaFor(fw));
  return doc;
}

/**
 * A review of the phased framework whose every later transaction is checked as the server checks a
 * client's, as `policy` (origin 'load' marks what the server already holds): the reports of those
 * accepted and the messages of those refused. Starts from the skeleton, or from `from`'s state.
 */
export function checkedReview(policy: ChangePolicy, from?: Y.Doc) {
  const doc = new Y.Doc();
  if (from) Y.applyUpdate(doc, Y.encodeStateAsUpdate(from), 'load');
  else doc.transact(() => buildSkeleton(doc, phasedFramework, metaFor(phasedFramework)), 'load');
  const model = reviewModel(phasedFramework);
  const reports: ReturnType<typeof checkTransaction>[] = [];
  const errors: string[] = [];
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.origin === 'load') return;
    try {
      reports.push(checkTransaction(tr, model, policy));
    } catch (e) {
      errors.push((e as Error).message);
    }
  });
  return { doc, review: new ReviewDoc(doc, phasedFramework), reports, errors };
}

/** A new document filled from another's full state, as a client receives it on first sync. */
export function copyOf(source: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  return doc;
}

/** Exchange what each document is missing, both ways. */
export function sync(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
}

/**
 * A Yjs update (v1) holding only a garbage-collected range of `length` clocks for `client`: it adds
 * nothing to the document's content, yet advances its state vector.
 */
export function emptyRangeUpdate(client: number, clock: number, length: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // one client
  encoding.writeVarUint(e, 1); // one struct
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  encoding.writeUint8(e, 0); // a GC struct
  encoding.writeVarUint(e, length);
  encoding.writeVarUint(e, 0); // an empty delete set
  return encoding.toUint8Array(e);
}
