import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { checksumOf, type Backup, type BackupBody } from '../server/reviews/backup-format.ts';
import type { RestoredMembers } from '../shared/protocol/access.ts';
import type { ReviewState } from '../shared/protocol/review-record.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import type { HistoryEvent } from '../shared/review/history.ts';
import { Root } from '../shared/review/roots.ts';
import { synced, until } from './helpers/clients.ts';
import { connectClient } from './helpers/clients.ts';
import { liveServer } from './helpers/live.ts';
import { MeetingClient } from './helpers/meeting.ts';
import {
  createReviewOver,
  makeUser,
  repoRoot,
  startTestServer,
  type TestServer,
  type TestUser,
} from './helpers/server.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
const live = liveServer();
const extraServers: TestServer[] = [];
afterEach(async () => {
  for (const s of extraServers.splice(0)) await s.close();
});

async function exportBackup(server: TestServer, user: TestUser | null, reviewId: string): Promise<Response> {
  return fetch(`${server.url}/api/reviews/${reviewId}/export?format=json`, {
    headers: user ? { authorization: `Bearer ${user.token}` } : {},
  });
}

async function importBackup(
  server: TestServer,
  user: TestUser | null,
  body: string,
  query = '',
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/api/reviews/import${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(user ? { authorization: `Bearer ${user.token}` } : {}) },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const messageOf = (json: Record<string, unknown>) => (json.error as { message: string }).message;

/** A backup changed on purpose and given a correct checksum again, as a careful forger would. */
function reSealed(text: string, change: (b: BackupBody) => void): string {
  const { checksum: _old, ...body } = JSON.parse(text) as Backup;
  change(body);
  return JSON.stringify({ ...body, checksum: checksumOf(body) });
}

function storedDoc(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  for (const u of [stored.snapshot!, ...stored.updates]) Y.applyUpdate(doc, u);
  return doc;
}

/** Every root as JSON, keys sorted, without the review's own id (a restore is a new review). */
function content(doc: Y.Doc): string {
  const json = Object.fromEntries(
    Object.values(Root).map((name) => [name, doc.getMap(name).toJSON() as Record<string, unknown>]),
  );
  delete json.meta!.reviewId;
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sorted(json));
}

/** A review with ratings, text, a comment, an evidence item, a closed round with votes, and signed off as final. */
async function filledReview(server: TestServer) {
  const reviewId = await createReviewOver(server.url, server.owner.token, framework.id, 'North partnership SEF');
  const editor = await server.addMember(reviewId, 'editor', 'Editor');
  const facilitator = live.client(reviewId, server.owner.token);
  const other = live.client(reviewId, editor.token);
  await Promise.all([synced(facilitator), synced(other)]);
  const doc = new ReviewDoc(facilitator.doc, framework);
  const me = { id: server.owner.id, name: 'Owner' };
  doc.setRating('self', '1.1', '-', 'enhancing');
  doc.setRating('self', '1.2', '-', 'developed');
  doc.focus('self', '1.1').insert(0, 'Share termly data with every school — “quoted” ✓');
  doc.evidence('self', '1.2').insert(0, 'Minutes of the March meeting');
  doc.addComment('1.1', me, 'Agreed at the meeting');
  doc.addEvidenceItem('1.2', me, 'Data pack', 'https://example.test/pack');
  const meeting = new MeetingClient(facilitator);
  const voter = new MeetingClient(other);
  meeting.send({ t: 'hello' });
  voter.send({ t: 'hello' });
  meeting.send({ t: 'open', criterion: '1.3', phase: '-', track: 'self', autoReveal: false });
  const round = await voter.until(() => voter.round((r) => r.status === 'open'), 'an open round');
  voter.send({ t: 'vote', round: round.id, level: 'developed' });
  meeting.send({ t: 'vote', round: round.id, level: 'enhancing' });
  await meeting.until(() => meeting.round((r) => r.voters.length === 2), 'both votes');
  meeting.send({ t: 'reveal', round: round.id });
  meeting.send({ t: 'close', round: round.id, agreed: 'enhancing' });
  await meeting.until(() => meeting.round((r) => r.status === 'closed'), 'the round closed');
  await until(
    other.doc,
    () => new ReviewDoc(other.doc, framework).evidenceItems('1.2').length === 1,
    'everything stored',
  );
  const call = (path: string) =>
    fetch(`${server.url}/api/reviews/${reviewId}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.owner.token}` },
    });
  expect((await call('/sign-offs')).status).toBe(200);
  expect((await call('/finalise')).status).toBe(200);
  return { reviewId, editor };
}

describe('JSON backup and restore', () => {
  it('restores a backup on a fresh data folder with identical document, history, rounds and status', async () => {
    const server = await live.start();
    const { reviewId } = await filledReview(server);
    const res = await exportBackup(server, server.owner, reviewId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="North partnership SEF (backup).json"');
    const text = await res.text();
    const backup = JSON.parse(text) as Backup;
    expect(backup).toMatchObject({
      format: 'bestfit-review-backup',
      formatVersion: 1,
      framework: { id: framework.id, version: framework.version },
      record: { status: 'final' },
    });
    expect(backup.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);

    const fresh = await startTestServer();
    extraServers.push(fresh);
    const restored = await importBackup(fresh, fresh.owner, text);
    expect(restored.status).toBe(201);
    const newId = restored.json.id as string;
    expect(restored.json).toMatchObject({ title: 'North partnership SEF', role: 'facilitator', status: 'final' });

    const before = storedDoc(await server.store.loadDocument(reviewId));
    const after = storedDoc(await fresh.store.loadDocument(newId));
    expect(content(after)).toBe(content(before));
    expect(after.getMap(Root.meta).get('reviewId')).toBe(newId);
    expect(new ReviewDoc(after, framework).comments('1.1').toArray()[0]?.text).toBe('Agreed at the meeting');

    const historyBefore = await server.store.records.fullHistory(reviewId);
    const historyAfter = await fresh.store.records.fullHistory(newId);
    const strip = (events: HistoryEvent[]) =>
      events.map(({ at, kind, userName, criterion, detail }) => ({ at, kind, userName, criterion, detail }));
    expect(strip(historyAfter.slice(0, -1))).toEqual(strip(historyBefore));
    expect(historyAfter.at(-1)).toMatchObject({ kind: 'review', detail: { action: 'imported', from: reviewId } });
    expect(historyBefore.some((e) => e.kind === 'rating')).toBe(true);

    const roundsBefore = await server.store.meeting.rounds(reviewId);
    const roundsAfter = await fresh.store.meeting.rounds(newId);
    const roundView = (rounds: typeof roundsBefore) => rounds.map(({ id: _i, reviewId: _r, ...r }) => r);
    expect(roundView(roundsAfter)).toEqual(roundView(roundsBefore));
    expect(roundsAfter[0]?.votes).toHaveLength(2);

    const stateBefore = (await server.store.records.state(reviewId)) as ReviewState;
    expect(await fresh.store.records.state(newId)).toEqual(stateBefore);

    // The restored review is final there too: read-only until a facilitator reopens it.
    const c = connectClient(fresh.wsUrl, newId, { token: fresh.owner.token });
    try {
      await synced(c);
      expect(new ReviewDoc(c.doc, framework).getRating('self', '1.1')).toBe('enhancing');
    } finally {
      c.destroy();
    }
    // Restoring next to its original works as well (fresh review and round ids).
    expect((await importBackup(server, server.owner, text)).status).toBe(201);
  });

  it('refuses damaged, tampered and wrong-version backups with a message naming the fault, creating nothing', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id, 'Small');
    const text = await (await exportBackup(server, server.owner, reviewId)).text();
    const reviewsBefore = (await server.store.listReviews()).length;
    const refused = async (body: string, status: number, message: string | RegExp) => {
      const r = await importBackup(server, server.owner, body);
      expect(r.status, messageOf(r.json)).toBe(status);
      expect(messageOf(r.json)).toMatch(message);
    };
    await refused(text.slice(0, text.length / 2), 400, /^the file is damaged: it is not valid JSON/);
    await refused('{"hello": 1}', 400, 'this is not a Bestfit review backup');
    await refused(text.replace('"title":"Small"', '"title":"Big"'), 400, /checksum does not match: .*tampered/);
    await refused(
      reSealed(text, (b) => Object.assign(b, { formatVersion: 2 })),
      400,
      'backup format version 2 is not one this Bestfit reads (it reads version 1)',
    );
    await refused(
      reSealed(text, (b) => (b.framework.version = 99)),
      409,
      `framework "${framework.id}" version 99 is not available here; add it to this Bestfit before restoring`,
    );
    await refused(
      reSealed(text, (b) => (b.framework.id = 'no-such-framework')),
      409,
      new RegExp(`framework "no-such-framework" version ${framework.version}`),
    );
    await refused(
      reSealed(text, (b) => (b.framework.hash = 'abc')),
      409,
      /differs from the one the backup was made with/,
    );
    await refused(
      reSealed(text, (b) => (b.review.title = '')),
      400,
      /^the file is damaged: review.title: /,
    );
    await refused(
      reSealed(text, (b) => (b.document = 'not base64!')),
      400,
      'the file is damaged: document: not base64',
    );
    // A document with a rating the framework does not have, correctly sealed.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Buffer.from((JSON.parse(text) as Backup).document, 'base64'));
    doc.getMap(Root.ratings).set('self/99.9/-', 'enhancing');
    const forged = Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
    await refused(
      reSealed(text, (b) => (b.document = forged)),
      400,
      'document: ratings "self/99.9/-": no such track, criterion or phase in this framework',
    );
    await refused(
      reSealed(text, (b) => (b.document = Buffer.from([1, 2, 3]).toString('base64'))),
      400,
      /^document: /,
    );
    await refused('['.repeat(100_000) + ']'.repeat(100_000), 400, 'this is not a Bestfit review backup');
    expect((await server.store.listReviews()).length).toBe(reviewsBefore);
  });

  it('lets anyone who may read a review back it up, and only workspace members restore into their workspace', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id, 'Small');
    const observer = await server.addMember(reviewId, 'observer');
    const outsider = await makeUser(server.store, 'Outsider', { workspace: 'Elsewhere' });
    const noWorkspace = await makeUser(server.store, 'Nobody', { workspace: null });
    expect((await exportBackup(server, observer, reviewId)).status).toBe(200);
    // A vote in a round still open is in nobody's backup (votes are secret until the reveal).
    const f = live.client(reviewId, server.owner.token);
    await synced(f);
    const meeting = new MeetingClient(f);
    meeting.send({ t: 'hello' });
    meeting.send({ t: 'open', criterion: '1.1', phase: '-', track: 'self', autoReveal: false });
    const round = await meeting.until(() => meeting.round((r) => r.status === 'open'), 'an open round');
    meeting.send({ t: 'vote', round: round.id, level: 'enhancing' });
    await meeting.until(() => meeting.round((r) => r.voters.length === 1), 'the vote');
    const withRound = (await (await exportBackup(server, observer, reviewId)).json()) as Backup;
    expect(withRound.rounds).toEqual([expect.objectContaining({ status: 'open', votes: [] })]);
    expect(JSON.stringify(withRound)).not.toContain('enhancing');
    expect((await exportBackup(server, outsider, reviewId)).status).toBe(404);
    expect((await exportBackup(server, null, reviewId)).status).toBe(401);
    // Any other format is the other exports' to answer: an unknown one is refused, naming those there are.
    const nope = await fetch(`${server.url}/api/reviews/${reviewId}/export?format=nope`, {
      headers: { authorization: `Bearer ${observer.token}` },
    });
    expect(nope.status).toBe(400);
    expect(await nope.text()).toContain('json');
    const text = await (await exportBackup(server, observer, reviewId)).text();
    expect((await importBackup(server, null, text)).status).toBe(401);
    expect((await importBackup(server, noWorkspace, text)).status).toBe(403);
    const wrongWorkspace = await importBackup(
      server,
      server.owner,
      text,
      `?workspaceId=${encodeURIComponent('elsewhere-id')}`,
    );
    expect(wrongWorkspace.status).toBe(403);
    expect(messageOf(wrongWorkspace.json)).toBe('workspaceId: you are not a member of this workspace');
    // The outsider restores into their own workspace, and becomes its facilitator.
    const theirs = await importBackup(server, outsider, text);
    expect(theirs.status).toBe(201);
    expect(theirs.json.role).toBe('facilitator');
    expect(theirs.json.workspaceId).not.toBe((await server.store.getReview(reviewId))?.workspaceId);
    expect((await importBackup(server, server.owner, '')).status).toBe(400);
  });
  it('brings back the members who belong to the target workspace with their roles, and nobody else', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id, 'With people');
    const editor = await server.addMember(reviewId, 'editor', 'Edna Editor');
    const observer = await server.addMember(reviewId, 'observer', 'Olu Observer');
    // Someone of another workspace who was on the review (added by an administrator, say).
    const elsewhere = await makeUser(server.store, 'Elsa Elsewhere', { workspace: 'Elsewhere' });
    await server.store.access.setReviewMember(reviewId, elsewhere.id, 'editor', null);
    const roles = async (id: string) =>
      Object.fromEntries((await server.store.access.reviewMembers(id)).map((m) => [m.name, m.role]));

    // A facilitator's backup names e-mails; a restore into the same workspace brings its people back.
    const text = await (await exportBackup(server, server.owner, reviewId)).text();
    const backup = JSON.parse(text) as Backup;
    expect(backup.members).toEqual(
      expect.arrayContaining([{ name: 'Edna Editor', email: editor.email, role: 'editor' }]),
    );
    const same = await importBackup(server, server.owner, text);
    expect(same.status).toBe(201);
    const sameId = same.json.id as string;
    expect(await roles(sameId)).toEqual({
      [server.owner.name]: 'facilitator',
      'Edna Editor': 'editor',
      'Olu Observer': 'observer',
    });
    const report = same.json.members as RestoredMembers;
    expect(report.restored).toEqual(
      expect.arrayContaining([
        { name: 'Edna Editor', role: 'editor' },
        { name: 'Olu Observer', role: 'observer' },
      ]),
    );
    expect(report.restored).toHaveLength(2);
    expect(report.notRestored).toEqual([
      { name: 'Elsa Elsewhere', role: 'editor', reason: 'nobody with this e-mail belongs to the workspace' },
    ]);
    expect((await exportBackup(server, editor, sameId)).status).toBe(200);
    expect((await exportBackup(server, elsewhere, sameId)).status).toBe(404);

    // Restored into another workspace, the same file brings nobody of the first one along.
    const outsider = await makeUser(server.store, 'Outsider', { workspace: 'Elsewhere' });
    const theirs = await importBackup(server, outsider, text);
    expect(theirs.status).toBe(201);
    const theirId = theirs.json.id as string;
    // Elsa belongs to the outsider's workspace, so she is back; the first workspace's people are not.
    expect(await roles(theirId)).toEqual({ Outsider: 'facilitator', 'Elsa Elsewhere': 'editor' });
    for (const user of [server.owner, editor, observer])
      expect((await exportBackup(server, user, theirId)).status).toBe(404);
    // The same answer for "no such account" and "in another workspace": nothing tells which e-mails exist.
    expect((theirs.json.members as { notRestored: { reason: string }[] }).notRestored.map((m) => m.reason)).toEqual(
      Array(3).fill('nobody with this e-mail belongs to the workspace'),
    );

    // Someone who is not a facilitator gets a backup without e-mails: its people are listed, not matched.
    const observers = await (await exportBackup(server, observer, reviewId)).text();
    expect(observers).not.toContain('@example.test');
    const fromObservers = await importBackup(server, server.owner, observers);
    expect(fromObservers.status).toBe(201);
    expect(await roles(fromObservers.json.id as string)).toEqual({ [server.owner.name]: 'facilitator' });
    expect((fromObservers.json.members as { notRestored: { reason: string }[] }).notRestored[0]?.reason).toContain(
      'no e-mail',
    );
  });

  it('gives nobody outside the workspace access through a forged member list, nor demotes the importer', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id, 'Forged');
    const stranger = await makeUser(server.store, 'Stranger', { workspace: 'Far away' });
    const colleague = await makeUser(server.store, 'Colleague');
    const text = await (await exportBackup(server, server.owner, reviewId)).text();
    const forged = reSealed(text, (b) => {
      b.members = [
        { name: 'Me again', email: server.owner.email, role: 'observer' },
        { name: 'Stranger', email: stranger.email, role: 'facilitator' },
        { name: 'Colleague', email: colleague.email.toUpperCase(), role: 'observer' },
        { name: 'Colleague twice', email: colleague.email, role: 'facilitator' },
        { name: 'Ghost', email: 'nobody@example.test', role: 'editor' },
      ];
    });
    const res = await importBackup(server, server.owner, forged);
    expect(res.status).toBe(201);
    const members = await server.store.access.reviewMembers(res.json.id as string);
    expect(Object.fromEntries(members.map((m) => [m.userId, m.role]))).toEqual({
      [server.owner.id]: 'facilitator',
      [colleague.id]: 'observer',
    });

    // A member list that is not one is refused whole, naming the fault, and creates nothing.
    const before = (await server.store.listReviews()).length;
    const bad = reSealed(text, (b) => {
      (b as { members: unknown }).members = [{ name: 'X', email: 'x@example.test', role: 'owner' }];
    });
    const refused = await importBackup(server, server.owner, bad);
    expect(refused.status).toBe(400);
    expect(messageOf(refused.json)).toContain('members.0.role');
    expect(await server.store.listReviews()).toHaveLength(before);
  });
});
