import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createApiToken, createUser } from '../server/auth/accounts.ts';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import type { HistoryEvent } from '../shared/review/history.ts';
import { Root } from '../shared/review/roots.ts';
import { emptyRangeUpdate } from '../shared/review/test-fixtures.ts';
import { closedFor, permissionDenied, sendUpdate, synced, until, type StockClient } from './helpers/clients.ts';
import { liveServer } from './helpers/live.ts';
import { createReviewOver, makeUser, repoRoot } from './helpers/server.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
const live = liveServer();

/** What the server has stored for a review, as a document. */
async function storedDoc(reviewId: string): Promise<Y.Doc> {
  const stored = await live.server.store.loadDocument(reviewId);
  const doc = new Y.Doc();
  for (const u of [stored.snapshot!, ...stored.updates]) Y.applyUpdate(doc, u);
  return doc;
}

/** A client that has synced and holds what `ready` waits for. */
async function joined(reviewId: string, token: string, ready?: (r: ReviewDoc) => boolean): Promise<StockClient> {
  const c = live.client(reviewId, token);
  await synced(c);
  if (ready) await until(c.doc, () => ready(new ReviewDoc(c.doc, framework)), 'the review as others left it');
  return c;
}

describe('who set a lock or a comment status', () => {
  it('closes a facilitator whose lock names someone else, and an editor whose comment status does', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const khan = await server.addMember(reviewId, 'editor', 'A. Khan');
    const lee = await server.addMember(reviewId, 'editor', 'B. Lee');

    const facilitator = await joined(reviewId, server.owner.token);
    const forgedLock = closedFor(facilitator, 'the facilitator forging a lock to be closed');
    new ReviewDoc(facilitator.doc, framework).setLocked('1.1', { id: khan.id, name: 'A. Khan' });
    const lockClose = await forgedLock;
    expect(lockClose.code).toBe(CloseCode.invalidUpdate);
    expect(lockClose.reason).toContain('must be set by its author');

    const author = await joined(reviewId, khan.token);
    const comment = new ReviewDoc(author.doc, framework).addComment('1.1', { id: khan.id, name: 'A. Khan' }, 'Why?');
    const forger = await joined(reviewId, lee.token, (r) => r.comments('1.1').length === 1);
    const forgedStatus = closedFor(forger, 'the editor forging a comment status to be closed');
    new ReviewDoc(forger.doc, framework).setCommentResolved(comment.id, { id: khan.id, name: 'A. Khan' }, true);
    const statusClose = await forgedStatus;
    expect(statusClose.code).toBe(CloseCode.invalidUpdate);
    expect(statusClose.reason).toContain('must be set by its author');

    const stored = new ReviewDoc(await storedDoc(reviewId), framework);
    expect(stored.lockOf('1.1')).toBeUndefined();
    expect(stored.commentStatus(comment.id)).toBeUndefined();
    expect(author.provider.wsconnected).toBe(true);
  });
});

describe('deleting comments and evidence items', () => {
  it('refuses an editor deleting someone else’s, lets the author and a facilitator delete, and keeps the deleted text in the history', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const khan = await server.addMember(reviewId, 'editor', 'A. Khan');
    const lee = await server.addMember(reviewId, 'editor', 'B. Lee');
    const author = await joined(reviewId, khan.token);
    const ra = new ReviewDoc(author.doc, framework);
    const who = { id: khan.id, name: 'A. Khan' };
    const item = ra.addEvidenceItem('1.2', who, 'Attendance report, autumn term');
    const comment = ra.addComment('1.2', who, 'Do SSS visits count?');
    const watcher = await joined(
      reviewId,
      server.owner.token,
      (r) => r.comments('1.2').length === 1 && r.evidenceItems('1.2').length === 1,
    );
    const rw = new ReviewDoc(watcher.doc, framework);
    const before = Y.encodeStateVector(await storedDoc(reviewId));

    for (const root of [Root.comments, Root.evidenceItems]) {
      const other = await joined(
        reviewId,
        lee.token,
        (r) => r.comments('1.2').length === 1 && r.evidenceItems('1.2').length === 1,
      );
      const closed = closedFor(other, `B. Lee's deletion from ${root} to be refused`);
      other.doc.getMap<Y.Array<unknown>>(root).get('1.2')!.delete(0, 1);
      const event = await closed;
      expect(event.code, root).toBe(CloseCode.invalidUpdate);
      expect(event.reason, root).toContain('only its author or a facilitator can delete');
    }
    // Nothing changed: not in the store, not for anyone connected.
    expect(Y.encodeStateVector(await storedDoc(reviewId))).toEqual(before);
    expect(rw.comments('1.2').toArray()).toEqual([comment]);
    expect(rw.evidenceItems('1.2').toArray()).toEqual([item]);

    // The author deletes their own comment; the facilitator deletes the author's evidence item.
    ra.comments('1.2').delete(0, 1);
    await until(watcher.doc, () => rw.comments('1.2').length === 0, 'the author’s deletion to reach the facilitator');
    rw.evidenceItems('1.2').delete(0, 1);
    await until(
      author.doc,
      () => ra.evidenceItems('1.2').length === 0,
      'the facilitator’s deletion to reach the author',
    );
    const stored = new ReviewDoc(await storedDoc(reviewId), framework);
    expect(stored.comments('1.2').length).toBe(0);
    expect(stored.evidenceItems('1.2').length).toBe(0);

    const history = (await (
      await fetch(`${server.url}/api/reviews/${reviewId}/history?criterion=1.2`, {
        headers: { authorization: `Bearer ${khan.token}` },
      })
    ).json()) as HistoryEvent[];
    const deletions = history.filter((e) => e.detail.deleted !== undefined);
    expect(deletions.map((e) => [e.kind, e.userName, e.detail.deleted, e.detail.author, e.detail.id])).toEqual([
      ['evidence-item', 'Owner', 'Attendance report, autumn term', 'A. Khan', item.id],
      ['comment', 'A. Khan', 'Do SSS visits count?', 'A. Khan', comment.id],
    ]);
  });
});

describe('updates that change nothing visible', () => {
  it('refuses an observer’s and an editor’s garbage-collected ranges, storing nothing of them', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const observer = await server.addMember(reviewId, 'observer');
    const editor = await server.addMember(reviewId, 'editor');
    const facilitator = await joined(reviewId, server.owner.token);
    new ReviewDoc(facilitator.doc, framework).setRating('self', '1.1', '-', 'developed');
    const watcher = await joined(reviewId, observer.token, (r) => r.getRating('self', '1.1') === 'developed');
    const before = Y.encodeStateVector(await storedDoc(reviewId));

    const denied = permissionDenied('the observer’s empty range to be refused');
    sendUpdate(watcher, emptyRangeUpdate(4242, 0, 1_000_000));
    expect(await denied).toContain('read-only');

    // An editor claims the facilitator's next clocks: were it applied, the facilitator's next change would be dropped.
    const forger = await joined(reviewId, editor.token);
    const clock = Y.decodeStateVector(before).get(facilitator.doc.clientID) ?? 0;
    const closed = closedFor(forger, 'the editor’s empty range to be refused');
    sendUpdate(forger, emptyRangeUpdate(facilitator.doc.clientID, clock, 10));
    const event = await closed;
    expect(event.code).toBe(CloseCode.invalidUpdate);
    expect(event.reason).toContain('empty (garbage-collected) ranges');

    expect(Y.encodeStateVector(await storedDoc(reviewId))).toEqual(before);
    // The facilitator's next change still arrives.
    new ReviewDoc(facilitator.doc, framework).setRating('self', '1.2', '-', 'enhancing');
    const rw = new ReviewDoc(watcher.doc, framework);
    await until(watcher.doc, () => rw.getRating('self', '1.2') === 'enhancing', 'the facilitator’s next change');
    expect(watcher.provider.wsconnected).toBe(true);
  });
});

describe('who may read a review’s history and members', () => {
  it('answers 404, with nothing of the review, to a signed-in outsider and to another workspace’s member', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id, 'Secret partnership review');
    const khan = await server.addMember(reviewId, 'editor', 'A. Khan');
    const author = await joined(reviewId, khan.token);
    new ReviewDoc(author.doc, framework).setRating('self', '1.1', '-', 'developed');
    await joined(reviewId, server.owner.token, (r) => r.getRating('self', '1.1') === 'developed');
    const outsider = await makeUser(server.store, 'Same Workspace Outsider');
    const other = await createUser(server.store.access, {
      email: `other.${Date.now()}@example.test`,
      name: 'Other LA',
      password: 'correct horse battery staple',
      workspace: 'Another workspace',
    });
    const otherToken = await createApiToken(server.store.access, other.id, 'tests');
    // The other workspace's member has a review of their own.
    await createReviewOver(server.url, otherToken, framework.id, 'Their own review');
    const get = async (path: string, token: string) => {
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: await res.text() };
    };
    // A member sees both.
    expect((await get(`/api/reviews/${reviewId}/members`, khan.token)).body).toContain('A. Khan');
    expect((await get(`/api/reviews/${reviewId}/history`, khan.token)).body).toContain('developed');

    const missing = 'no-such-review-00';
    for (const [who, token] of [
      ['a signed-in outsider', outsider.token],
      ['another workspace’s member', otherToken],
    ] as const) {
      for (const path of ['history', 'history?criterion=1.1', 'members']) {
        const answer = await get(`/api/reviews/${reviewId}/${path}`, token);
        const what = `${who}: GET /api/reviews/:id/${path}`;
        expect(answer.status, what).toBe(404);
        // Exactly what a review that does not exist gets, so not even its existence shows.
        const none = await get(`/api/reviews/${missing}/${path}`, token);
        expect(answer.body.replaceAll(reviewId, missing), what).toBe(none.body);
        for (const secret of ['A. Khan', 'Owner', 'developed', 'Secret partnership', khan.email])
          expect(answer.body, what).not.toContain(secret);
      }
    }
  });
});
