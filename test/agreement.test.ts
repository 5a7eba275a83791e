import { describe, expect, it } from 'vitest';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { referenceOrdinalAlpha } from './helpers/alpha-reference.ts';
import { synced } from './helpers/clients.ts';
import { liveServer } from './helpers/live.ts';
import { MeetingClient } from './helpers/meeting.ts';
import { createReviewOver, makeUser, repoRoot, type TestUser } from './helpers/server.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ns-la-quality-standards.yaml`);
const live = liveServer();

async function join(reviewId: string, user: TestUser): Promise<MeetingClient> {
  const meeting = new MeetingClient(live.client(reviewId, user.token));
  await synced(meeting.client);
  meeting.send({ t: 'hello' });
  await meeting.until(() => meeting.events.some((e) => e.t === 'rounds'), 'the list of rounds');
  return meeting;
}

// The NS scale ranked worst first: significant-improvement 0 … outstanding 3.
const rank: Record<string, number> = { 'significant-improvement': 0, 'some-improvement': 1, good: 2, outstanding: 3 };

interface Agreement {
  alpha: number | null;
  rounds: number;
  votes: number;
  ci95: [number, number] | null;
  groups: { track: string; phase: string; alpha: number | null; rounds: number }[];
  byRound: { criterion: string; votes: number; notApplicable: number; modeShare: number | null }[];
}

describe('GET /api/reviews/:id/agreement', () => {
  it('gives the alpha of four people’s votes over the revealed rounds, as computed independently', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const others = await Promise.all(['Asha', 'Ben', 'Cara'].map((n) => server.addMember(reviewId, 'editor', n)));
    const people = [server.owner, ...others];
    const meetings = await Promise.all(people.map((p) => join(reviewId, p)));
    const fac = meetings[0]!;

    // Per round: criterion, phase, track, then the four votes in people order.
    const plan: [string, string, string, string[]][] = [
      ['1.1', 'primary', 'la', ['good', 'good', 'outstanding', 'good']],
      ['1.2', 'primary', 'la', ['some-improvement', 'good', 'some-improvement', 'n/a']],
      [
        '1.3',
        'primary',
        'la',
        ['significant-improvement', 'some-improvement', 'significant-improvement', 'significant-improvement'],
      ],
      ['1.5', 'secondary', 'la', ['outstanding', 'outstanding', 'good', 'outstanding']],
      ['2.1', 'primary', 'ns', ['good', 'some-improvement', 'good', 'good']],
    ];
    for (const [criterion, phase, track, votes] of plan) {
      fac.send({ t: 'open', criterion, phase, track, autoReveal: true });
      const round = await fac.until(
        () => fac.round((r) => r.criterion === criterion && r.status === 'open'),
        'a round',
      );
      meetings.forEach((m, i) => m.send({ t: 'vote', round: round.id, level: votes[i]! }));
      await fac.until(() => fac.round((r) => r.id === round.id && r.status === 'revealed'), 'the reveal');
      fac.send({ t: 'close', round: round.id, agreed: null });
      await fac.until(() => fac.round((r) => r.id === round.id && r.status === 'closed'), 'the close');
    }
    // An open round's votes are secret: they must not move the numbers.
    fac.send({ t: 'open', criterion: '2.4', phase: 'primary', track: 'la', autoReveal: false });
    const open = await fac.until(() => fac.round((r) => r.status === 'open'), 'the open round');
    meetings[1]!.send({ t: 'vote', round: open.id, level: 'outstanding' });
    meetings[2]!.send({ t: 'vote', round: open.id, level: 'significant-improvement' });
    await fac.until(() => fac.rounds.get(open.id)!.voters.length === 2, 'two secret votes');

    const res = await fetch(`${server.url}/api/reviews/${reviewId}/agreement`, {
      headers: { authorization: `Bearer ${others[2]!.token}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Agreement;
    const units = plan.map(([, , , votes]) => votes.filter((v) => v !== 'n/a').map((v) => rank[v]!));
    expect(body.alpha).toBeCloseTo(referenceOrdinalAlpha(units), 12);
    expect(body.rounds).toBe(5);
    expect(body.votes).toBe(19);
    expect(body.ci95![0]).toBeLessThanOrEqual(body.alpha!);
    expect(body.ci95![1]).toBeGreaterThanOrEqual(body.alpha!);
    expect(body.groups.map((g) => [g.track, g.phase, g.rounds])).toEqual([
      ['la', 'primary', 3],
      ['la', 'secondary', 1],
      ['ns', 'primary', 1],
    ]);
    const laPrimary = units.slice(0, 3);
    expect(body.groups[0]!.alpha).toBeCloseTo(referenceOrdinalAlpha(laPrimary), 12);
    expect(body.byRound.map((r) => [r.criterion, r.votes, r.notApplicable, r.modeShare])).toEqual([
      ['1.1', 4, 0, 0.75],
      ['1.2', 3, 1, 2 / 3],
      ['1.3', 4, 0, 0.75],
      ['1.5', 4, 0, 0.75],
      ['2.1', 4, 0, 0.75],
    ]);
  });

  it('answers null, not NaN, before any round; 404 to outsiders and 401 when signed out', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const observer = await server.addMember(reviewId, 'observer', 'Olive');
    const outsider = await makeUser(server.store, 'Outsider');
    const get = (token?: string) =>
      fetch(`${server.url}/api/reviews/${reviewId}/agreement`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });

    const empty = await get(observer.token);
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ alpha: null, rounds: 0, votes: 0, ci95: null, groups: [], byRound: [] });
    const outside = await get(outsider.token);
    expect(outside.status).toBe(404);
    expect(await outside.json()).toMatchObject({ error: { message: `no review "${reviewId}"` } });
    expect((await get()).status).toBe(401);
    const missing = await fetch(`${server.url}/api/reviews/no-such-review/agreement`, {
      headers: { authorization: `Bearer ${server.owner.token}` },
    });
    expect(missing.status).toBe(404);
  });
});
