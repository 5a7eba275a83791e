import { describe, expect, it } from 'vitest';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { MODERATION_TRACK, withModerationTrack } from '../shared/review/moderation.ts';
import * as Y from 'yjs';
import { closedFor, connectionClosed, synced, until } from './helpers/clients.ts';
import { liveServer } from './helpers/live.ts';
import { MeetingClient } from './helpers/meeting.ts';
import { makeUser, repoRoot } from './helpers/server.ts';

const pmqs = await readFrameworkFile(`${repoRoot}frameworks/pmqs-3.yaml`);
const live = liveServer();

async function create(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${live.server.url}/api/reviews`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${live.server.owner.token}` },
    body: JSON.stringify({ title: 'Moderated', ...body }),
  });
}

describe('a moderation track on a one-track framework', () => {
  it('is added at creation: ratings, marks, outcomes and silent rounds on it are accepted and kept', async () => {
    const server = await live.start();
    const res = await create({ frameworkId: pmqs.id, moderation: true });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const editor = await server.addMember(id, 'editor', 'Mo Derator');
    const client = live.client(id, editor.token);
    await synced(client);
    expect(client.doc.getMap('meta').get('moderationTrack')).toBe(true);
    const review = new ReviewDoc(client.doc, withModerationTrack(pmqs));
    const me = { id: editor.id, name: editor.name };
    review.setRating('self', '1.1', '-', 'established');
    review.setRating(MODERATION_TRACK.id, '1.1', '-', 'developing');
    review.setMark(MODERATION_TRACK.id, '1.1', 'level:developing:0', me, 'evidenced');
    review.setModeration('1.1', '-', me, 'moderator-stands', 'No evidence of impact yet');
    review.focus(MODERATION_TRACK.id, '1.1').insert(0, 'Tracking data for the summer term');

    const other = live.client(id, server.owner.token);
    await synced(other);
    await until(
      other.doc,
      () =>
        other.doc.getMap('moderation').has('1.1/-') &&
        other.doc.getMap('focus').get('moderation/1.1')?.toString() !== '',
      'the moderator’s changes to reach the facilitator',
    );
    expect(other.doc.getMap('ratings').get('moderation/1.1/-')).toBe('developing');

    // Silent rounds may be held on the moderation track too.
    const meeting = new MeetingClient(other);
    meeting.send({ t: 'hello' });
    meeting.send({ t: 'open', criterion: '1.2', phase: '-', track: 'moderation', autoReveal: false });
    await meeting.until(() => meeting.round((r) => r.track === 'moderation'), 'a round on the moderation track');
  });

  it('is not there unless asked for: a rating on it is refused', async () => {
    const server = await live.start();
    const res = await create({ frameworkId: pmqs.id });
    const { id } = (await res.json()) as { id: string };
    const client = live.client(id, server.owner.token);
    await synced(client);
    expect(client.doc.getMap('meta').has('moderationTrack')).toBe(false);
    const closed = closedFor(client);
    client.doc.getMap('ratings').set('moderation/1.1/-', 'developing');
    const event = await closed;
    expect(event.code).toBe(CloseCode.invalidUpdate);
    expect(event.reason).toContain('ratings "moderation/1.1/-": no such track, criterion or phase');
  });

  it('leaves two-track frameworks as they are, and refuses a flag that is not true or false', async () => {
    await live.start();
    const twoTrack = await create({ frameworkId: 'ns-la-quality-standards', moderation: true });
    expect(twoTrack.status).toBe(201);
    const { id } = (await twoTrack.json()) as { id: string };
    const client = live.client(id, live.server.owner.token);
    await synced(client);
    expect(client.doc.getMap('meta').has('moderationTrack')).toBe(false);

    const bad = await create({ frameworkId: pmqs.id, moderation: 'yes' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { message: 'moderation: must be true or false' } });
  });

  it('is added later by a facilitator: open connections reconnect to the changed review and keep their work', async () => {
    const server = await live.start();
    const { id } = (await (await create({ frameworkId: pmqs.id })).json()) as { id: string };
    const editor = await server.addMember(id, 'editor', 'Eddie');
    const outsider = await makeUser(server.store, 'Outsider');
    const client = live.client(id, editor.token);
    await synced(client);
    client.doc.getMap('ratings').set('self/1.1/-', 'established');
    const post = (token: string) =>
      fetch(`${server.url}/api/reviews/${id}/moderation-track`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, origin: server.url },
      });
    expect((await post(editor.token)).status).toBe(403);
    expect((await post(outsider.token)).status).toBe(404);

    const reconnected = connectionClosed(client, 'the editor to be asked to reconnect');
    const res = await post(server.owner.token);
    expect(res.status).toBe(201);
    expect((await reconnected).code).toBe(CloseCode.tryAgain);
    await until(client.doc, () => client.doc.getMap('meta').get('moderationTrack') === true, 'the flag to arrive');
    await synced(client);

    // The reconnected room knows the new track: a rating on it is kept and reaches others.
    client.doc.getMap('ratings').set('moderation/1.1/-', 'developing');
    const other = live.client(id, server.owner.token);
    await synced(other);
    await until(other.doc, () => other.doc.getMap('ratings').get('moderation/1.1/-') === 'developing', 'the rating');
    expect(other.doc.getMap('ratings').get('self/1.1/-')).toBe('established');
    expect(other.doc.getMap<Y.Text>('focus').get('moderation/4.2')).toBeInstanceOf(Y.Text);

    const again = await post(server.owner.token);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { message: 'this review already has a moderation track' } });
    const ns = (await (await create({ frameworkId: 'ns-la-quality-standards' })).json()) as { id: string };
    const twoTrack = await fetch(`${server.url}/api/reviews/${ns.id}/moderation-track`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.owner.token}`, origin: server.url },
    });
    expect(twoTrack.status).toBe(409);
  });
});
