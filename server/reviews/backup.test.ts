import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ratingKey } from '../../shared/review/keys.ts';
import { Root } from '../../shared/review/roots.ts';
import { plainFramework, skeletonDoc } from '../../shared/review/test-fixtures.ts';
import { frameworkHash } from '../frameworks/hash.ts';
import type { AuditEntry } from '../../shared/protocol/admin.ts';
import type { Viewer } from '../frameworks/publishing.ts';
import type { User } from '../store/access-types.ts';
import { frameworkRecord } from '../store/contract.ts';
import type { RoundRecord } from '../store/meeting-types.ts';
import { SqliteStore } from '../store/sqlite.ts';
import { checksumOf, encodeBackup, parseBackup, prepareDocument, type BackupBody } from './backup-format.ts';
import type { BackupThread } from './backup-thread.ts';
import { BackupFrameworkConflict, buildBackup, restoreBackup } from './backup.ts';

const AT = '2026-03-02T09:00:00.000Z';
// The thread's work, done here: the same pure functions the worker runs (tested in backup-format.test.ts).
const thread = {
  encode: (parts: Uint8Array[], body: Omit<BackupBody, 'document'>) => Promise.resolve(encodeBackup(parts, body)),
  parse: (bytes: Uint8Array) => Promise.resolve(parseBackup(bytes)),
  prepare: (update: Uint8Array, fw: typeof plainFramework, meta: { reviewId: string; title: string }) =>
    Promise.resolve(prepareDocument(update, fw, meta)),
} as unknown as BackupThread;

let store: SqliteStore;
const person = async (id: string, email: string, workspaces: string[] = ['ws-1']): Promise<User> => {
  const user = { id, email, name: id.slice(2), isAdmin: false, createdAt: AT };
  await store.access.createUser({ ...user, passwordHash: 'h' });
  for (const w of workspaces) await store.access.addWorkspaceMember(w, id, 'member');
  return user;
};
const round = (id: string, status: RoundRecord['status']): RoundRecord => ({
  id,
  reviewId: 'review-1',
  criterion: 'k1',
  phase: '-',
  track: 'self',
  status,
  autoReveal: false,
  openedBy: 'u-ada',
  openedAt: AT,
  revealedAt: null,
  closedAt: null,
  agreed: null,
  votes: [],
});

let ada: User;
beforeEach(async () => {
  store = new SqliteStore(':memory:');
  await store.access.createWorkspace('ws-1', 'LA');
  await store.access.createWorkspace('ws-2', 'Elsewhere');
  await store.putFramework(frameworkRecord(plainFramework));
  ada = await person('u-ada', 'ada@la.example');
  await store.createReview(
    {
      id: 'review-1',
      workspaceId: 'ws-1',
      title: 'Northfield',
      frameworkId: 'plain',
      frameworkVersion: 1,
      createdAt: AT,
      updatedAt: AT,
    },
    Y.encodeStateAsUpdate(skeletonDoc(plainFramework)),
  );
  await store.access.setReviewMember('review-1', ada.id, 'facilitator', null);
});
afterEach(async () => {
  await store.close();
});

/** The review as stored, snapshot and updates applied. */
async function storedDoc(reviewId = 'review-1'): Promise<Y.Doc> {
  const { snapshot, updates } = await store.loadDocument(reviewId);
  const doc = new Y.Doc();
  for (const u of snapshot ? [snapshot, ...updates] : updates) Y.applyUpdate(doc, u);
  return doc;
}
const body = async (withEmails = false) => {
  const bytes = await buildBackup(store, thread, 'review-1', withEmails);
  return parseBackup(bytes!);
};
const viewer = (user: User, workspaces = ['ws-1']): Viewer & { user: User } => ({
  user,
  workspaces: workspaces.map((id) => ({ id, name: id, role: 'member' })),
});

describe('a review’s backup', () => {
  it('is nothing for a review that does not exist', async () => {
    expect(await buildBackup(store, thread, 'review-9')).toBeNull();
  });

  it('is nothing, rather than half a file, when the review’s record or its framework cannot be read', async () => {
    vi.spyOn(store.records, 'state').mockResolvedValueOnce(null);
    expect(await buildBackup(store, thread, 'review-1')).toBeNull();
    vi.spyOn(store, 'getFramework').mockResolvedValueOnce(null);
    expect(await buildBackup(store, thread, 'review-1')).toBeNull();
    expect(await buildBackup(store, thread, 'review-1')).not.toBeNull();
  });

  it('carries the review, its framework, record, history, document and members (e-mails only when asked)', async () => {
    const bob = await person('u-bob', 'bob@la.example');
    await store.access.setReviewMember('review-1', bob.id, 'editor', null);
    const doc = await storedDoc();
    const sv = Y.encodeStateVector(doc);
    doc.getMap(Root.ratings).set(ratingKey('self', 'k1'), 'b');
    await store.appendUpdates('review-1', [Y.encodeStateAsUpdate(doc, sv)], ada.id);
    const before = Date.now();
    const { backup, document } = await body();
    expect(backup).toMatchObject({
      format: 'bestfit-review-backup',
      formatVersion: 1,
      review: { id: 'review-1', title: 'Northfield', createdAt: AT },
      framework: { id: 'plain', version: 1, hash: frameworkHash(plainFramework) },
      record: await store.records.state('review-1'),
      history: await store.records.fullHistory('review-1'),
    });
    // No e-mails unless a facilitator asks: by default, and when asked not to.
    const plain = [
      { name: 'ada', role: 'facilitator' },
      { name: 'bob', role: 'editor' },
    ];
    expect(backup.members).toEqual(plain);
    expect(parseBackup((await buildBackup(store, thread, 'review-1'))!).backup.members).toEqual(plain);
    expect(backup.review.updatedAt).toBe((await store.getReview('review-1'))!.updatedAt);
    expect(Date.parse(backup.exportedAt)).toBeGreaterThanOrEqual(before - 1000);
    const back = new Y.Doc();
    Y.applyUpdate(back, document);
    expect(back.getMap(Root.ratings).get(ratingKey('self', 'k1'))).toBe('b');
    expect(back.getMap(Root.meta).get('title')).toBe(`Review of ${plainFramework.id}`);
    expect((await body(true)).backup.members).toEqual([
      { name: 'ada', role: 'facilitator', email: 'ada@la.example' },
      { name: 'bob', role: 'editor', email: 'bob@la.example' },
    ]);
  });

  it('reads a compacted review from its snapshot and the updates after it', async () => {
    const doc = await storedDoc();
    await store.compact('review-1', Y.encodeStateAsUpdate(doc), await store.pendingUpdates('review-1'));
    const sv = Y.encodeStateVector(doc);
    doc.getMap(Root.ratings).set(ratingKey('self', 'k2'), 'c');
    await store.appendUpdates('review-1', [Y.encodeStateAsUpdate(doc, sv)], ada.id);
    expect((await store.loadDocument('review-1')).snapshot).not.toBeNull();
    const back = new Y.Doc();
    Y.applyUpdate(back, (await body()).document);
    expect(back.getMap(Root.ratings).get(ratingKey('self', 'k2'))).toBe('c');
    expect(back.getMap(Root.meta).get('reviewId')).toBe('review-1');
  });

  it('never carries the votes of a round still open', async () => {
    await store.meeting.openRound(round('open-1', 'open'));
    await store.meeting.openRound(round('shown-1', 'open'));
    for (const id of ['open-1', 'shown-1'])
      await store.meeting.castVote(id, { userId: 'u-ada', name: 'ada', level: 'a' }, AT);
    await store.meeting.revealRound('shown-1', AT);
    const { rounds } = (await body()).backup;
    expect(rounds.find((r) => r.id === 'open-1')).toMatchObject({ status: 'open', votes: [] });
    expect(rounds.find((r) => r.id === 'shown-1')).toMatchObject({
      status: 'revealed',
      votes: [{ userId: 'u-ada', name: 'ada', level: 'a' }],
    });
    expect(rounds.every((r) => !('reviewId' in r))).toBe(true);
  });
});

describe('restoring a backup', () => {
  const file = async () => (await buildBackup(store, thread, 'review-1', true))!;

  it('makes a new review in the workspace, the importer its facilitator, with its rounds under fresh ids', async () => {
    await store.meeting.openRound(round('round-1', 'closed'));
    const bytes = await file();
    const before = Date.now();
    const { review, members } = await restoreBackup(store, thread, viewer(ada), 'ws-1', bytes);
    expect(review).toMatchObject({
      workspaceId: 'ws-1',
      title: 'Northfield',
      frameworkId: 'plain',
      frameworkVersion: 1,
      createdAt: AT,
    });
    expect(review.id).not.toBe('review-1');
    expect(Date.parse(review.updatedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(await store.getReview(review.id)).toEqual(review);
    expect(await store.access.reviewRole(review.id, ada.id)).toBe('facilitator');
    expect(members).toEqual({ restored: [], notRestored: [] });
    const rounds = await store.meeting.rounds(review.id);
    expect(rounds).toHaveLength(1);
    expect(rounds[0]!.id).not.toBe('round-1');
    expect(rounds[0]!.id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    const events = await store.records.fullHistory(review.id);
    expect(events.find((e) => e.kind === 'review' && e.detail.action === 'imported')).toMatchObject({
      userId: ada.id,
      userName: 'ada',
      criterion: null,
      detail: { action: 'imported', from: 'review-1' },
    });
    const doc = await storedDoc(review.id);
    expect(doc.getMap(Root.meta).get('reviewId')).toBe(review.id);
  });

  it('keeps when each vote was cast, in order; a backup made before votes carried a time restores them at the opening', async () => {
    await store.meeting.openRound(round('round-1', 'open'));
    await store.meeting.castVote('round-1', { userId: 'u-bob', name: 'bob', level: 'b' }, '2026-01-01T10:00:02.000Z');
    await store.meeting.castVote('round-1', { userId: 'u-ada', name: 'ada', level: 'a' }, '2026-01-01T10:00:03.000Z');
    await store.meeting.revealRound('round-1', '2026-01-01T10:00:04.000Z');
    const { backup } = parseBackup(await file());
    const restored = async (changed: BackupBody) => {
      const document = Buffer.from((await body()).document).toString('base64');
      const sealed = { ...changed, document };
      const bytes = new TextEncoder().encode(JSON.stringify({ ...sealed, checksum: checksumOf(sealed) }));
      const { review } = await restoreBackup(store, thread, viewer(ada), 'ws-1', bytes);
      return (await store.meeting.rounds(review.id))[0]!.votes;
    };
    expect(await restored(backup)).toEqual([
      { userId: 'u-bob', name: 'bob', level: 'b', at: '2026-01-01T10:00:02.000Z' },
      { userId: 'u-ada', name: 'ada', level: 'a', at: '2026-01-01T10:00:03.000Z' },
    ]);
    const older = {
      ...backup,
      rounds: backup.rounds.map((r) => ({ ...r, votes: r.votes.map(({ at: _at, ...v }) => v) })),
    };
    expect(await restored(older)).toEqual([
      { userId: 'u-ada', name: 'ada', level: 'a', at: AT },
      { userId: 'u-bob', name: 'bob', level: 'b', at: AT },
    ]);
  });

  it('brings back members who belong to the workspace, and no one else, whatever the file says', async () => {
    const bob = await person('u-bob', 'bob@la.example', ['ws-2', 'ws-1']);
    const cat = await person('u-cat', 'cat@elsewhere.example', ['ws-2']);
    const dan = await person('u-dan', 'dan@la.example');
    const eve = await person('u-eve', 'eve@la.example');
    await store.admin.setDisabled(eve.id, AT, {
      at: AT,
      actorId: null,
      actorName: 'an administrator',
      action: 'person.disable' as AuditEntry['action'],
      subject: eve.id,
      detail: 'disabled',
    });
    const { backup } = await body(true);
    const members = [
      { name: 'Ada', email: 'ada@la.example', role: 'editor' },
      { name: 'Bob', email: ' BOB@la.example ', role: 'editor' },
      { name: 'Bob again', email: 'bob@la.example', role: 'facilitator' },
      { name: 'Cat', email: 'cat@elsewhere.example', role: 'editor' },
      { name: 'Nobody', email: 'nobody@la.example', role: 'observer' },
      { name: 'Eve', email: 'eve@la.example', role: 'editor' },
      { name: 'Dan', role: 'observer' },
      { name: 'Dan by e-mail', email: 'dan@la.example', role: 'observer' },
    ] as const;
    const forged = {
      ...backup,
      document: Buffer.from((await body()).document).toString('base64'),
      members: [...members],
    };
    const bytes = new TextEncoder().encode(JSON.stringify({ ...forged, checksum: checksumOf(forged) }));
    const { review, members: report } = await restoreBackup(store, thread, viewer(ada), 'ws-1', bytes);
    const notIn = 'nobody with this e-mail belongs to the workspace';
    expect(report).toEqual({
      restored: [
        { name: 'bob', role: 'editor' },
        { name: 'dan', role: 'observer' },
      ],
      notRestored: [
        { name: 'Cat', role: 'editor', reason: notIn },
        { name: 'Nobody', role: 'observer', reason: notIn },
        { name: 'Eve', role: 'editor', reason: notIn },
        {
          name: 'Dan',
          role: 'observer',
          reason: 'the backup has no e-mail for them (only a facilitator’s backup has e-mails)',
        },
      ],
    });
    expect(await store.access.reviewRole(review.id, ada.id)).toBe('facilitator');
    expect(await store.access.reviewRole(review.id, bob.id)).toBe('editor');
    expect(await store.access.reviewRole(review.id, dan.id)).toBe('observer');
    expect(await store.access.reviewRole(review.id, cat.id)).toBeNull();
    expect(await store.access.reviewRole(review.id, eve.id)).toBeNull();
  });

  it('finds a member whose e-mail the backup writes in capitals, letters beyond ASCII included', async () => {
    const eve = await person('u-eve', 'éve@la.example');
    const { backup } = await body(true);
    const forged = {
      ...backup,
      document: Buffer.from((await body()).document).toString('base64'),
      members: [{ name: 'Eve', email: ' ÉVE@LA.EXAMPLE', role: 'editor' as const }],
    };
    const bytes = new TextEncoder().encode(JSON.stringify({ ...forged, checksum: checksumOf(forged) }));
    const { review, members } = await restoreBackup(store, thread, viewer(ada), 'ws-1', bytes);
    expect(members).toEqual({ restored: [{ name: 'eve', role: 'editor' }], notRestored: [] });
    expect(await store.access.reviewRole(review.id, eve.id)).toBe('editor');
  });

  it('refuses a framework this install cannot give the importer in that workspace, or one that changed', async () => {
    const bytes = await file();
    const { backup } = parseBackup(bytes);
    const reseal = async (framework: BackupBody['framework']) => {
      const document = Buffer.from((await body()).document).toString('base64');
      const changed = { ...backup, document, framework };
      return new TextEncoder().encode(JSON.stringify({ ...changed, checksum: checksumOf(changed) }));
    };
    const missing = restoreBackup(
      store,
      thread,
      viewer(ada),
      'ws-1',
      await reseal({ ...backup.framework, version: 2 }),
    );
    await expect(missing).rejects.toBeInstanceOf(BackupFrameworkConflict);
    await expect(
      restoreBackup(store, thread, viewer(ada), 'ws-1', await reseal({ ...backup.framework, version: 2 })),
    ).rejects.toThrow('framework "plain" version 2 is not available here; add it to this Bestfit before restoring');
    await expect(
      restoreBackup(store, thread, viewer(ada), 'ws-1', await reseal({ ...backup.framework, hash: 'other' })),
    ).rejects.toThrow('framework "plain" version 1 here differs from the one the backup was made with (hash other)');
    // An upload of another workspace: not offered to this one, even to someone who belongs to both.
    const theirs = { ...plainFramework, id: 'theirs' };
    await store.uploads.putUpload({
      id: 'theirs',
      version: 1,
      body: JSON.stringify(theirs),
      hash: frameworkHash(theirs),
      createdAt: AT,
      workspaceId: 'ws-2',
      uploadedBy: ada.id,
    });
    const refs = { id: 'theirs', version: 1, hash: frameworkHash(theirs) };
    for (const workspaces of [['ws-1'], ['ws-1', 'ws-2']])
      await expect(restoreBackup(store, thread, viewer(ada, workspaces), 'ws-1', await reseal(refs))).rejects.toThrow(
        'framework "theirs" version 1 is not available here',
      );
    expect((await store.listReviews()).map((r) => r.id)).toEqual(['review-1']);
  });

  it('restores a backup made before members were kept, and one of a framework the workspace uploaded', async () => {
    const { backup } = parseBackup(await file());
    const document = Buffer.from((await body()).document).toString('base64');
    const { members: _gone, ...old } = { ...backup, document };
    const oldFile = new TextEncoder().encode(JSON.stringify({ ...old, checksum: checksumOf(old) }));
    const restored = await restoreBackup(store, thread, viewer(ada), 'ws-1', oldFile);
    expect(restored.members).toEqual({ restored: [], notRestored: [] });
    expect(await store.access.reviewMembers(restored.review.id)).toHaveLength(1);

    const ours = { ...plainFramework, id: 'ours' };
    await store.uploads.putUpload({
      id: 'ours',
      version: 1,
      body: JSON.stringify(ours),
      hash: frameworkHash(ours),
      createdAt: AT,
      workspaceId: 'ws-1',
      uploadedBy: ada.id,
    });
    const doc = await storedDoc();
    doc.getMap(Root.meta).set('frameworkId', 'ours');
    const framework = { id: 'ours', version: 1, hash: frameworkHash(ours) };
    const body2 = { ...backup, framework, document: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64') };
    const ourFile = new TextEncoder().encode(JSON.stringify({ ...body2, checksum: checksumOf(body2) }));
    const { review } = await restoreBackup(store, thread, viewer(ada), 'ws-1', ourFile);
    expect(review).toMatchObject({ workspaceId: 'ws-1', frameworkId: 'ours' });
  });
});
