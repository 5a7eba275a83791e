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
import type { AuditEntry } from './admin-types.ts';
import { cyclesContract } from './contract-cycles.ts';
import { logContract } from './contract-log.ts';
import { peopleContract } from './contract-people.ts';
import { uploadsContract } from './contract-uploads.ts';
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
    const lives = new Map<string, LiveReview>();

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

    peopleContract(
      () => store,
      (id) => created(id),
    );
    uploadsContract(() => store, contractFramework);
    logContract(
      () => store,
      (id) => created(id),
    );
    cyclesContract(
      () => store,
      async (id, workspaceId = null) => {
        await store.putFramework(frameworkRecord(fw));
        const live = new LiveReview(fw, id);
        lives.set(id, live);
        await store.createReview({ ...live.record, workspaceId }, live.initialState());
      },
      async (id, count) => store.appendUpdates(id, lives.get(id)!.edits(1, count)),
    );

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

      it('never moves a compaction back: an older snapshot (another process behind) changes nothing', async () => {
        const live = await created('review-a');
        await store.appendUpdates('review-a', live.edits(1, 2));
        const snapshotAt2 = Y.encodeStateAsUpdate(live.doc);
        const later = live.edits(3, 2);
        await store.appendUpdates('review-a', later);
        const snapshotAt4 = Y.encodeStateAsUpdate(live.doc);
        await store.compact('review-a', snapshotAt4, 4);
        await store.compact('review-a', snapshotAt2, 2);
        const stored = await store.loadDocument('review-a');
        expect(stored.snapshot).toEqual(snapshotAt4);
        expect(stored.updates).toEqual([]);
        expect(stored.lastSeq).toBe(4);
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

    describe('administration', () => {
      const at = '2024-02-01T00:00:00.000Z';
      const entry = (action: AuditEntry['action'], subject: string, detail = action): AuditEntry => ({
        at,
        actorId: null,
        actorName: 'Contract',
        action,
        subject,
        detail,
      });
      async function person(id: string, name = id): Promise<void> {
        await store.access.createUser({
          id,
          email: `${id}@example.test`,
          name,
          isAdmin: false,
          createdAt: at,
          passwordHash: 'old-hash',
        });
      }

      it('creates, renames, fills and removes workspaces, recording each change in the audit trail', async () => {
        await person('ann', 'Ann');
        await store.admin.createWorkspace('w1', 'North', entry('workspace.create', 'w1'));
        expect(await store.admin.workspaceNamed('NORTH')).toEqual({ id: 'w1', name: 'North' });
        expect(await store.admin.renameWorkspace('w1', 'North partnership', entry('workspace.rename', 'w1'))).toBe(
          true,
        );
        expect(await store.admin.renameWorkspace('nope', 'X', entry('workspace.rename', 'nope'))).toBe(false);
        await store.admin.setWorkspaceMember('w1', 'ann', 'member', entry('workspace.member.set', 'w1'));
        await store.admin.setWorkspaceMember('w1', 'ann', 'owner', entry('workspace.member.set', 'w1'));
        const live = new LiveReview(fw, 'in-w1');
        await store.putFramework(frameworkRecord(fw));
        await store.createReview({ ...live.record, workspaceId: 'w1' }, live.initialState());
        expect(await store.admin.workspace('w1')).toMatchObject({
          name: 'North partnership',
          reviews: 1,
          members: [{ userId: 'ann', name: 'Ann', email: 'ann@example.test', role: 'owner' }],
        });
        expect(await store.access.workspacesOf('ann')).toEqual([
          { id: 'w1', name: 'North partnership', role: 'owner' },
        ]);
        expect(await store.admin.removeWorkspaceMember('w1', 'ann', entry('workspace.member.remove', 'w1'))).toBe(true);
        expect(await store.admin.removeWorkspaceMember('w1', 'ann', entry('workspace.member.remove', 'w1'))).toBe(
          false,
        );
        expect(await store.admin.removeWorkspace('w1', entry('workspace.remove', 'w1'))).toBe(true);
        expect(await store.admin.workspaces()).toEqual([]);
        expect((await store.getReview('in-w1'))?.workspaceId).toBeNull();
        // Changes that found nothing to change record nothing.
        const trail = await store.admin.auditTrail(10);
        expect(trail.map((a) => a.action)).toEqual([
          'workspace.remove',
          'workspace.member.remove',
          'workspace.member.set',
          'workspace.member.set',
          'workspace.rename',
          'workspace.create',
        ]);
        expect(trail[0]!.seq).toBeGreaterThan(trail[1]!.seq);
        expect(await store.admin.auditTrail(2)).toHaveLength(2);
      });

      it('disabling a person ends their sessions and API tokens and refuses new ones; enabling keeps them ended', async () => {
        await person('bob', 'Bob');
        await store.access.createSession('session-hash', 'bob', '2999-01-01T00:00:00.000Z');
        await store.access.createApiToken({ id: 't1', tokenHash: 'token-hash', userId: 'bob', name: 'script' });
        await store.admin.setDisabled('bob', at, entry('user.disable', 'bob'));
        expect((await store.admin.person('bob'))?.disabledAt).toBe(at);
        expect((await store.access.userById('bob'))?.disabledAt).toBe(at);
        expect(await store.access.sessionUser('session-hash', at)).toBeNull();
        expect(await store.access.tokenUser('token-hash')).toBeNull();
        await expect(store.access.createSession('new-hash', 'bob', '2999-01-01T00:00:00.000Z')).rejects.toThrow(
          'account disabled',
        );
        await store.admin.setDisabled('bob', null, entry('user.enable', 'bob'));
        expect(await store.admin.person('bob')).toMatchObject({ disabledAt: null, isAdmin: false, workspaces: [] });
        expect(await store.access.tokenUser('token-hash')).toBeNull();
        await store.admin.setAdmin('bob', true, entry('user.admin.grant', 'bob'));
        expect((await store.admin.people()).map((p) => [p.id, p.isAdmin])).toEqual([['bob', true]]);
      });

      it('removing a workspace it does not have reports false and records nothing', async () => {
        expect(await store.admin.removeWorkspace('nowhere', entry('workspace.remove', 'nowhere'))).toBe(false);
        expect(await store.admin.auditTrail(5)).toEqual([]);
      });

      it('enabling someone who was never disabled ends nothing of theirs', async () => {
        await person('dee', 'Dee');
        await store.access.createSession('dee-session', 'dee', '2999-01-01T00:00:00.000Z');
        await store.access.createApiToken({ id: 't2', tokenHash: 'dee-token', userId: 'dee', name: 'script' });
        await store.admin.setDisabled('dee', null, entry('user.enable', 'dee'));
        expect((await store.access.sessionUser('dee-session', at))?.id).toBe('dee');
        expect((await store.access.tokenUser('dee-token'))?.id).toBe('dee');
      });

      it('retires every uploaded version of a framework, recorded once; a built-in one is not retired', async () => {
        await store.putFramework(frameworkRecord(contractFramework('uploaded', 1), 'upload'));
        await store.putFramework(frameworkRecord(contractFramework('uploaded', 2), 'upload'));
        await store.putFramework(frameworkRecord(contractFramework('built-in', 1)));
        expect(await store.admin.retireUpload('uploaded', at, entry('framework.retire', 'uploaded'))).toBe(2);
        expect((await store.admin.auditTrail(5)).map((a) => [a.action, a.subject])).toEqual([
          ['framework.retire', 'uploaded'],
        ]);
        expect(await store.admin.retireUpload('built-in', at, entry('framework.retire', 'built-in'))).toBe(0);
        expect(await store.admin.retireUpload('missing', at, entry('framework.retire', 'missing'))).toBe(0);
        expect(await store.admin.auditTrail(5)).toHaveLength(1);
      });

      it('password-reset links work once, before they expire, and only the newest of a person', async () => {
        await person('cat', 'Cat');
        await store.access.createSession('cat-session', 'cat', '2999-01-01T00:00:00.000Z');
        const reset = (tokenHash: string) => ({
          tokenHash,
          userId: 'cat',
          createdBy: 'cat',
          createdAt: at,
          expiresAt: '2024-02-02T00:00:00.000Z',
        });
        await store.admin.createPasswordReset(reset('first'), entry('user.password-reset.create', 'cat'));
        await store.admin.createPasswordReset(reset('second'), entry('user.password-reset.create', 'cat'));
        expect(await store.admin.passwordReset('first', at)).toBeNull();
        expect(await store.admin.passwordReset('second', at)).toEqual({
          userId: 'cat',
          name: 'Cat',
          email: 'cat@example.test',
          expiresAt: '2024-02-02T00:00:00.000Z',
        });
        expect(await store.admin.passwordReset('second', '2024-02-02T00:00:00.000Z')).toBeNull();
        expect(await store.admin.usePasswordReset('second', at, 'new-hash')).toBe('cat');
        expect((await store.access.userByEmail('cat@example.test'))?.passwordHash).toBe('new-hash');
        expect(await store.access.sessionUser('cat-session', at)).toBeNull();
        expect(await store.admin.usePasswordReset('second', at, 'newer-hash')).toBeNull();
        expect((await store.admin.auditTrail(1))[0]).toMatchObject({
          action: 'user.password-reset.use',
          actorId: 'cat',
          actorName: 'Cat',
          subject: 'cat',
          detail: 'Cat (cat@example.test) set a new password with a reset link',
        });
      });

      it('lists reviews with no active facilitator and grants one only while there is none', async () => {
        await person('dan', 'Dan');
        await person('eve', 'Eve');
        const live = await created('orphan');
        await store.access.setReviewMember('orphan', 'dan', 'facilitator', null);
        await store.access.setReviewMember('orphan', 'eve', 'editor', null);
        expect(await store.admin.orphanedReviews()).toEqual([]);
        await store.admin.setDisabled('dan', at, entry('user.disable', 'dan'));
        expect(await store.admin.orphanedReviews()).toEqual([
          {
            id: 'orphan',
            title: live.record.title,
            workspaceId: null,
            workspaceName: null,
            updatedAt: live.record.updatedAt,
            status: 'draft',
            members: [
              { userId: 'dan', name: 'Dan', role: 'facilitator' },
              { userId: 'eve', name: 'Eve', role: 'editor' },
            ],
          },
        ]);
        expect(await store.admin.grantFacilitator('orphan', 'eve', entry('review.facilitator.grant', 'orphan'))).toBe(
          'granted',
        );
        expect(await store.access.reviewRole('orphan', 'eve')).toBe('facilitator');
        expect(await store.admin.orphanedReviews()).toEqual([]);
        expect(await store.admin.grantFacilitator('orphan', 'dan', entry('review.facilitator.grant', 'orphan'))).toBe(
          'has-facilitator',
        );
        expect((await store.admin.auditTrail(10)).filter((a) => a.action === 'review.facilitator.grant')).toHaveLength(
          1,
        );
      });
    });
  });
}
