import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { reviewModel } from '../../shared/review/model.ts';
import { phasedFramework } from '../../shared/review/test-fixtures.ts';
import { Meeting } from './meeting.ts';
import type { Peer } from './peer.ts';
import { Presence } from './presence.ts';
import { meetingPeer } from './test-client.ts';
import { storeWithReview } from './test-review.ts';

const model = reviewModel(phasedFramework);
const criterion = [...model.phasesOf.keys()][0]!;
const phase = model.phasesOf.get(criterion)![0]!;
const track = phasedFramework.tracks[0]!.id;
const level = [...model.ratingValues][0]!;

/** A connection whose meeting events are kept, as its client would read them. */
const person = (id: string, role: 'facilitator' | 'editor' | 'observer') => meetingPeer({ id, name: id }, role);

/** The id of the round a `hello` just listed for `who`. */
async function listedRound(meeting: Meeting, who: ReturnType<typeof person>): Promise<string> {
  await meeting.handle(who.peer, { t: 'hello' });
  const listed = who.events.at(-1);
  if (listed?.t !== 'rounds' || !listed.rounds[0]) throw new Error('no round listed');
  return listed.rounds[0].id;
}

/**
 * Two processes serving one review on one store: each with its own connections, and the other's
 * people known from the presence it relays (as server/cluster carries it).
 */
async function twoProcesses(people: { a: Peer[]; b: Peer[] }) {
  const { store, reviewId } = await storeWithReview(phasedFramework);
  const presence = { a: new Presence(), b: new Presence() };
  const meeting = (here: 'a' | 'b') => {
    const m = new Meeting(reviewId, store.meeting, model, () => people[here]);
    m.votersElsewhere = () => presence[here].votersElsewhere();
    return m;
  };
  const a = meeting('a');
  const b = meeting('b');
  // Everyone announces themselves (as a stock client does on connecting); each process relays its own.
  for (const here of ['a', 'b'] as const)
    for (const p of people[here]) {
      const awareness = new awarenessProtocol.Awareness(new Y.Doc());
      presence[here].apply(awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]), p);
      awareness.destroy();
    }
  presence.b.applyRelayed(presence.a.takeChangesHere()!, 0);
  presence.a.applyRelayed(presence.b.takeChangesHere()!, 0);
  await Promise.all([a.load(), b.load()]);
  const status = async () => (await store.meeting.rounds(reviewId)).at(-1)?.status;
  return { a, b, presence, status };
}

describe('Meeting auto-reveal across processes', () => {
  it('waits for voters connected to another process, and reveals at the last vote wherever it is cast', async () => {
    const fac = person('u-fac', 'facilitator');
    const voter = person('u-voter', 'editor');
    const { a, b, status } = await twoProcesses({ a: [fac.peer], b: [voter.peer] });
    await b.handle(voter.peer, { t: 'hello' });
    await a.handle(fac.peer, { t: 'open', criterion, phase, track, autoReveal: true });
    await b.reload();
    const id = await listedRound(a, fac);
    await a.handle(fac.peer, { t: 'vote', round: id, level });
    // The facilitator is everyone who may vote on process A, but the voter on B has not voted.
    expect(await status()).toBe('open');
    await b.reload();
    await b.handle(voter.peer, { t: 'vote', round: id, level });
    expect(await status()).toBe('revealed');
    expect(voter.events.at(-1)).toMatchObject({ t: 'round', round: { id, status: 'revealed' } });
  });

  it('reveals when two last votes cast at once on two processes are both stored, on the next reload', async () => {
    const [x, y] = [person('u-x', 'facilitator'), person('u-y', 'editor')];
    const { a, b, status } = await twoProcesses({ a: [x.peer], b: [y.peer] });
    await a.handle(x.peer, { t: 'open', criterion, phase, track, autoReveal: true });
    await b.reload();
    const id = await listedRound(a, x);
    // Neither process has read the other's vote yet: each still waits for the other voter.
    await a.handle(x.peer, { t: 'vote', round: id, level });
    await b.handle(y.peer, { t: 'vote', round: id, level });
    expect(await status()).toBe('open');
    // The notice of the other's vote arrives: reading the rounds again finds everyone has voted.
    await a.reload();
    expect(await status()).toBe('revealed');
  });

  it('does not wait for observers elsewhere, and stops waiting for a voter whose process stopped', async () => {
    const fac = person('u-fac', 'facilitator');
    const [olive, gone] = [person('u-olive', 'observer'), person('u-gone', 'editor')];
    const { a, presence, status } = await twoProcesses({ a: [fac.peer], b: [olive.peer, gone.peer] });
    expect([...presence.a.votersElsewhere()]).toEqual(['u-gone']);
    await a.handle(fac.peer, { t: 'open', criterion, phase, track, autoReveal: true });
    const id = await listedRound(a, fac);
    await a.handle(fac.peer, { t: 'vote', round: id, level });
    expect(await status()).toBe('open');
    // Process B was killed: its people's presence expires here, and who is left has voted.
    expect(presence.a.expireRelayed(0)).toBe(true);
    expect(presence.a.votersElsewhere().size).toBe(0);
    await a.peopleLeft();
    expect(await status()).toBe('revealed');
  });
});

describe('Meeting when the store fails', () => {
  it('tells the person who asked it was not stored, keeps no round, and still throws for the log', async () => {
    const fac = person('u-fac', 'facilitator');
    const watcher = person('u-watch', 'editor');
    const { store, reviewId } = await storeWithReview(phasedFramework);
    const meeting = new Meeting(reviewId, store.meeting, model, () => [fac.peer, watcher.peer]);
    await meeting.load();
    await meeting.handle(watcher.peer, { t: 'hello' });
    await store.close();
    await expect(meeting.handle(fac.peer, { t: 'open', criterion, phase, track, autoReveal: true })).rejects.toThrow(
      /not open/,
    );
    expect(fac.events.at(-1)).toEqual({
      t: 'error',
      message: 'The server could not store that (opening the round). Try again.',
    });
    // Nobody else hears of a round that was never stored.
    expect(watcher.events).toEqual([{ t: 'rounds', rounds: [] }]);
    await meeting.handle(fac.peer, { t: 'hello' });
    expect(fac.events.at(-1)).toEqual({ t: 'rounds', rounds: [] });
  });
});
