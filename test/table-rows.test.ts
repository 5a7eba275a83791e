import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { closedFor, synced, until, type StockClient } from './helpers/clients.ts';
import { liveServer } from './helpers/live.ts';
import { createReviewOver, repoRoot } from './helpers/server.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
const live = liveServer();

/** What the server has stored for a review, read through the accessors. */
async function stored(reviewId: string): Promise<ReviewDoc> {
  const { snapshot, updates } = await live.server.store.loadDocument(reviewId);
  const doc = new Y.Doc();
  for (const u of [snapshot!, ...updates]) Y.applyUpdate(doc, u);
  return new ReviewDoc(doc, framework);
}

async function joined(reviewId: string, token: string, rows = 0): Promise<StockClient> {
  const c = live.client(reviewId, token);
  await synced(c);
  await until(c.doc, () => new ReviewDoc(c.doc, framework).addedRows('outcomes').length === rows, `${rows} added rows`);
  return c;
}

describe('rows added to a record table, over the socket', () => {
  it('closes an editor renaming or removing someone else’s row; its author and a facilitator may', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const khan = await server.addMember(reviewId, 'editor', 'A. Khan');
    const lee = await server.addMember(reviewId, 'editor', 'B. Lee');

    const author = await joined(reviewId, khan.token);
    const row = new ReviewDoc(author.doc, framework).addTableRow('outcomes', { id: khan.id, name: 'A. Khan' });
    new ReviewDoc(author.doc, framework).renameTableRow('outcomes', row.id, 'Attendance');

    for (const act of [
      (r: ReviewDoc) => r.renameTableRow('outcomes', row.id, 'Lee’s now'),
      (r: ReviewDoc) => r.removeTableRow('outcomes', row.id),
    ]) {
      const other = await joined(reviewId, lee.token, 1);
      await until(
        other.doc,
        () => new ReviewDoc(other.doc, framework).rowName('outcomes', row.id)?.toJSON() === 'Attendance',
      );
      const closed = closedFor(other, 'the other editor to be closed');
      act(new ReviewDoc(other.doc, framework));
      const close = await closed;
      expect(close.code).toBe(CloseCode.invalidUpdate);
      expect(close.reason).toMatch(/only (the row's|its) author or a facilitator can (rename it|delete item)/);
    }
    let kept = await stored(reviewId);
    expect(
      kept
        .addedRows('outcomes')
        .toArray()
        .map((r) => r.id),
    ).toEqual([row.id]);
    expect(kept.rowName('outcomes', row.id)?.toJSON()).toBe('Attendance');

    // The facilitator renames it; its author removes it.
    const facilitator = await joined(reviewId, server.owner.token, 1);
    new ReviewDoc(facilitator.doc, framework).renameTableRow('outcomes', row.id, 'Attendance and punctuality');
    await until(
      author.doc,
      () => new ReviewDoc(author.doc, framework).rowName('outcomes', row.id)?.toJSON() === 'Attendance and punctuality',
    );
    new ReviewDoc(author.doc, framework).removeTableRow('outcomes', row.id);
    await until(
      facilitator.doc,
      () => new ReviewDoc(facilitator.doc, framework).addedRows('outcomes').length === 0,
      'the row gone',
    );
    kept = await stored(reviewId);
    expect(kept.addedRows('outcomes').length).toBe(0);
    expect(author.provider.wsconnected && facilitator.provider.wsconnected).toBe(true);
  });
});
