import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import type { DeletedReview, ReviewState } from '../shared/protocol/review-record.ts';
import type { HistoryEvent } from '../shared/review/history.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { closedFor, permissionDenied, synced, until } from './helpers/clients.ts';
import { liveServer } from './helpers/live.ts';
import { MeetingClient } from './helpers/meeting.ts';
import { createReviewOver, makeUser, repoRoot, type TestServer, type TestUser } from './helpers/server.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
const live = liveServer();

type Json = Record<string, unknown>;

/** An API call as a user (bearer token), or signed out (no token). */
async function call(
  server: TestServer,
  user: TestUser | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${server.url}/api/reviews${path}`, {
    method,
    headers: {
      ...(user ? { authorization: `Bearer ${user.token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

const messageOf = (json: Json) => (json.error as { message: string }).message;

async function stored(server: TestServer, reviewId: string): Promise<ReviewDoc> {
  const s = await server.store.loadDocument(reviewId);
  const doc = new Y.Doc();
  for (const u of [s.snapshot!, ...s.updates]) Y.applyUpdate(doc, u);
  return new ReviewDoc(doc, framework);
}

/** A review with one person in each role, and people outside it. */
async function cast() {
  const server = await live.start();
  const reviewId = await createReviewOver(server.url, server.owner.token, framework.id, 'North SEF');
  const facilitator = server.owner;
  const coFacilitator = await server.addMember(reviewId, 'facilitator', 'Co Facilitator');
  const editor = await server.addMember(reviewId, 'editor', 'Editor');
  const observer = await server.addMember(reviewId, 'observer', 'Observer');
  const outsider = await makeUser(server.store, 'Outsider', { workspace: 'Other workspace' });
  return { server, reviewId, facilitator, coFacilitator, editor, observer, outsider };
}

describe('review status', () => {
  it('goes draft → in moderation → final with every facilitator’s sign-off, is listed with it, and reopens into the history', async () => {
    const { server, reviewId, facilitator, coFacilitator } = await cast();
    expect((await call(server, facilitator, 'GET', `/${reviewId}`)).json.status).toBe('draft');
    expect((await call(server, facilitator, 'POST', `/${reviewId}/status`, { status: 'moderation' })).json.status).toBe(
      'moderation',
    );
    const signed = await call(server, coFacilitator, 'POST', `/${reviewId}/sign-offs`);
    expect(signed.status).toBe(200);
    expect((signed.json.signOffs as { name: string }[]).map((s) => s.name)).toEqual(['Co Facilitator']);
    const final = await call(server, facilitator, 'POST', `/${reviewId}/finalise`);
    expect(final.status).toBe(200);
    const state = final.json as unknown as ReviewState;
    expect(state.status).toBe('final');
    expect(state.signOffs.map((s) => s.name)).toEqual(['Co Facilitator', 'Owner']);
    expect(state.finalisedBy).toBe(facilitator.id);
    expect(Date.parse(state.finalisedAt!)).not.toBeNaN();
    const list = (await (
      await fetch(`${server.url}/api/reviews`, { headers: { authorization: `Bearer ${facilitator.token}` } })
    ).json()) as (Json & ReviewState)[];
    expect(list.find((r) => r.id === reviewId)?.status).toBe('final');
    expect((await call(server, facilitator, 'POST', `/${reviewId}/finalise`)).status).toBe(409);
    expect((await call(server, facilitator, 'POST', `/${reviewId}/status`, { status: 'draft' })).status).toBe(409);

    const reopened = await call(server, coFacilitator, 'POST', `/${reviewId}/reopen`, { reason: 'LA feedback' });
    expect(reopened.json).toMatchObject({ status: 'moderation', signOffs: [], finalisedAt: null });
    const record = await call(server, facilitator, 'GET', `/${reviewId}/record`);
    const events = record.json.events as HistoryEvent[];
    expect(events[0]).toMatchObject({
      kind: 'status',
      userName: 'Co Facilitator',
      detail: { from: 'final', to: 'moderation', signedOffBy: 'Co Facilitator, Owner', reason: 'LA feedback' },
    });
    expect(events.some((e) => e.detail.to === 'final' && e.detail.signedOffBy === 'Co Facilitator, Owner')).toBe(true);
    // The whole-review history carries them too.
    const history = (await call(server, facilitator, 'GET', `/${reviewId}/history`)).json as unknown as HistoryEvent[];
    expect(history.filter((e) => e.kind === 'status')).toHaveLength(4);
  });

  it('makes a final review read-only on the server for everyone, tells connected clients live, and reopening lets edits in again', async () => {
    const { server, reviewId, facilitator, editor, observer } = await cast();
    const editorClient = live.client(reviewId, editor.token);
    const facilitatorClient = live.client(reviewId, facilitator.token);
    const observerClient = live.client(reviewId, observer.token);
    await Promise.all([synced(editorClient), synced(facilitatorClient), synced(observerClient)]);
    const meeting = new MeetingClient(facilitatorClient);
    meeting.send({ t: 'hello' });
    await meeting.until(() => meeting.events.find((e) => e.t === 'review'), 'the review state after hello');
    new ReviewDoc(editorClient.doc, framework).setRating('self', '1.1', '-', 'developed');
    await until(
      facilitatorClient.doc,
      () => new ReviewDoc(facilitatorClient.doc, framework).getRating('self', '1.1') === 'developed',
    );

    expect((await call(server, facilitator, 'POST', `/${reviewId}/finalise`)).status).toBe(200);
    const announced = await meeting.until(
      () => meeting.events.find((e) => e.t === 'review' && e.state.status === 'final'),
      'the final status, live',
    );
    expect(announced).toBeTruthy();

    // An editor's change is refused the way every refused change is: closed with 4422 and the reason.
    const editorClosed = closedFor(editorClient);
    new ReviewDoc(editorClient.doc, framework).focus('self', '1.1').insert(0, 'typed after sign-off');
    const closed = await editorClosed;
    expect(closed.code).toBe(CloseCode.invalidUpdate);
    expect(closed.reason).toContain('final');
    // The facilitator too: nobody edits a final review.
    const facilitatorClosed = closedFor(facilitatorClient);
    new ReviewDoc(facilitatorClient.doc, framework).setRating('self', '1.2', '-', 'enhancing');
    expect((await facilitatorClosed).reason).toContain('final');
    // An observer stays connected and is told.
    const denied = permissionDenied();
    new ReviewDoc(observerClient.doc, framework).setRating('self', '1.3', '-', 'enhancing');
    expect(await denied).toContain('final');
    const frozen = await stored(server, reviewId);
    expect(frozen.focus('self', '1.1').toString()).toBe('');
    expect(frozen.getRating('self', '1.2')).toBeUndefined();
    expect(frozen.getRating('self', '1.1')).toBe('developed');

    // Silent rating is closed too.
    const again = live.client(reviewId, facilitator.token);
    await synced(again);
    const meeting2 = new MeetingClient(again);
    meeting2.send({ t: 'hello' });
    meeting2.send({ t: 'open', criterion: '1.1', phase: '-', track: 'self', autoReveal: false });
    expect(await meeting2.until(() => meeting2.lastError(), 'a refusal')).toContain('final');

    expect((await call(server, facilitator, 'POST', `/${reviewId}/reopen`, {})).status).toBe(200);
    await meeting2.until(
      () => meeting2.events.find((e) => e.t === 'review' && e.state.status === 'moderation'),
      'the reopened status, live',
    );
    new ReviewDoc(again.doc, framework).setRating('self', '1.2', '-', 'enhancing');
    const editorAgain = live.client(reviewId, editor.token);
    await synced(editorAgain);
    await until(
      editorAgain.doc,
      () => new ReviewDoc(editorAgain.doc, framework).getRating('self', '1.2') === 'enhancing',
    );
  });

  it('lets only facilitators change the status; others in the review get 403, outsiders 404, the signed-out 401', async () => {
    const { server, reviewId, editor, observer, outsider } = await cast();
    const attempts: [string, string, unknown?][] = [
      ['POST', `/${reviewId}/status`, { status: 'moderation' }],
      ['POST', `/${reviewId}/sign-offs`],
      ['DELETE', `/${reviewId}/sign-offs/me`],
      ['POST', `/${reviewId}/finalise`],
      ['POST', `/${reviewId}/reopen`, {}],
      ['PATCH', `/${reviewId}`, { title: 'Renamed' }],
      ['POST', `/${reviewId}/archive`],
      ['POST', `/${reviewId}/unarchive`],
      ['DELETE', `/${reviewId}`],
    ];
    for (const [method, path, body] of attempts) {
      for (const who of [editor, observer]) {
        const r = await call(server, who, method, path, body);
        expect(r.status, `${method} ${path} as ${who.name}`).toBe(403);
      }
      expect((await call(server, outsider, method, path, body)).status, `${method} ${path} as an outsider`).toBe(404);
      expect((await call(server, null, method, path, body)).status, `${method} ${path} signed out`).toBe(401);
    }
    for (const path of [`/${reviewId}/record`, `/${reviewId}/export?format=json`]) {
      expect((await call(server, observer, 'GET', path)).status).toBe(200);
      expect((await call(server, outsider, 'GET', path)).status).toBe(404);
      expect((await call(server, null, 'GET', path)).status).toBe(401);
    }
    expect((await call(server, outsider, 'POST', `/${reviewId}/duplicate`, {})).status).toBe(404);
    expect((await call(server, null, 'POST', `/${reviewId}/duplicate`, {})).status).toBe(401);
    expect((await call(server, null, 'GET', '/deleted')).status).toBe(401);
    expect((await call(server, outsider, 'POST', `/${reviewId}/restore`)).status).toBe(404);
    expect((await call(server, editor, 'DELETE', `/${reviewId}/purge`)).status).toBe(403);
  });

  it('answers bad input with a 400 naming the fault', async () => {
    const { server, reviewId, facilitator } = await cast();
    const status = await call(server, facilitator, 'POST', `/${reviewId}/status`, { status: 'final' });
    expect(status.status).toBe(400);
    expect(messageOf(status.json)).toMatch(/^status: must be "draft" or "moderation"/);
    const empty = await call(server, facilitator, 'PATCH', `/${reviewId}`, { title: '   ' });
    expect(messageOf(empty.json)).toBe('title: must not be empty');
    const long = await call(server, facilitator, 'PATCH', `/${reviewId}`, { title: 'x'.repeat(201) });
    expect(messageOf(long.json)).toBe('title: must be at most 200 characters');
    const extra = await call(server, facilitator, 'PATCH', `/${reviewId}`, { title: 'A', owner: 'me' });
    expect(extra.status).toBe(400);
    const people = await call(server, facilitator, 'POST', `/${reviewId}/duplicate`, { withPeople: 'yes' });
    expect(messageOf(people.json)).toBe('withPeople: must be true or false');
    const reason = await call(server, facilitator, 'POST', `/${reviewId}/reopen`, { reason: 'x'.repeat(501) });
    expect(reason.status).toBe(400);
    expect((await call(server, facilitator, 'POST', `/${reviewId}/reopen`, {})).status).toBe(409);
    expect((await call(server, facilitator, 'POST', '/nope-not-a-review/finalise')).status).toBe(404);
  });
});

describe('review management', () => {
  it('renames, archives and unarchives, each recorded in the review’s history', async () => {
    const { server, reviewId, facilitator } = await cast();
    // Closed: the stored document is renamed too.
    expect((await call(server, facilitator, 'PATCH', `/${reviewId}`, { title: 'North SEF 2025' })).status).toBe(200);
    expect((await stored(server, reviewId)).meta().title).toBe('North SEF 2025');
    // Open: everyone with it open gets the new title in the document.
    const open = live.client(reviewId, facilitator.token);
    await synced(open);
    const renamed = await call(server, facilitator, 'PATCH', `/${reviewId}`, { title: 'North SEF 2026' });
    expect(renamed.json.title).toBe('North SEF 2026');
    await until(
      open.doc,
      () => new ReviewDoc(open.doc, framework).meta().title === 'North SEF 2026',
      'the new title, live',
    );
    expect((await call(server, facilitator, 'GET', `/${reviewId}`)).json.title).toBe('North SEF 2026');
    expect((await call(server, facilitator, 'POST', `/${reviewId}/archive`)).json.archivedAt).toBeTruthy();
    expect((await call(server, facilitator, 'GET', `/${reviewId}`)).json.archivedAt).toBeTruthy();
    expect((await call(server, facilitator, 'POST', `/${reviewId}/unarchive`)).json.archivedAt).toBeNull();
    const events = (await call(server, facilitator, 'GET', `/${reviewId}/record`)).json.events as HistoryEvent[];
    expect(events.map((e) => e.detail.action)).toEqual(['unarchived', 'archived', 'renamed', 'renamed']);
    expect(events[2]!.detail).toMatchObject({ from: 'North SEF 2025', to: 'North SEF 2026' });
    await call(server, facilitator, 'POST', `/${reviewId}/finalise`);
    expect((await call(server, facilitator, 'PATCH', `/${reviewId}`, { title: 'Changed' })).status).toBe(409);
  });

  it('duplicates the document into a new draft review of the same framework version, people optional', async () => {
    const { server, reviewId, facilitator, editor, observer } = await cast();
    const c = live.client(reviewId, facilitator.token);
    await synced(c);
    const doc = new ReviewDoc(c.doc, framework);
    doc.setRating('self', '1.1', '-', 'enhancing');
    doc.focus('self', '1.1').insert(0, 'Share the data pack termly');
    // Relayed only once stored: another client seeing it means the server has it.
    const other = live.client(reviewId, editor.token);
    await synced(other);
    await until(other.doc, () => new ReviewDoc(other.doc, framework).focus('self', '1.1').length > 0);
    await call(server, facilitator, 'POST', `/${reviewId}/finalise`);
    // Editors may duplicate (into the workspace), without the people.
    const byEditor = await call(server, editor, 'POST', `/${reviewId}/duplicate`, {});
    expect(byEditor.status).toBe(201);
    expect(byEditor.json).toMatchObject({
      title: 'Copy of North SEF',
      status: 'draft',
      role: 'facilitator',
      signOffs: [],
    });
    expect((await call(server, editor, 'POST', `/${reviewId}/duplicate`, { withPeople: true })).status).toBe(403);
    const copy = await call(server, facilitator, 'POST', `/${reviewId}/duplicate`, {
      title: 'North 2027',
      withPeople: true,
    });
    const copyId = copy.json.id as string;
    expect(copy.json).toMatchObject({
      frameworkId: framework.id,
      frameworkVersion: framework.version,
      status: 'draft',
    });
    const copied = await stored(server, copyId);
    const original = await stored(server, reviewId);
    expect(copied.getRating('self', '1.1')).toBe('enhancing');
    expect(copied.focus('self', '1.1').toString()).toBe(original.focus('self', '1.1').toString());
    expect(copied.meta()).toMatchObject({ reviewId: copyId, title: 'North 2027' });
    expect((await call(server, observer, 'GET', `/${copyId}`)).json.role).toBe('observer');
    expect((await call(server, editor, 'GET', `/${byEditor.json.id as string}`)).json.role).toBe('facilitator');
    expect((await call(server, observer, 'GET', `/${byEditor.json.id as string}`)).status).toBe(404);
    // The copy is open for editing even though its original is final.
    const e = live.client(copyId, editor.token);
    await synced(e);
    new ReviewDoc(e.doc, framework).setRating('self', '1.2', '-', 'developed');
    const f = live.client(copyId, facilitator.token);
    await synced(f);
    await until(f.doc, () => new ReviewDoc(f.doc, framework).getRating('self', '1.2') === 'developed');
  });

  it('soft-deletes (closing open connections), lists it as recently deleted, restores it for 30 days, and lets only administrators purge', async () => {
    const { server, reviewId, facilitator, editor, observer } = await cast();
    const watcher = live.client(reviewId, observer.token);
    await synced(watcher);
    const closed = closedFor(watcher);
    const deleted = await call(server, facilitator, 'DELETE', `/${reviewId}`);
    expect(deleted.status).toBe(200);
    expect((await closed).code).toBe(CloseCode.notFound);
    expect((await call(server, facilitator, 'GET', `/${reviewId}`)).status).toBe(404);
    expect((await call(server, observer, 'GET', `/${reviewId}/history`)).status).toBe(404);
    const list = (await call(server, facilitator, 'GET', '')).json as unknown as Json[];
    expect(list.some((r) => r.id === reviewId)).toBe(false);
    const bin = (await call(server, facilitator, 'GET', '/deleted')).json as unknown as DeletedReview[];
    expect(bin).toEqual([
      expect.objectContaining({ id: reviewId, title: 'North SEF', canRestore: true, canPurge: false }),
    ]);
    // Editors cannot see or restore it; nor can a socket reach it.
    expect((await call(server, editor, 'GET', '/deleted')).json).toEqual([]);
    expect((await call(server, editor, 'POST', `/${reviewId}/restore`)).status).toBe(404);
    expect((await closedFor(live.client(reviewId, facilitator.token))).code).toBe(CloseCode.forbidden);
    expect((await call(server, facilitator, 'DELETE', `/${reviewId}/purge`)).status).toBe(403);

    expect((await call(server, facilitator, 'POST', `/${reviewId}/restore`)).status).toBe(200);
    expect((await call(server, editor, 'GET', `/${reviewId}`)).json.title).toBe('North SEF');
    const events = (await call(server, facilitator, 'GET', `/${reviewId}/record`)).json.events as HistoryEvent[];
    expect(events.map((e) => e.detail.action)).toEqual(['restored', 'deleted']);
    const trail = await server.store.admin.auditTrail(10);
    expect(trail.map((a) => a.action).slice(0, 2)).toEqual(['review.restore', 'review.delete']);

    // Deleted 31 days ago: too late to restore; an administrator purges it for good.
    const longAgo = new Date(Date.now() - 31 * 24 * 3600 * 1000).toISOString();
    await server.store.records.softDelete(
      reviewId,
      facilitator.id,
      longAgo,
      {
        at: longAgo,
        userId: facilitator.id,
        userName: 'Owner',
        criterion: null,
        kind: 'review',
        detail: { action: 'deleted' },
      },
      {
        at: longAgo,
        actorId: facilitator.id,
        actorName: 'Owner',
        action: 'review.delete',
        subject: reviewId,
        detail: 'deleted',
      },
    );
    const late = await call(server, facilitator, 'POST', `/${reviewId}/restore`);
    expect(late.status).toBe(410);
    expect(messageOf(late.json)).toContain('more than 30 days ago');
    const admin = await makeUser(server.store, 'Admin', { isAdmin: true, workspace: null });
    expect(((await call(server, admin, 'GET', '/deleted')).json as unknown as DeletedReview[])[0]).toMatchObject({
      id: reviewId,
      canRestore: false,
      canPurge: true,
    });
    expect((await call(server, admin, 'DELETE', `/${reviewId}/purge`)).status).toBe(200);
    expect(await server.store.records.deleted(reviewId)).toBeNull();
    expect((await server.store.loadDocument(reviewId)).snapshot).toBeNull();
    expect((await call(server, admin, 'DELETE', `/${reviewId}/purge`)).status).toBe(404);
  });

  it('lets an owner of the review’s workspace delete and restore it without being in it', async () => {
    const server = await live.start();
    const member = await makeUser(server.store, 'Member');
    const reviewId = await createReviewOver(server.url, member.token, framework.id, 'Member review');
    // server.owner owns "Test workspace" (its first member) and is not in the review.
    expect((await call(server, server.owner, 'GET', `/${reviewId}`)).status).toBe(404);
    expect((await call(server, server.owner, 'DELETE', `/${reviewId}`)).status).toBe(200);
    expect(
      ((await call(server, server.owner, 'GET', '/deleted')).json as unknown as DeletedReview[])[0]?.canRestore,
    ).toBe(true);
    expect((await call(server, server.owner, 'POST', `/${reviewId}/restore`)).status).toBe(200);
    const other = await makeUser(server.store, 'Other owner', { workspace: 'Elsewhere' });
    expect((await call(server, other, 'DELETE', `/${reviewId}`)).status).toBe(404);
  });
});
