import { describe, expect, it } from 'vitest';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import type { CycleAgreement, Trends } from '../shared/protocol/cycles.ts';
import { referenceOrdinalAlpha } from './helpers/alpha-reference.ts';
import { liveServer } from './helpers/live.ts';
import { createReviewOver, makeUser, repoRoot, type TestServer } from './helpers/server.ts';

const ns = await readFrameworkFile(`${repoRoot}frameworks/ns-la-quality-standards.yaml`);
const live = liveServer();
// The NS scale ranked worst first.
const rank: Record<string, number> = { 'significant-improvement': 0, 'some-improvement': 1, good: 2, outstanding: 3 };
const [SI, RI, G, O] = ['significant-improvement', 'some-improvement', 'good', 'outstanding'] as const;

const get = (server: TestServer, token: string | null, path: string) =>
  fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

let roundCount = 0;
/** A silent round as the meeting stores it: opened, voted, then revealed (or left open). */
async function round(server: TestServer, reviewId: string, votes: string[], reveal = true): Promise<void> {
  const id = `round-${++roundCount}`;
  const at = '2026-03-01T10:00:00.000Z';
  await server.store.meeting.openRound({
    id,
    reviewId,
    criterion: '1.1',
    phase: 'primary',
    track: 'la',
    status: 'open',
    autoReveal: false,
    openedBy: server.owner.id,
    openedAt: at,
    revealedAt: null,
    closedAt: null,
    agreed: null,
    votes: [],
  });
  for (const [i, level] of votes.entries())
    await server.store.meeting.castVote(id, { userId: `voter-${i}`, name: `Voter ${i}`, level }, at);
  if (reveal) await server.store.meeting.revealRound(id, at);
}

const units = (plan: string[][]) => plan.map((votes) => votes.filter((v) => v !== 'n/a').map((v) => rank[v]!));

describe('agreement per cycle of terms', () => {
  it("gives each term's alpha and all terms' rounds pooled, as computed independently, in the endpoint and the trends", async () => {
    const server = await live.start();
    const term1 = await createReviewOver(server.url, server.owner.token, ns.id, 'Shire LA 2025');
    const first = [
      [G, G, O, G],
      [RI, G, RI, 'n/a'],
      [SI, RI, SI, SI],
    ];
    for (const votes of first) await round(server, term1, votes);
    const started = await fetch(`${server.url}/api/reviews/${term1}/next`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.owner.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Shire LA 2026' }),
    });
    expect(started.status).toBe(201);
    const term2 = ((await started.json()) as { id: string }).id;
    const second = [
      [O, O, G, O],
      [G, RI, G, G],
      [G, G, G, RI],
    ];
    for (const votes of second) await round(server, term2, votes);
    // An open round's votes are secret: they must not move any number.
    await round(server, term2, [SI, O, SI, O], false);

    const res = await get(server, server.owner.token, `/api/reviews/${term2}/cycle/agreement`);
    expect(res.status).toBe(200);
    const cycle = (await res.json()) as CycleAgreement;
    expect(cycle.terms.map((t) => [t.reviewId, t.title, t.current, t.rounds, t.votes])).toEqual([
      [term1, 'Shire LA 2025', false, 3, 11],
      [term2, 'Shire LA 2026', true, 3, 12],
    ]);
    expect(cycle.terms[0]!.alpha).toBeCloseTo(referenceOrdinalAlpha(units(first)), 12);
    expect(cycle.terms[1]!.alpha).toBeCloseTo(referenceOrdinalAlpha(units(second)), 12);
    expect(cycle.alpha).toBeCloseTo(referenceOrdinalAlpha(units([...first, ...second])), 12);
    expect([cycle.rounds, cycle.votes, cycle.leftOut]).toEqual([6, 23, 0]);
    expect(cycle.ci95![0]).toBeLessThanOrEqual(cycle.alpha!);
    expect(cycle.ci95![1]).toBeGreaterThanOrEqual(cycle.alpha!);
    // The same figures from the earlier term: the cycle is the whole chain, either way.
    const fromFirst = (await (
      await get(server, server.owner.token, `/api/reviews/${term1}/cycle/agreement`)
    ).json()) as CycleAgreement;
    expect(fromFirst.alpha).toBe(cycle.alpha);
    expect(fromFirst.terms.map((t) => t.current)).toEqual([true, false]);

    // Trends carry each term's alpha through the term shown, and the terms pooled.
    const trends = (await (await get(server, server.owner.token, `/api/reviews/${term2}/trends`)).json()) as Trends;
    expect(trends.agreement).toEqual(cycle);
    const earlier = (await (await get(server, server.owner.token, `/api/reviews/${term1}/trends`)).json()) as Trends;
    expect(earlier.agreement.terms.map((t) => t.reviewId)).toEqual([term1]);
    expect(earlier.agreement.alpha).toBe(cycle.terms[0]!.alpha);
  });

  it('answers every role of the review; leaves out terms the caller is not in; nobody else, and 401 signed out', async () => {
    const server = await live.start();
    const term1 = await createReviewOver(server.url, server.owner.token, ns.id, 'Shire LA 2025');
    await round(server, term1, [G, O, G]);
    await round(server, term1, [RI, RI, G]);
    const started = await fetch(`${server.url}/api/reviews/${term1}/next`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.owner.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Shire LA 2026' }),
    });
    const term2 = ((await started.json()) as { id: string }).id;
    await round(server, term2, [O, O, G]);
    await round(server, term2, [SI, RI, RI]);
    // These three joined this term only: they see this term's rounds, and are told one term is left out.
    const editor = await server.addMember(term2, 'editor', 'Eddie');
    const observer = await server.addMember(term2, 'observer', 'Olive');
    const facilitator = await server.addMember(term2, 'facilitator', 'Faye');
    const stranger = await makeUser(server.store, 'Stranger', { workspace: 'Another workspace' });
    const path = `/api/reviews/${term2}/cycle/agreement`;

    const owner = (await (await get(server, server.owner.token, path)).json()) as CycleAgreement;
    expect(owner.terms).toHaveLength(2);
    for (const user of [editor, observer, facilitator]) {
      const res = await get(server, user.token, path);
      expect(res.status).toBe(200);
      const body = (await res.json()) as CycleAgreement;
      expect(body.terms.map((t) => t.reviewId)).toEqual([term2]);
      expect(body.leftOut).toBe(1);
      expect(body.alpha).toBe(owner.terms[1]!.alpha);
    }
    const outside = await get(server, stranger.token, path);
    expect(outside.status).toBe(404);
    expect(await outside.json()).toEqual({ error: { code: 'not_found', message: `no review "${term2}"` } });
    // Nor from the earlier term, which the stranger and the newcomers are not in.
    expect((await get(server, editor.token, `/api/reviews/${term1}/cycle/agreement`)).status).toBe(404);
    expect((await get(server, null, path)).status).toBe(401);
    expect((await get(server, server.owner.token, '/api/reviews/no-such-review/cycle/agreement')).status).toBe(404);
  });

  it('answers null, not NaN, for a first term with no rounds', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, ns.id, 'Shire LA');
    const body = (await (
      await get(server, server.owner.token, `/api/reviews/${reviewId}/cycle/agreement`)
    ).json()) as CycleAgreement;
    expect(body).toEqual({
      alpha: null,
      rounds: 0,
      votes: 0,
      ci95: null,
      leftOut: 0,
      terms: [{ reviewId, title: 'Shire LA', current: true, alpha: null, rounds: 0, votes: 0, ci95: null }],
    });
  });
});
