import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { criterionRatings, overallLevel, summariseDoc } from '../shared/cycles/figures.ts';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { docOf, partsOf } from '../server/cycles/stored-state.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { synced, until, type StockClient } from './helpers/clients.ts';
import { liveServer } from './helpers/live.ts';
import { createReviewOver, makeUser, repoRoot, type TestServer, type TestUser } from './helpers/server.ts';

const ba = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
const mk = await readFrameworkFile(`${repoRoot}frameworks/milton-keynes-sif.yaml`);
const live = liveServer();

const api = (server: TestServer, token: string | null, path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, {
    ...init,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.headers as Record<string, string>),
    },
  });
const post = (server: TestServer, token: string | null, path: string, body: unknown) =>
  api(server, token, path, { method: 'POST', body: JSON.stringify(body) });

/** A writer and a watcher on a review: a change is committed once the watcher has it (the server relays only what it stored). */
async function pair(reviewId: string, writer: TestUser, watcher: TestUser, fw = ba) {
  const a: StockClient = live.client(reviewId, writer.token);
  const b: StockClient = live.client(reviewId, watcher.token);
  await Promise.all([synced(a), synced(b)]);
  return {
    w: new ReviewDoc(a.doc, fw),
    seen: (p: (r: ReviewDoc) => boolean) => until(b.doc, () => p(new ReviewDoc(b.doc, fw))),
  };
}

async function people(server: TestServer, reviewId: string) {
  const editor = await server.addMember(reviewId, 'editor', 'A. Khan');
  const observer = await server.addMember(reviewId, 'observer', 'B. Obi');
  const stranger = await makeUser(server.store, 'C. Stranger', { workspace: 'Another workspace' });
  return { editor, observer, stranger };
}

describe('snapshots', () => {
  it('freezes the committed review: edits after it and a restart leave it byte-identical', async () => {
    let server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, ba.id, 'North partnership');
    const { editor, observer, stranger } = await people(server, reviewId);
    const { w, seen } = await pair(reviewId, editor, observer);
    w.setRating('self', '1.1', '-', 'established');
    w.focus('self', '1.1').insert(0, 'Share data termly');
    await seen((r) => r.getRating('self', '1.1') === 'established' && r.focus('self', '1.1').length > 0);

    // Only a facilitator takes one; everyone else is told why, or told nothing exists.
    const path = `/api/reviews/${reviewId}/snapshots`;
    expect((await post(server, editor.token, path, { label: 'x' })).status).toBe(403);
    expect((await post(server, observer.token, path, { label: 'x' })).status).toBe(403);
    expect((await post(server, stranger.token, path, { label: 'x' })).status).toBe(404);
    expect((await post(server, null, path, { label: 'x' })).status).toBe(401);
    const empty = await post(server, server.owner.token, path, { label: '  ' });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toBe('label: must not be empty');
    expect((await post(server, server.owner.token, path, { label: 'x'.repeat(121) })).status).toBe(400);
    expect((await post(server, server.owner.token, path, { label: 'x', extra: 1 })).status).toBe(400);

    const taken = await post(server, server.owner.token, path, { label: 'Autumn 2026 agreed' });
    expect(taken.status).toBe(201);
    const snapshot = (await taken.json()) as { id: string; label: string; createdByName: string };
    expect(snapshot).toMatchObject({ label: 'Autumn 2026 agreed', createdByName: 'Owner' });
    const one = `${path}/${snapshot.id}`;
    const first = (await (await api(server, observer.token, one)).json()) as { state: string; label: string };
    const bytes = Buffer.from(first.state, 'base64');
    const frozen = docOf([bytes]);
    expect(new ReviewDoc(frozen, ba).getRating('self', '1.1')).toBe('established');
    expect(new ReviewDoc(frozen, ba).focus('self', '1.1').toString()).toBe('Share data termly');
    // The binary variant is the same bytes.
    const binary = await api(server, editor.token, `${one}?format=binary`);
    expect(binary.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await binary.arrayBuffer()).equals(bytes)).toBe(true);

    w.setRating('self', '1.1', '-', 'developing');
    w.focus('self', '1.1').insert(0, 'Changed: ');
    await seen((r) => r.getRating('self', '1.1') === 'developing');
    expect(
      Buffer.from(((await (await api(server, observer.token, one)).json()) as { state: string }).state, 'base64'),
    ).toEqual(bytes);
    // Nothing in the store may change a snapshot.
    const db = (server.store as unknown as { db: { prepare(sql: string): { run(...a: unknown[]): unknown } } }).db;
    expect(() => db.prepare('UPDATE review_frozen SET label = ? WHERE id = ?').run('tampered', snapshot.id)).toThrow(
      /immutable/,
    );

    const owner = server.owner;
    server = await live.restart();
    const again = (await (await api(server, owner.token, one)).json()) as { state: string; label: string };
    expect(Buffer.from(again.state, 'base64').equals(bytes)).toBe(true);
    expect(again.label).toBe('Autumn 2026 agreed');
    const list = (await (await api(server, owner.token, path)).json()) as { id: string }[];
    expect(list.map((s) => s.id)).toEqual([snapshot.id]);

    // Readers only; a snapshot of another review is not found through this one.
    expect((await api(server, stranger.token, path)).status).toBe(404);
    expect((await api(server, null, one)).status).toBe(401);
    const other = await createReviewOver(server.url, owner.token, ba.id, 'Other');
    expect((await api(server, owner.token, `/api/reviews/${other}/snapshots/${snapshot.id}`)).status).toBe(404);
    expect((await api(server, owner.token, `${path}/${'%2e'.repeat(3)}`)).status).toBe(404);
  });
});

describe('finalising', () => {
  it('takes a final snapshot of what was signed off, naming who signed', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, ba.id, 'Signed-off partnership');
    const { editor, observer } = await people(server, reviewId);
    const { w, seen } = await pair(reviewId, editor, observer);
    w.setRating('self', '1.1', '-', 'enhancing');
    await seen((r) => r.getRating('self', '1.1') === 'enhancing');

    expect((await post(server, server.owner.token, `/api/reviews/${reviewId}/finalise`, {})).status).toBe(200);
    const list = (await (await api(server, observer.token, `/api/reviews/${reviewId}/snapshots`)).json()) as {
      id: string;
      label: string;
      meta: { status?: string; signedOffBy?: string[] };
    }[];
    expect(list).toHaveLength(1);
    expect(list[0]!.label).toMatch(/^Final, \d{1,2} \w+ \d{4}$/);
    expect(list[0]!.meta).toMatchObject({ status: 'final', signedOffBy: ['Owner'] });
    const one = (await (
      await api(server, observer.token, `/api/reviews/${reviewId}/snapshots/${list[0]!.id}`)
    ).json()) as {
      state: string;
    };
    expect(new ReviewDoc(docOf([Buffer.from(one.state, 'base64')]), ba).getRating('self', '1.1')).toBe('enhancing');
  });
});

describe('next term, comparison and trends', () => {
  it("starts next term with the same people, shows last term's ratings, and compares the terms exactly", async () => {
    const server = await live.start();
    const term1 = await createReviewOver(server.url, server.owner.token, ba.id, 'North partnership 2025-26');
    const { editor, observer, stranger } = await people(server, term1);
    {
      const { w, seen } = await pair(term1, editor, observer);
      w.setRating('self', '1.1', '-', 'developing');
      w.setRating('self', '1.2', '-', 'established');
      w.setRating('self', '1.3', '-', 'developed');
      w.focus('self', '1.1').insert(0, 'Share attendance data termly with every school');
      await seen((r) => r.getRating('self', '1.3') === 'developed' && r.focus('self', '1.1').length > 0);
    }
    const snap = (await (
      await post(server, server.owner.token, `/api/reviews/${term1}/snapshots`, { label: 'Autumn 2025 agreed' })
    ).json()) as { id: string };

    const next = `/api/reviews/${term1}/next`;
    expect((await post(server, editor.token, next, { title: 'T2' })).status).toBe(403);
    expect((await post(server, observer.token, next, { title: 'T2' })).status).toBe(403);
    expect((await post(server, stranger.token, next, { title: 'T2' })).status).toBe(404);
    expect((await post(server, null, next, { title: 'T2' })).status).toBe(401);
    const bad = await post(server, server.owner.token, next, { title: 'T2', carryFocus: 'yes' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe(
      'carryFocus: must be true or false',
    );
    const started = await post(server, server.owner.token, next, {
      title: 'North partnership 2026-27',
      carryFocus: true,
    });
    expect(started.status).toBe(201);
    const term2 = ((await started.json()) as { id: string }).id;

    // The same people, in the same roles.
    const members = (await (await api(server, server.owner.token, `/api/reviews/${term2}/members`)).json()) as {
      name: string;
      role: string;
    }[];
    expect(members.map((m) => [m.name, m.role]).sort()).toEqual([
      ['A. Khan', 'editor'],
      ['B. Obi', 'observer'],
      ['Owner', 'facilitator'],
    ]);
    // Last time: the snapshot's ratings, for every reader.
    const cycle = (await (await api(server, observer.token, `/api/reviews/${term2}/cycle`)).json()) as {
      previous: { id: string; source: { kind: string; label: string }; ratings: Record<string, string> };
    };
    expect(cycle.previous.id).toBe(term1);
    expect(cycle.previous.source).toMatchObject({ kind: 'snapshot', label: 'Autumn 2025 agreed' });
    expect(cycle.previous.ratings).toEqual({
      'self/1.1/-': 'developing',
      'self/1.2/-': 'established',
      'self/1.3/-': 'developed',
    });
    expect((await api(server, stranger.token, `/api/reviews/${term2}/cycle`)).status).toBe(404);

    {
      const { w, seen } = await pair(term2, editor, observer);
      // The focus was carried forward; ratings start empty.
      expect(w.focus('self', '1.1').toString()).toBe('Share attendance data termly with every school');
      expect(w.getRating('self', '1.1')).toBeUndefined();
      w.setRating('self', '1.1', '-', 'established');
      w.setRating('self', '1.2', '-', 'developing');
      w.setRating('self', '1.3', '-', 'developed');
      w.setRating('self', '1.4', '-', 'enhancing');
      const focus = w.focus('self', '1.1');
      const at = focus.toString().indexOf('termly');
      focus.delete(at, 'termly'.length);
      focus.insert(at, 'monthly');
      await seen(
        (r) => r.getRating('self', '1.4') === 'enhancing' && r.focus('self', '1.1').toString().includes('monthly'),
      );
    }

    const compare = `/api/reviews/${term2}/compare?from=${snap.id}&to=live`;
    const comparison = (await (await api(server, observer.token, compare)).json()) as {
      counts: Record<string, number>;
      ratings: { criterion: string; from: string | null; to: string | null; move: string; size: number }[];
      texts: { criterion: string; field: string; diff: { op: string; text: string }[] }[];
    };
    const rated = comparison.ratings.filter((r) => r.move !== 'unrated');
    expect(rated).toEqual([
      expect.objectContaining({ criterion: '1.1', from: 'developing', to: 'established', move: 'up', size: 2 }),
      expect.objectContaining({ criterion: '1.2', from: 'established', to: 'developing', move: 'down', size: 2 }),
      expect.objectContaining({ criterion: '1.3', from: 'developed', to: 'developed', move: 'same', size: 0 }),
      expect.objectContaining({ criterion: '1.4', from: null, to: 'enhancing', move: 'rated', size: 0 }),
    ]);
    const criteria = ba.sections.flatMap((s) => s.criteria).filter((c) => c.pending === undefined).length;
    expect(comparison.counts).toEqual({
      up: 1,
      down: 1,
      same: 1,
      rated: 1,
      cleared: 0,
      changed: 0,
      unrated: criteria - 4,
      added: 0,
      removed: 0,
    });
    expect(comparison.texts).toEqual([
      expect.objectContaining({
        criterion: '1.1',
        field: 'focus',
        diff: [
          { op: 'same', text: 'Share attendance data ' },
          { op: 'removed', text: 'termly' },
          { op: 'added', text: 'monthly' },
          { op: 'same', text: ' with every school' },
        ],
      }),
    ]);
    // A term's id compares its reported state (here its snapshot): the same figures.
    const byTerm = (await (
      await api(server, server.owner.token, `/api/reviews/${term2}/compare?from=${term1}&to=live`)
    ).json()) as { counts: Record<string, number> };
    expect(byTerm.counts).toEqual(comparison.counts);

    const csv = await api(server, editor.token, `${compare}&format=csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('"kind","criterion","title","phase or track","from","to","move","size"');
    expect(lines[1]).toBe('"rating","1.1","Engagement of all schools","","Developing","Established","up","2"');
    expect(lines.find((l) => l.startsWith('"focus"'))).toBe(
      '"focus","1.1","Engagement of all schools","self","Share attendance data termly with every school","Share attendance data monthly with every school","changed",""',
    );

    // Bad input names the fault; people outside the chain see nothing.
    const fault = async (query: string) => {
      const res = await api(server, server.owner.token, `/api/reviews/${term2}/compare?${query}`);
      return [res.status, ((await res.json()) as { error: { message: string } }).error.message];
    };
    expect(await fault('to=live')).toEqual([
      400,
      `from: is required: a snapshot id, "live" or a review id in this review's chain of terms`,
    ]);
    expect(await fault('from=live&to=nope')).toEqual([400, `to: no snapshot "nope" in this review's terms`]);
    expect(await fault('from=live&to=..%2F')).toEqual([400, 'to: is not a snapshot id, "live" or a review id']);
    expect(await fault('from=live&to=live&format=xml')).toEqual([400, 'format: must be json or csv']);
    const unrelated = await createReviewOver(server.url, server.owner.token, ba.id, 'Unrelated');
    expect(await fault(`from=${unrelated}&to=live`)).toEqual([
      400,
      `from: no snapshot "${unrelated}" in this review's terms`,
    ]);
    expect((await api(server, stranger.token, compare)).status).toBe(404);
    expect((await api(server, null, compare)).status).toBe(401);

    // Trends: each criterion over the terms, oldest first.
    const trends = (await (await api(server, observer.token, `/api/reviews/${term2}/trends`)).json()) as {
      terms: { reviewId: string; source: { kind: string } }[];
      criteria: { id: string; ratings: (string | null)[] }[];
      outcomes: { rows: { id: string }[] } | null;
    };
    expect(trends.terms.map((t) => [t.reviewId, t.source.kind])).toEqual([
      [term1, 'snapshot'],
      [term2, 'live'],
    ]);
    expect(trends.criteria.find((c) => c.id === '1.1')?.ratings).toEqual(['developing', 'established']);
    expect(trends.outcomes?.rows.map((r) => r.id)).toContain('ko1');
    expect((await api(server, stranger.token, `/api/reviews/${term2}/trends`)).status).toBe(404);
  });
});

describe('workspace overview', () => {
  it("equals a direct computation over the stored reviews, filters and sorts by movement, for the workspace's members", async () => {
    const server = await live.start();
    const owner = server.owner;
    const workspace = (await server.store.access.workspacesOf(owner.id))[0]!;
    const a1 = await createReviewOver(server.url, owner.token, mk.id, 'Ashfield Primary 2025');
    const b1 = await createReviewOver(server.url, owner.token, mk.id, 'Brook School 2025');
    const c1 = await createReviewOver(server.url, owner.token, ba.id, 'North partnership');
    const { editor, observer, stranger } = await people(server, a1);
    const categories = mk.sections.flatMap((s) => s.criteria).map((c) => c.id);
    {
      const { w, seen } = await pair(a1, owner, observer, mk);
      for (const c of categories) w.setRating('sip', c, '-', 'la2');
      await seen((r) => categories.every((c) => r.getRating('sip', c) === 'la2'));
    }
    const next = (await (
      await post(server, owner.token, `/api/reviews/${a1}/next`, { title: 'Ashfield Primary 2026' })
    ).json()) as {
      id: string;
    };
    const a2 = next.id;
    {
      const { w, seen } = await pair(a2, owner, observer, mk);
      for (const c of categories) w.setRating('sip', c, '-', 'la4a');
      await seen((r) => categories.every((c) => r.getRating('sip', c) === 'la4a'));
    }
    {
      const { w, seen } = await pair(b1, owner, owner, mk);
      w.setRating('school', categories[0]!, '-', 'la1');
      await seen((r) => r.getRating('school', categories[0]!) === 'la1');
    }
    await post(server, owner.token, `/api/reviews/${b1}/snapshots`, { label: 'Autumn agreed' });

    const path = `/api/workspaces/${workspace.id}/overview`;
    const overview = (await (await api(server, owner.token, path)).json()) as {
      total: number;
      reviews: {
        id: string;
        overall: string | null;
        ratings: Record<string, string | null>;
        movement: { net: number; down: number } | null;
        source: { kind: string };
        role: string | null;
      }[];
    };
    expect(overview.total).toBe(4);
    // The same figures, computed directly from each review's stored document.
    for (const id of [a1, a2, b1, c1]) {
      const review = (await server.store.getReview(id))!;
      const fw = review.frameworkId === mk.id ? mk : ba;
      const summary = summariseDoc(docOf(partsOf(await server.store.loadDocument(id))));
      const ratings = criterionRatings(fw, summary, null);
      const row = overview.reviews.find((r) => r.id === id)!;
      expect(row.ratings).toEqual(Object.fromEntries(ratings));
      expect(row.overall).toBe(overallLevel(fw, ratings)?.id ?? null);
    }
    const a2row = overview.reviews.find((r) => r.id === a2)!;
    expect(a2row.movement).toEqual({ up: 0, down: categories.length, same: 0, net: -2 * categories.length });
    expect(overview.reviews.find((r) => r.id === b1)!.source.kind).toBe('snapshot');

    const atRisk = (await (await api(server, owner.token, `${path}?category=at-risk`)).json()) as typeof overview;
    expect(atRisk.reviews.map((r) => r.id)).toEqual([a2]);
    const byCode = (await (await api(server, owner.token, `${path}?category=LA4a,la4b`)).json()) as typeof overview;
    expect(byCode.reviews.map((r) => r.id)).toEqual([a2]);
    const partnerships = (await (
      await api(server, owner.token, `${path}?framework=${ba.id}`)
    ).json()) as typeof overview;
    expect(partnerships.reviews.map((r) => r.id)).toEqual([c1]);
    const sorted = (await (await api(server, owner.token, `${path}?sort=movement`)).json()) as typeof overview;
    expect(sorted.reviews[0]!.id).toBe(a2);

    // Members of the workspace see every review's figures; they open only those they belong to.
    const member = await makeUser(server.store, 'D. Adviser');
    const seenByMember = (await (await api(server, member.token, path)).json()) as typeof overview;
    expect(seenByMember.reviews.every((r) => r.role === null)).toBe(true);
    expect((await api(server, stranger.token, path)).status).toBe(404);
    expect((await api(server, null, path)).status).toBe(401);
    // Editors and observers of a review who are in the workspace see it too (they are members here).
    expect((await api(server, editor.token, path)).status).toBe(200);
    const badSort = await api(server, owner.token, `${path}?sort=size`);
    expect(badSort.status).toBe(400);
    expect(((await badSort.json()) as { error: { message: string } }).error.message).toBe(
      'sort: must be title, movement or -movement',
    );
    expect((await api(server, owner.token, `${path}?nope=1`)).status).toBe(400);

    // Finalising takes a snapshot marked final: it is what the review reports from then on.
    expect((await post(server, owner.token, `/api/reviews/${b1}/finalise`, {})).status).toBe(200);
    await post(server, owner.token, `/api/reviews/${b1}/snapshots`, { label: 'Later, not final' });
    const finals = (await (await api(server, owner.token, `${path}?status=final`)).json()) as {
      reviews: { id: string; status: string; source: { kind: string; label: string } }[];
    };
    expect(finals.reviews.map((r) => [r.id, r.status, r.source.kind, r.source.label])).toEqual([
      [b1, 'final', 'final', expect.stringMatching(/^Final, \d{1,2} \w+ \d{4}$/)],
    ]);
    expect((await api(server, owner.token, `${path}?category=${'x'.repeat(300)}`)).status).toBe(400);
  });

  it('reads a summary it lacks from the stored document off the event loop, and keeps it', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, ba.id, 'Imported');
    // A review stored with ratings but no summary row (as one made before summaries were kept).
    const doc = docOf(partsOf(await server.store.loadDocument(reviewId)));
    const r = new ReviewDoc(doc, ba);
    const before = Y.encodeStateVector(doc);
    r.setRating('self', '2.1', '-', 'enhancing');
    await server.store.appendUpdates(reviewId, [Y.encodeStateAsUpdate(doc, before)]);
    expect(await server.store.cycles.summary(reviewId)).toBeNull();
    const workspace = (await server.store.access.workspacesOf(server.owner.id))[0]!;
    const overview = (await (
      await api(server, server.owner.token, `/api/workspaces/${workspace.id}/overview`)
    ).json()) as {
      reviews: { ratings: Record<string, string | null> }[];
    };
    expect(overview.reviews[0]!.ratings['2.1']).toBe('enhancing');
    expect((await server.store.cycles.summary(reviewId))?.summary.ratings).toEqual({ 'self/2.1/-': 'enhancing' });
  });
});

describe('who may read the terms of a review', () => {
  it('answers readers of every role, and nobody from another workspace or signed out', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, ba.id, 'Matrix');
    const { editor, observer, stranger } = await people(server, reviewId);
    const snapshot = (await (
      await post(server, server.owner.token, `/api/reviews/${reviewId}/snapshots`, { label: 'Agreed' })
    ).json()) as { id: string };
    const reads = [
      `/api/reviews/${reviewId}/snapshots`,
      `/api/reviews/${reviewId}/snapshots/${snapshot.id}`,
      `/api/reviews/${reviewId}/snapshots/${snapshot.id}?format=binary`,
      `/api/reviews/${reviewId}/cycle`,
      `/api/reviews/${reviewId}/compare?from=${snapshot.id}&to=live`,
      `/api/reviews/${reviewId}/compare?from=${snapshot.id}&to=live&format=csv`,
      `/api/reviews/${reviewId}/trends`,
      `/api/reviews/${reviewId}/cycle/agreement`,
    ];
    const who: [string, string | null, number][] = [
      ['facilitator', server.owner.token, 200],
      ['editor', editor.token, 200],
      ['observer', observer.token, 200],
      ['another workspace', stranger.token, 404],
      ['signed out', null, 401],
    ];
    const answers = [];
    for (const path of reads)
      for (const [name, token] of who) answers.push([path, name, (await api(server, token, path)).status]);
    expect(answers).toEqual(reads.flatMap((path) => who.map(([name, , status]) => [path, name, status])));
    // Writes: only a facilitator.
    for (const [name, token, status] of [
      ['editor', editor.token, 403],
      ['observer', observer.token, 403],
      ['another workspace', stranger.token, 404],
      ['signed out', null, 401],
    ] as const) {
      expect([name, (await post(server, token, `/api/reviews/${reviewId}/snapshots`, { label: 'x' })).status]).toEqual([
        name,
        status,
      ]);
      expect([name, (await post(server, token, `/api/reviews/${reviewId}/next`, { title: 'x' })).status]).toEqual([
        name,
        status,
      ]);
    }
    // A body that is not JSON, and a missing title, are named.
    const notJson = await api(server, server.owner.token, `/api/reviews/${reviewId}/next`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    const untitled = await post(server, server.owner.token, `/api/reviews/${reviewId}/next`, {});
    expect(((await untitled.json()) as { error: { message: string } }).error.message).toBe('title: is required');
  });
});

describe('rating summaries kept by the live review', () => {
  it('stores the ratings as the room unloads, current to the last update', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, ba.id, 'Kept');
    const a = live.client(reviewId, server.owner.token);
    const b = live.client(reviewId, server.owner.token);
    await Promise.all([synced(a), synced(b)]);
    const w = new ReviewDoc(a.doc, ba);
    for (const [i, level] of ['developing', 'developed', 'established', 'enhancing'].entries())
      w.setRating('self', `1.${i + 1}`, '-', level);
    w.focus('self', '1.1').insert(0, 'Typed after the ratings');
    await until(b.doc, () => new ReviewDoc(b.doc, ba).focus('self', '1.1').length > 0);
    const room = server.rooms.get(reviewId)!;
    a.destroy();
    b.destroy();
    await room.closed;
    const kept = await server.store.cycles.summary(reviewId);
    expect(kept?.uptoSeq).toBe(await server.store.cycles.seqOf(reviewId));
    expect(kept?.summary).toEqual(summariseDoc(docOf(partsOf(await server.store.loadDocument(reviewId)))));
    expect(Object.keys(kept?.summary.ratings ?? {})).toHaveLength(4);
  });
});
