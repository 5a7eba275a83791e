import { describe, expect, it } from 'vitest';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { closedFor, permissionDenied, synced, until } from './helpers/clients.ts';
import { liveServer } from './helpers/live.ts';
import { createReviewOver, repoRoot } from './helpers/server.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/leicestershire-behaviour-qa.yaml`);
const live = liveServer();

describe('statement marks over the wire', () => {
  it('are kept and relayed for an editor in their own name, refused in someone else’s, and never applied for an observer', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const [editor, observer] = await Promise.all([
      server.addMember(reviewId, 'editor', 'Erin'),
      server.addMember(reviewId, 'observer', 'Otto'),
    ]);
    const e = live.client(reviewId, editor.token);
    const f = live.client(reviewId, server.owner.token);
    await Promise.all([synced(e), synced(f)]);
    const review = new ReviewDoc(e.doc, framework);
    const item = review.addEvidenceItem('1', { id: editor.id, name: editor.name }, 'Register audit');
    review.setMark('self', '1', 'condition:1:0', { id: editor.id, name: editor.name }, 'evidenced', [item.id]);
    await until(
      f.doc,
      () => f.doc.getMap('statementMarks').has('self/1/condition:1:0'),
      'the mark to reach the facilitator',
    );
    expect(f.doc.getMap('statementMarks').get('self/1/condition:1:0')).toMatchObject({
      mark: 'evidenced',
      items: [item.id],
      by: editor.id,
      byName: 'Erin',
    });

    const o = live.client(reviewId, observer.token);
    await synced(o);
    const denied = permissionDenied();
    new ReviewDoc(o.doc, framework).setMark('self', '1', 'level:good:0', { id: observer.id, name: 'Otto' }, 'partly');
    expect(await denied).toContain('read-only');

    const closed = closedFor(e);
    review.setMark('self', '1', 'level:good:1', { id: server.owner.id, name: 'Owner' }, 'evidenced');
    const event = await closed;
    expect(event.code).toBe(CloseCode.invalidUpdate);
    expect(event.reason).toContain(`statementMarks "self/1/level:good:1": must be set by its author ("${editor.id}")`);
    expect(f.doc.getMap('statementMarks').has('self/1/level:good:0')).toBe(false);
    expect(f.doc.getMap('statementMarks').has('self/1/level:good:1')).toBe(false);
  });
});
