import { describe, expect, it } from 'vitest';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { synced } from './helpers/clients.ts';
import { MeetingClient } from './helpers/meeting.ts';
import { createReviewOver, repoRoot, type TestUser } from './helpers/server.ts';
import { liveServer } from './helpers/live.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
const live = liveServer();

async function join(reviewId: string, user: TestUser, frames?: Uint8Array[]): Promise<MeetingClient> {
  const client = live.client(reviewId, user.token);
  if (frames) {
    // Every frame this client receives, from the moment its socket opens.
    client.provider.on('status', ({ status }) => {
      if (status === 'connected') {
        client.provider.ws!.addEventListener('message', (e: MessageEvent) =>
          frames.push(new Uint8Array(e.data as ArrayBuffer)),
        );
      }
    });
  }
  const meeting = new MeetingClient(client);
  await synced(client);
  meeting.send({ t: 'hello' });
  await meeting.until(() => meeting.events.some((e) => e.t === 'rounds'), 'the list of rounds');
  return meeting;
}

describe('silent rating', () => {
  it('keeps votes secret until the reveal, leaves observers out, and auto-reveals when everyone present has voted', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const [alice, bob, olive] = await Promise.all([
      server.addMember(reviewId, 'editor', 'Alice'),
      server.addMember(reviewId, 'editor', 'Bob'),
      server.addMember(reviewId, 'observer', 'Olive'),
    ]);
    const spyFrames: Uint8Array[] = [];
    const fac = await join(reviewId, server.owner);
    const a = await join(reviewId, alice);
    const b = await join(reviewId, bob, spyFrames);
    const o = await join(reviewId, olive);

    fac.send({ t: 'open', criterion: '1.1', phase: '-', track: 'self', autoReveal: true });
    const opened = await b.until(() => b.round((r) => r.status === 'open'), 'the round to open');
    a.send({ t: 'vote', round: opened.id, level: 'enhancing' });
    fac.send({ t: 'vote', round: opened.id, level: 'developed' });
    o.send({ t: 'vote', round: opened.id, level: 'developing' });
    await o.until(() => o.lastError(), 'the observer to be refused');
    expect(o.lastError()).toBe('observers do not vote');
    await b.until(() => b.rounds.get(opened.id)!.voters.length === 2, 'two voters');

    // Bob sees who has voted, never what: not in any event, not in any byte he has received.
    const beforeReveal = b.rounds.get(opened.id)!;
    expect(beforeReveal.voters.map((v) => v.name).sort()).toEqual(['Alice', 'Owner']);
    expect(beforeReveal.votes).toBeUndefined();
    expect(beforeReveal.myVote).toBeUndefined();
    const seen = spyFrames.map((f) => Buffer.from(f).toString('latin1')).join('\n');
    expect(spyFrames.length).toBeGreaterThan(3);
    expect(seen).not.toContain('enhancing');
    expect(seen).not.toContain('developed');
    expect(seen).not.toContain('developing');
    // Alice is told her own vote, and only hers.
    expect(a.rounds.get(opened.id)!.myVote).toBe('enhancing');
    expect(a.rounds.get(opened.id)!.votes).toBeUndefined();

    // Bob votes last among those who may vote: the observer does not count, so it reveals.
    b.send({ t: 'vote', round: opened.id, level: 'established' });
    const revealed = await o.until(() => o.round((r) => r.id === opened.id && r.status === 'revealed'), 'the reveal');
    expect(revealed.votes!.map((v) => [v.name, v.level]).sort()).toEqual([
      ['Alice', 'enhancing'],
      ['Bob', 'established'],
      ['Owner', 'developed'],
    ]);
    // Voting ends at the reveal.
    a.send({ t: 'vote', round: opened.id, level: 'developing' });
    await a.until(() => a.lastError() === 'voting has closed for this round', 'a late vote to be refused');
  });

  it('keeps every round’s outcome when a round is run again, and only facilitators run rounds', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const alice = await server.addMember(reviewId, 'editor', 'Alice');
    const fac = await join(reviewId, server.owner);
    const a = await join(reviewId, alice);
    a.send({ t: 'open', criterion: '1.2', phase: '-', track: 'self', autoReveal: false });
    await a.until(() => a.lastError(), 'an editor to be refused');
    expect(a.lastError()).toBe('only a facilitator can open a round');

    fac.send({ t: 'open', criterion: '1.2', phase: '-', track: 'self', autoReveal: false });
    const first = await fac.until(() => fac.round((r) => r.status === 'open'), 'round one');
    a.send({ t: 'vote', round: first.id, level: 'developed' });
    await fac.until(() => fac.rounds.get(first.id)!.voters.length === 1);
    fac.send({ t: 'reveal', round: first.id });
    await fac.until(() => fac.rounds.get(first.id)!.status === 'revealed');
    fac.send({ t: 'close', round: first.id, agreed: 'developed' });
    await fac.until(() => fac.rounds.get(first.id)!.status === 'closed');

    fac.send({ t: 'open', criterion: '1.2', phase: '-', track: 'self', autoReveal: false });
    const second = await fac.until(() => fac.round((r) => r.id !== first.id && r.status === 'open'), 'round two');
    a.send({ t: 'vote', round: second.id, level: 'established' });
    await fac.until(() => fac.rounds.get(second.id)!.voters.length === 1);
    fac.send({ t: 'close', round: second.id, agreed: 'established' });
    await fac.until(() => fac.rounds.get(second.id)!.status === 'closed');

    // Someone joining later sees both outcomes, with their votes.
    const late = await join(reviewId, await server.addMember(reviewId, 'observer', 'Late'));
    const rounds = [...late.rounds.values()].filter((r) => r.criterion === '1.2');
    expect(rounds.map((r) => [r.status, r.agreed, r.votes?.map((v) => v.level)])).toEqual([
      ['closed', 'developed', ['developed']],
      ['closed', 'established', ['established']],
    ]);
  });

  it('keeps the votes of an open round across a server restart', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const alice = await server.addMember(reviewId, 'editor', 'Alice');
    const owner = server.owner;
    const fac = await join(reviewId, owner);
    const a = await join(reviewId, alice);
    fac.send({ t: 'open', criterion: '3.1', phase: '-', track: 'self', autoReveal: false });
    const round = await a.until(() => a.round((r) => r.status === 'open'));
    a.send({ t: 'vote', round: round.id, level: 'enhancing' });
    await fac.until(() => fac.rounds.get(round.id)!.voters.length === 1);

    await live.restart();
    const again = await join(reviewId, owner);
    const restored = again.rounds.get(round.id)!;
    expect(restored.status).toBe('open');
    expect(restored.voters.map((v) => v.name)).toEqual(['Alice']);
    again.send({ t: 'reveal', round: round.id });
    const revealed = await again.until(() => again.round((r) => r.id === round.id && r.status === 'revealed'));
    expect(revealed.votes).toEqual([{ userId: alice.id, name: 'Alice', level: 'enhancing' }]);
  });
});
