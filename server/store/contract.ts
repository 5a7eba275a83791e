/**
 * The behaviour every Store implementation must have. A test file per implementation calls
 * `storeContract` with a factory that opens a fresh, empty store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { frameworkSchema, type Framework } from '../../shared/framework/schema.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import { rootNames } from '../../shared/review/roots.ts';
import { buildSkeleton } from '../../shared/review/skeleton.ts';
import { frameworkHash } from '../frameworks/library.ts';
import { FrameworkVersionConflict, type FrameworkRecord, type ReviewRecord, type Store } from './types.ts';

export interface OpenedStore {
  store: Store;
  cleanup(): Promise<void>;
}

/** A small valid framework; `title` varies the body without changing id or version. */
export function contractFramework(id = 'contract-fw', version = 1, title = 'Contract framework'): Framework {
  return frameworkSchema.parse({
    id,
    version,
    title,
    provenance: { title: 'Store contract' },
    scale: {
      label: 'Grade',
      levels: [
        { id: 'high', label: 'High', value: 2 },
        { id: 'low', label: 'Low', value: 1 },
      ],
    },
    tracks: [{ id: 'self', label: 'Self' }],
    sections: [
      {
        id: 's1',
        title: 'Section',
        criteria: [
          { id: 'c1', title: 'One', descriptors: { high: ['Good'], low: ['Bad'] } },
          { id: 'c2', title: 'Two', descriptors: { high: ['Good'], low: ['Bad'] } },
        ],
      },
    ],
    tables: [{ id: 'plan', title: 'Plan', columns: [{ id: 'action', label: 'Action' }], rows: [], openRows: true }],
  });
}

export const frameworkRecord = (
  framework: Framework,
  source: FrameworkRecord['source'] = 'built-in',
  createdAt = '2024-01-01T00:00:00.000Z',
): FrameworkRecord => ({ framework, hash: frameworkHash(framework), source, createdAt });

/** Everything a document holds, for comparing two documents. */
export const contentOf = (doc: Y.Doc): Record<string, unknown> =>
  Object.fromEntries(rootNames.map((name) => [name, doc.getMap(name).toJSON()]));

/** A document rebuilt from what the store returns, the way the server loads a review. */
export function rebuild(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

const author = { id: 'user-1', name: 'Contract User' };

/** A review's live document and the updates its edits produce, one per edit. */
export class LiveReview {
  readonly doc = new Y.Doc();
  readonly review: ReviewDoc;
  readonly record: ReviewRecord;
  private readonly pending: Uint8Array[] = [];

  constructor(framework: Framework, id: string, updatedAt = '2024-02-01T00:00:00.000Z') {
    this.record = {
      id,
      workspaceId: null,
      title: `Review ${id}`,
      frameworkId: framework.id,
      frameworkVersion: framework.version,
      createdAt: '2024-02-01T00:00:00.000Z',
      updatedAt,
    };
    buildSkeleton(this.doc, framework, {
      reviewId: id,
      frameworkId: framework.id,
      frameworkVersion: framework.version,
      title: this.record.title,
      createdAt: this.record.createdAt,
    });
    this.review = new ReviewDoc(this.doc, framework);
    this.doc.on('update', (update: Uint8Array) => this.pending.push(update));
  }

  initialState(): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc);
  }

  /** Make one edit and return the update it produced. */
  edit(n: number): Uint8Array {
    this.pending.length = 0;
    this.doc.transact(() => {
      this.review.setRating('self', n % 2 ? 'c1' : 'c2', '-', n % 3 ? 'high' : 'low');
      this.review.focus('self', 'c1').insert(0, `edit ${n}; `);
      if (n % 2 === 0) this.review.addTableRow('plan', author);
    });
    const [update, ...rest] = this.pending.splice(0);
    if (!update || rest.length > 0) throw new Error('expected exactly one update per edit');
    return update;
  }

  edits(from: number, count: number): Uint8Array[] {
    return Array.from({ length: count }, (_, i) => this.edit(from + i));
  }
}

export function storeContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`${name} satisfies the Store contract`, () => {
    let opened: OpenedStore;
    let store: Store;
    const fw = contractFramework();

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });

    afterEach(async () => {
      await opened.cleanup();
    });

    /** Register the framework and create a review of it. */
    async function created(id: string, updatedAt?: string): Promise<LiveReview> {
      await store.putFramework(frameworkRecord(fw));
      const live = new LiveReview(fw, id, updatedAt);
      await store.createReview(live.record, live.initialState());
      return live;
    }

    describe('reviews', () => {
      it('creates a review and gets it back', async () => {
        const live = await created('review-a');
        expect(await store.getReview('review-a')).toEqual(live.record);
        expect(await store.getReview('missing')).toBeNull();
      });

      it('lists reviews, most recently updated first', async () => {
        await created('older', '2024-01-01T00:00:00.000Z');
        await created('newest', '2024-03-01T00:00:00.000Z');
        await created('middle', '2024-02-01T00:00:00.000Z');
        expect((await store.listReviews()).map((r) => r.id)).toEqual(['newest', 'middle', 'older']);
      });

      it('moves a review to the top of the list when updates are appended to it', async () => {
        const older = await created('older', '2024-01-01T00:00:00.000Z');
        await created('newer', '2024-03-01T00:00:00.000Z');
        await store.appendUpdates('older', older.edits(1, 1));
        const list = await store.listReviews();
        expect(list.map((r) => r.id)).toEqual(['older', 'newer']);
        expect((list[0]?.updatedAt ?? '') > '2024-03-01T00:00:00.000Z').toBe(true);
        expect(list[0]?.createdAt).toBe(older.record.createdAt);
      });

      it('lists nothing in a new store', async () => {
        expect(await store.listReviews()).toEqual([]);
      });
    });

    describe('documents', () => {
      it('loads the initial state as the snapshot, with no updates', async () => {
        const live = await created('review-a');
        const stored = await store.loadDocument('review-a');
        expect(stored).toEqual({ snapshot: live.initialState(), updates: [], lastSeq: 0 });
        expect(await store.pendingUpdates('review-a')).toBe(0);
      });

      it('numbers appended updates in increasing sequence and returns them in order', async () => {
        const live = await created('review-a');
        const [u1, u2, u3, u4] = live.edits(1, 4);
        expect(await store.appendUpdates('review-a', [u1!])).toBe(1);
        expect(await store.appendUpdates('review-a', [u2!, u3!])).toBe(3);
        expect(await store.appendUpdates('review-a', [u4!])).toBe(4);
        const stored = await store.loadDocument('review-a');
        expect(stored.updates).toEqual([u1, u2, u3, u4]);
        expect(stored.lastSeq).toBe(4);
        expect(await store.pendingUpdates('review-a')).toBe(4);
      });

      it('keeps a separate sequence per review', async () => {
        const a = await created('review-a');
        const b = await created('review-b');
        expect(await store.appendUpdates('review-a', a.edits(1, 3))).toBe(3);
        expect(await store.appendUpdates('review-b', b.edits(1, 1))).toBe(1);
        expect((await store.loadDocument('review-b')).updates).toHaveLength(1);
        expect(await store.pendingUpdates('review-a')).toBe(3);
        expect(await store.pendingUpdates('review-b')).toBe(1);
      });

      it('compacts: replaces the snapshot, drops updates up to the sequence, keeps later ones', async () => {
        const live = await created('review-a');
        await store.appendUpdates('review-a', live.edits(1, 3));
        const snapshotAt3 = Y.encodeStateAsUpdate(live.doc);
        const later = live.edits(4, 2);
        expect(await store.appendUpdates('review-a', later)).toBe(5);
        expect(await store.pendingUpdates('review-a')).toBe(5);

        await store.compact('review-a', snapshotAt3, 3);
        const stored = await store.loadDocument('review-a');
        expect(stored.snapshot).toEqual(snapshotAt3);
        expect(stored.updates).toEqual(later);
        expect(stored.lastSeq).toBe(5);
        expect(await store.pendingUpdates('review-a')).toBe(2);
      });

      it('continues the sequence after a compaction that dropped every update', async () => {
        const live = await created('review-a');
        await store.appendUpdates('review-a', live.edits(1, 3));
        await store.compact('review-a', Y.encodeStateAsUpdate(live.doc), 3);
        const stored = await store.loadDocument('review-a');
        expect(stored.updates).toEqual([]);
        expect(stored.lastSeq).toBe(3);
        expect(await store.pendingUpdates('review-a')).toBe(0);

        expect(await store.appendUpdates('review-a', live.edits(4, 1))).toBe(4);
        expect(await store.appendUpdates('review-a', live.edits(5, 2))).toBe(6);
        expect((await store.loadDocument('review-a')).lastSeq).toBe(6);
        expect(await store.pendingUpdates('review-a')).toBe(3);
      });

      it('continues the sequence after a compaction that kept later updates', async () => {
        const live = await created('review-a');
        await store.appendUpdates('review-a', live.edits(1, 2));
        const snapshotAt2 = Y.encodeStateAsUpdate(live.doc);
        await store.appendUpdates('review-a', live.edits(3, 2));
        await store.compact('review-a', snapshotAt2, 2);
        expect(await store.appendUpdates('review-a', live.edits(5, 1))).toBe(5);
        expect((await store.loadDocument('review-a')).updates).toHaveLength(3);
      });

      it('rebuilds a document equal to the original after appends and compactions', async () => {
        const live = await created('review-a');
        const check = async () => {
          const rebuilt = rebuild(await store.loadDocument('review-a'));
          expect(contentOf(rebuilt)).toEqual(contentOf(live.doc));
          expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(live.doc));
        };
        await check();
        await store.appendUpdates('review-a', live.edits(1, 4));
        await check();
        const seq = await store.appendUpdates('review-a', live.edits(5, 2));
        await store.compact('review-a', Y.encodeStateAsUpdate(live.doc), seq);
        await check();
        await store.appendUpdates('review-a', live.edits(7, 3));
        const snapshot = Y.encodeStateAsUpdate(live.doc);
        const last = await store.appendUpdates('review-a', live.edits(10, 2));
        await store.compact('review-a', snapshot, last - 2);
        await check();
        expect(live.review.focus('self', 'c1').toJSON()).toContain('edit 11; ');
        expect(live.review.addedRows('plan').length).toBe(5);
      });

      it('loads an empty document for a review it does not have', async () => {
        const stored = await store.loadDocument('missing');
        expect(stored.updates).toEqual([]);
        expect(stored.snapshot).toBeNull();
        expect(stored.lastSeq).toBe(0);
        expect(await store.pendingUpdates('missing')).toBe(0);
      });
    });

    describe('frameworks', () => {
      it('creates a framework version once, then reports it unchanged', async () => {
        expect(await store.putFramework(frameworkRecord(fw))).toBe('created');
        expect(await store.putFramework(frameworkRecord(fw, 'built-in', '2025-01-01T00:00:00.000Z'))).toBe('unchanged');
        const stored = await store.getFramework(fw.id, 1);
        expect(stored).toEqual(frameworkRecord(fw));
      });

      it('refuses a changed body under the same version, and keeps the stored one', async () => {
        await store.putFramework(frameworkRecord(fw));
        const changed = contractFramework(fw.id, 1, 'Changed title');
        await expect(store.putFramework(frameworkRecord(changed))).rejects.toBeInstanceOf(FrameworkVersionConflict);
        expect((await store.getFramework(fw.id, 1))?.framework.title).toBe('Contract framework');
      });

      it('gets a framework by version, or its latest version', async () => {
        const v1 = contractFramework('fw', 1, 'First');
        const v3 = contractFramework('fw', 3, 'Third');
        const v2 = contractFramework('fw', 2, 'Second');
        for (const v of [v1, v3, v2]) expect(await store.putFramework(frameworkRecord(v, 'upload'))).toBe('created');
        expect((await store.getFramework('fw', 1))?.framework).toEqual(v1);
        expect((await store.getFramework('fw', 2))?.framework).toEqual(v2);
        expect(await store.getFramework('fw')).toEqual(frameworkRecord(v3, 'upload'));
        expect(await store.getFramework('fw', 4)).toBeNull();
        expect(await store.getFramework('other')).toBeNull();
      });

      it('lists the latest version of each framework', async () => {
        await store.putFramework(frameworkRecord(contractFramework('alpha', 1, 'Alpha 1')));
        await store.putFramework(frameworkRecord(contractFramework('alpha', 2, 'Alpha 2'), 'upload'));
        await store.putFramework(frameworkRecord(contractFramework('beta', 5, 'Beta 5')));
        await store.putFramework(frameworkRecord(contractFramework('beta', 4, 'Beta 4')));
        const list = await store.listFrameworks();
        const latest = list.map((r) => [r.framework.id, r.framework.version, r.source]).sort();
        expect(latest).toEqual([
          ['alpha', 2, 'upload'],
          ['beta', 5, 'built-in'],
        ]);
        expect(list.find((r) => r.framework.id === 'beta')?.framework.title).toBe('Beta 5');
      });

      it('lists nothing in a new store', async () => {
        expect(await store.listFrameworks()).toEqual([]);
      });
    });
  });
}
