import { describe, expect, it } from 'vitest';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import type { HistoryEvent } from '../shared/review/history.ts';
import { closedFor, synced, until, type StockClient } from './helpers/clients.ts';
import { createReviewOver, repoRoot } from './helpers/server.ts';
import { liveServer } from './helpers/live.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
const live = liveServer();

const client = (reviewId: string, token: string): StockClient => live.client(reviewId, token);

/** Wait until the server has stored what a client sent, by reading back through a second client. */
async function seenBy(watcher: StockClient, predicate: () => boolean) {
  await until(watcher.doc, predicate);
}

describe('audit trail', () => {
  it("keeps each criterion's history, attributed and in order, across compaction of the update log", async () => {
    const server = await live.start({ COMPACT_AFTER: '5' });
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const khan = await server.addMember(reviewId, 'editor', 'A. Khan');
    const owner = client(reviewId, server.owner.token);
    const editor = client(reviewId, khan.token);
    await Promise.all([synced(owner), synced(editor)]);
    const ro = new ReviewDoc(owner.doc, framework);
    const re = new ReviewDoc(editor.doc, framework);

    ro.setRating('self', '1.1', '-', 'developed');
    await seenBy(editor, () => re.getRating('self', '1.1') === 'developed');
    re.setRating('self', '1.1', '-', 'enhancing');
    await seenBy(owner, () => ro.getRating('self', '1.1') === 'enhancing');
    re.focus('self', '1.1').insert(0, 'Termly review of attendance data');
    // Enough other changes to compact the log several times over.
    for (let i = 0; i < 20; i++) ro.setRating('self', '2.1', '-', i % 2 ? 'developing' : 'established');
    await seenBy(editor, () => re.getRating('self', '2.1') === 'developing');
    await seenBy(owner, () => ro.focus('self', '1.1').length > 0);
    ro.setLocked('1.1', { id: server.owner.id, name: 'Owner' });
    await seenBy(editor, () => re.lockOf('1.1') !== undefined);
    expect(await server.store.pendingUpdates(reviewId)).toBeLessThan(10);

    const res = await fetch(`${server.url}/api/reviews/${reviewId}/history?criterion=1.1`, {
      headers: { authorization: `Bearer ${khan.token}` },
    });
    const history = (await res.json()) as HistoryEvent[];
    expect(history.map((e) => [e.kind, e.userName, e.detail.from ?? null, e.detail.to ?? null])).toEqual([
      ['lock', 'Owner', null, 'locked'],
      ['focus', 'A. Khan', null, null],
      ['rating', 'A. Khan', 'developed', 'enhancing'],
      ['rating', 'Owner', null, 'developed'],
    ]);
    expect(history.every((e) => e.criterion === '1.1')).toBe(true);
    const all = (await (
      await fetch(`${server.url}/api/reviews/${reviewId}/history?criterion=2.1`, {
        headers: { authorization: `Bearer ${khan.token}` },
      })
    ).json()) as HistoryEvent[];
    expect(all).toHaveLength(20);
  });

  it('refuses an evidence item or comment that claims another author', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const khan = await server.addMember(reviewId, 'editor', 'A. Khan');
    const editor = client(reviewId, khan.token);
    await synced(editor);
    const re = new ReviewDoc(editor.doc, framework);
    re.addEvidenceItem('1.2', { id: khan.id, name: 'A. Khan' }, 'Attendance report, autumn term');
    const attempts: [string, (r: ReviewDoc) => void][] = [
      ['comment', (r) => r.addComment('1.2', { id: server.owner.id, name: 'Owner' }, 'I agree')],
      ['evidence item', (r) => r.addEvidenceItem('1.2', { id: server.owner.id, name: 'Owner' }, 'Minutes, 3 May')],
    ];
    for (const [what, forge] of attempts) {
      const forger = client(reviewId, khan.token);
      await synced(forger);
      await until(
        forger.doc,
        () => new ReviewDoc(forger.doc, framework).evidenceItems('1.2').length === 1,
        'the first evidence item',
      );
      const closed = closedFor(forger, `a forged ${what} to be refused`);
      forge(new ReviewDoc(forger.doc, framework));
      const event = await closed;
      expect(event.code, what).toBe(CloseCode.invalidUpdate);
      expect(event.reason, what).toContain('must be by its author');
    }
    expect(editor.provider.wsconnected).toBe(true);
    // Neither forgery reached anyone.
    const fresh = client(reviewId, server.owner.token);
    await synced(fresh);
    const rf = new ReviewDoc(fresh.doc, framework);
    expect(rf.comments('1.2').length).toBe(0);
    expect(
      rf
        .evidenceItems('1.2')
        .toArray()
        .map((i) => i.by),
    ).toEqual([khan.id]);
  });
});

describe('comments', () => {
  it('stores each comment with its author and time, and who resolved or reopened it', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const khan = await server.addMember(reviewId, 'editor', 'A. Khan');
    const editor = client(reviewId, khan.token);
    const facilitator = client(reviewId, server.owner.token);
    await Promise.all([synced(editor), synced(facilitator)]);
    const re = new ReviewDoc(editor.doc, framework);
    const rf = new ReviewDoc(facilitator.doc, framework);
    const comment = re.addComment('3.2', { id: khan.id, name: 'A. Khan' }, 'Do the SSS visits count as evidence?');
    await until(facilitator.doc, () => rf.comments('3.2').length === 1);
    rf.setCommentResolved(comment.id, { id: server.owner.id, name: 'Owner' }, true);
    await until(editor.doc, () => re.commentStatus(comment.id)?.resolved === true);
    re.setCommentResolved(comment.id, { id: khan.id, name: 'A. Khan' }, false);
    await until(facilitator.doc, () => rf.commentStatus(comment.id)?.resolved === false);

    const fresh = client(reviewId, server.owner.token);
    await synced(fresh);
    const r = new ReviewDoc(fresh.doc, framework);
    const [stored] = r.comments('3.2').toArray();
    expect(stored).toEqual({
      id: comment.id,
      text: 'Do the SSS visits count as evidence?',
      by: khan.id,
      byName: 'A. Khan',
      at: comment.at,
    });
    expect(Date.parse(stored!.at)).not.toBeNaN();
    expect(r.commentStatus(comment.id)).toMatchObject({ resolved: false, by: khan.id, byName: 'A. Khan' });
    const history = (await (
      await fetch(`${server.url}/api/reviews/${reviewId}/history?criterion=3.2`, {
        headers: { authorization: `Bearer ${khan.token}` },
      })
    ).json()) as HistoryEvent[];
    expect(history.map((e) => [e.kind, e.userName])).toEqual([['comment', 'A. Khan']]);
  });
});
