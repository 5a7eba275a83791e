import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import type { HistoryEvent } from '../shared/review/history.ts';
import { Root } from '../shared/review/roots.ts';
import { closedFor, permissionDenied, synced, until, type StockClient } from './helpers/clients.ts';
import { liveServer } from './helpers/live.ts';
import { createReviewOver, repoRoot } from './helpers/server.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/milton-keynes-sif.yaml`);
const live = liveServer();

async function storedDoc(reviewId: string): Promise<Y.Doc> {
  const stored = await live.server.store.loadDocument(reviewId);
  const doc = new Y.Doc();
  for (const u of [stored.snapshot!, ...stored.updates]) Y.applyUpdate(doc, u);
  return doc;
}

async function joined(reviewId: string, token: string, ready?: (r: ReviewDoc) => boolean): Promise<StockClient> {
  const c = live.client(reviewId, token);
  await synced(c);
  if (ready) await until(c.doc, () => ready(new ReviewDoc(c.doc, framework)), 'the review as others left it');
  return c;
}

const review = (c: StockClient) => new ReviewDoc(c.doc, framework);

describe('overall judgements, ticks and the action plan between real clients', () => {
  it('an observer changes none of them; an editor ticks and plans but cannot record the overall', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const observer = await server.addMember(reviewId, 'observer', 'O. Bserver');
    const editor = await server.addMember(reviewId, 'editor', 'E. Ditor');
    const before = Y.encodeStateVector(await storedDoc(reviewId));

    const o = { id: observer.id, name: 'O. Bserver' };
    const attempts: ((r: ReviewDoc) => void)[] = [
      (r) => r.addAction({ what: 'Observers plan nothing' }, o),
      (r) => r.setSchoolType('primary', o),
      (r) => r.recordOverall('sip', 'all', o, { level: 'la1', rationale: 'Looks great' }),
    ];
    for (const change of attempts) {
      // A fresh client each time: a refused change stays in the client's own copy.
      const attempt = await joined(reviewId, observer.token);
      const denied = permissionDenied('an observer’s change to be refused');
      change(review(attempt));
      expect(await denied).toContain('read-only');
      attempt.provider.destroy();
    }
    const watcher = await joined(reviewId, observer.token);
    expect(Y.encodeStateVector(await storedDoc(reviewId))).toEqual(before);

    const e = { id: editor.id, name: 'E. Ditor' };
    const planner = await joined(reviewId, editor.token);
    const facilitator = await joined(reviewId, server.owner.token);
    const priority = review(planner).addPriority({ title: 'Improve attendance', howOften: 'Termly' }, e);
    const activity = review(planner).addAction(
      { priority: priority.id, what: 'First-day calling', owner: 'Attendance officer', due: '2026-02-13' },
      e,
    );
    const trigger = review(planner).overallDefinition.checkLists[0]!.items[1]!;
    review(planner).setTicked('trigger', trigger.id, e, true);
    // The facilitator sees the editor's plan and tick, live.
    await until(
      facilitator.doc,
      () => review(facilitator).actionPlan().priorities[0]?.actions[0]?.id === activity.id,
      'the editor’s activity to reach the facilitator',
    );
    await until(facilitator.doc, () => review(facilitator).isTicked('trigger', trigger.id), 'the tick');
    await until(watcher.doc, () => review(watcher).actionEntries().length === 2, 'the plan to reach the observer');
    expect(
      review(facilitator)
        .suggestedOveralls()
        .find((s) => s.track === 'sip')?.suggested,
    ).toBe('la4a');

    // The editor may not record the overall: the server closes the connection and stores nothing.
    const closed = closedFor(planner, 'the editor’s overall to be refused');
    review(planner).recordOverall('sip', 'all', e, { level: 'la2', rationale: 'We think good' });
    const event = await closed;
    expect(event.code).toBe(CloseCode.invalidUpdate);
    expect(event.reason).toContain('only a facilitator can record or clear an overall judgement');
    expect(review(facilitator).getOverall('sip', 'all')).toBeUndefined();

    // The facilitator records it; everyone gets it, and the history keeps it.
    review(facilitator).recordOverall(
      'sip',
      'all',
      { id: server.owner.id, name: 'Owner' },
      {
        level: 'la4a',
        rationale: 'Attendance below average for three quarters.',
      },
    );
    await until(watcher.doc, () => review(watcher).getOverall('sip', 'all')?.level === 'la4a', 'the overall');
    expect(
      review(watcher)
        .overallJudgements()
        .find((j) => j.track === 'sip'),
    ).toMatchObject({
      scopeLabel: 'Category',
      suggested: 'la4a',
      recorded: { level: 'la4a', byName: 'Owner', rationale: 'Attendance below average for three quarters.' },
    });

    // Another editor cannot remove the first editor's activity; the facilitator can.
    const other = await server.addMember(reviewId, 'editor', 'A. Nother');
    const remover = await joined(reviewId, other.token, (r) => r.actionEntries().length === 2);
    const refused = closedFor(remover, 'another editor’s removal to be refused');
    review(remover).actions.delete(activity.id);
    expect((await refused).reason).toContain('only its author or a facilitator can delete it');
    review(facilitator).removeActionEntry(activity.id, { id: server.owner.id, name: 'Owner' });
    await until(watcher.doc, () => review(watcher).actionEntries().length === 1, 'the removal');

    const stored = new ReviewDoc(await storedDoc(reviewId), framework);
    expect(stored.actionPlan().priorities.map((p) => [p.priority.title, p.actions.length])).toEqual([
      ['Improve attendance', 0],
    ]);
    expect(stored.getOverall('sip', 'all')?.level).toBe('la4a');

    const history = (await (
      await fetch(`${server.url}/api/reviews/${reviewId}/history`, {
        headers: { authorization: `Bearer ${server.owner.token}` },
      })
    ).json()) as HistoryEvent[];
    const kinds = history.filter((h) => ['overall', 'check', 'action'].includes(h.kind));
    expect(kinds.find((h) => h.kind === 'overall')).toMatchObject({
      userName: 'Owner',
      detail: { key: 'sip/all', from: null, to: 'la4a', rationale: 'Attendance below average for three quarters.' },
    });
    expect(kinds.find((h) => h.kind === 'check')).toMatchObject({ userName: 'E. Ditor', detail: { to: 'ticked' } });
    expect(kinds.find((h) => h.kind === 'action' && h.detail.deleted !== undefined)).toMatchObject({
      userName: 'Owner',
      detail: { deleted: 'First-day calling', author: 'E. Ditor', id: activity.id },
    });
    expect(Root.actions).toBe('actions');
  });
});
