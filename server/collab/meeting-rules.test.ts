import { describe, expect, it } from 'vitest';
import type { RoundView } from '../../shared/protocol/meeting.ts';
import { reviewModel } from '../../shared/review/model.ts';
import { phasedFramework } from '../../shared/review/test-fixtures.ts';
import type { RoundRecord } from '../store/meeting-types.ts';
import { Meeting, viewOf } from './meeting.ts';
import type { Peer } from './peer.ts';
import { meetingPeer } from './test-client.ts';
import { storeWithReview } from './test-review.ts';

const model = reviewModel(phasedFramework);
const criterion = [...model.phasesOf.keys()][0]!;
const phase = model.phasesOf.get(criterion)![0]!;
const otherPhase = (phasedFramework.phases ?? [])
  .map((p) => p.id)
  .find((p) => !model.phasesOf.get(criterion)!.includes(p));
const track = phasedFramework.tracks[0]!.id;
const [level, otherLevel] = [...model.ratingValues] as [string, string];

/** A connection whose meeting events are kept, as its client reads them. */
function person(id: string | null, role: 'facilitator' | 'editor' | 'observer', canEdit = role !== 'observer') {
  const { peer, events } = meetingPeer(id === null ? null : { id, name: `Name ${id}` }, role, canEdit);
  /** The last event, which must be an error, and its message. */
  const lastError = () => {
    const last = events.at(-1);
    if (last?.t !== 'error') throw new Error(`expected an error, got ${JSON.stringify(last)}`);
    return last.message;
  };
  /** The round in the last event, which must carry one. */
  const lastRound = (): RoundView => {
    const last = events.at(-1);
    if (last?.t !== 'round') throw new Error(`expected a round, got ${JSON.stringify(last)}`);
    return last.round;
  };
  return { peer, events, lastError, lastRound };
}

/** One process's meeting over a real store, with the people present now. */
async function setup(present: Peer[] = []) {
  const { store, reviewId } = await storeWithReview(phasedFramework);
  let changes = 0;
  const meeting = new Meeting(reviewId, store.meeting, model, () => present);
  meeting.onChange = () => changes++;
  await meeting.load();
  const stored = async () => store.meeting.rounds(reviewId);
  return { store, reviewId, meeting, present, stored, changes: () => changes };
}

const round = (votes: RoundRecord['votes'], status: RoundRecord['status'] = 'open'): RoundRecord => ({
  id: 'r1',
  reviewId: 'review-1',
  criterion,
  phase,
  track,
  status,
  autoReveal: false,
  openedBy: 'u-fac',
  openedAt: '2026-01-01T00:00:00.000Z',
  revealedAt: null,
  closedAt: null,
  agreed: null,
  votes,
});

describe('what each person sees of a round', () => {
  const votes = [
    { userId: 'u-a', name: 'A', level, at: '2026-01-01T00:00:01.000Z' },
    { userId: 'u-b', name: 'B', level: otherLevel, at: '2026-01-01T00:00:02.000Z' },
  ];

  it('before the reveal: who voted, and their own vote only', () => {
    const a = person('u-a', 'editor');
    const view = viewOf(round(votes), a.peer);
    const { reviewId: _reviewId, votes: _votes, ...rest } = round(votes);
    expect(view).toEqual({
      ...rest,
      voters: [
        { userId: 'u-a', name: 'A' },
        { userId: 'u-b', name: 'B' },
      ],
      myVote: level,
    });
    expect(viewOf(round(votes), person('u-c', 'editor').peer)).not.toHaveProperty('myVote');
    expect(viewOf(round(votes), person(null, 'observer').peer)).not.toHaveProperty('myVote');
  });

  it('once revealed or closed: every vote, without when it was cast', () => {
    for (const status of ['revealed', 'closed'] as const) {
      const view = viewOf(round(votes, status), person('u-b', 'editor').peer);
      expect(view.votes).toEqual([
        { userId: 'u-a', name: 'A', level },
        { userId: 'u-b', name: 'B', level: otherLevel },
      ]);
      expect(view.myVote).toBe(otherLevel);
      expect(view).not.toHaveProperty('reviewId');
    }
  });
});

describe('a silent round, from opening to closing', () => {
  it('opens, takes votes (a later one replacing the earlier), reveals and closes, storing each step', async () => {
    const fac = person('u-fac', 'facilitator');
    const ed = person('u-ed', 'editor');
    const quiet = person('u-quiet', 'editor');
    const { meeting, stored, changes } = await setup([fac.peer, ed.peer, quiet.peer]);
    await meeting.handle(fac.peer, { t: 'hello' });
    await meeting.handle(ed.peer, { t: 'hello' });
    expect(fac.events).toEqual([{ t: 'rounds', rounds: [] }]);
    await meeting.handle(fac.peer, { t: 'open', criterion, phase, track, autoReveal: false });
    const opened = fac.lastRound();
    expect(opened).toMatchObject({ criterion, phase, track, status: 'open', autoReveal: false, voters: [] });
    expect(opened.openedBy).toBe('u-fac');
    expect(opened.revealedAt).toBeNull();
    expect(ed.lastRound().id).toBe(opened.id);
    // Not subscribed (no hello): told nothing.
    expect(quiet.events).toEqual([]);
    expect(changes()).toBe(1);
    expect((await stored())[0]).toMatchObject({ id: opened.id, status: 'open', openedBy: 'u-fac', votes: [] });

    await meeting.handle(ed.peer, { t: 'vote', round: opened.id, level });
    await meeting.handle(ed.peer, { t: 'vote', round: opened.id, level: otherLevel });
    expect(ed.lastRound()).toMatchObject({ voters: [{ userId: 'u-ed', name: 'Name u-ed' }], myVote: otherLevel });
    expect(fac.lastRound()).not.toHaveProperty('votes');
    expect((await stored())[0]!.votes.map((v) => v.level)).toEqual([otherLevel]);

    await meeting.handle(fac.peer, { t: 'reveal', round: opened.id });
    const revealed = fac.lastRound();
    expect(revealed.status).toBe('revealed');
    expect(revealed.revealedAt).not.toBeNull();
    expect(revealed.votes).toEqual([{ userId: 'u-ed', name: 'Name u-ed', level: otherLevel }]);
    expect((await stored())[0]).toMatchObject({ status: 'revealed', revealedAt: revealed.revealedAt });
    await meeting.handle(fac.peer, { t: 'reveal', round: opened.id });
    expect(fac.lastError()).toBe('this round has already been revealed');
    await meeting.handle(ed.peer, { t: 'vote', round: opened.id, level });
    expect(ed.lastError()).toBe('voting has closed for this round');

    await meeting.handle(fac.peer, { t: 'close', round: opened.id, agreed: 'not-a-level' });
    expect(fac.lastError()).toBe('"not-a-level" is not a level of this framework');
    await meeting.handle(fac.peer, { t: 'close', round: opened.id, agreed: otherLevel });
    const closed = fac.lastRound();
    expect(closed).toMatchObject({ status: 'closed', agreed: otherLevel, revealedAt: revealed.revealedAt });
    expect(closed.closedAt).not.toBeNull();
    expect((await stored())[0]).toMatchObject({ status: 'closed', agreed: otherLevel, closedAt: closed.closedAt });
    await meeting.handle(fac.peer, { t: 'close', round: opened.id, agreed: null });
    expect(fac.lastError()).toBe('this round is already closed');
    expect(changes()).toBe(5);
    // Refused only where it should have been: a round that exists is never called missing.
    expect(fac.events.flatMap((e) => (e.t === 'error' ? [e.message] : []))).toEqual([
      'this round has already been revealed',
      '"not-a-level" is not a level of this framework',
      'this round is already closed',
    ]);

    // Closed: another may be opened.
    await meeting.handle(fac.peer, { t: 'open', criterion, phase, track, autoReveal: false });
    expect(fac.lastRound().status).toBe('open');
  });

  it('closes an open round without a reveal or agreed level, revealing it at the close', async () => {
    const fac = person('u-fac', 'facilitator');
    const { meeting, stored } = await setup([fac.peer]);
    await meeting.handle(fac.peer, { t: 'hello' });
    await meeting.handle(fac.peer, { t: 'open', criterion, phase, track, autoReveal: false });
    const id = fac.lastRound().id;
    await meeting.handle(fac.peer, { t: 'close', round: id, agreed: null });
    const closed = fac.lastRound();
    expect(closed).toMatchObject({ status: 'closed', agreed: null });
    expect(closed.revealedAt).toBe(closed.closedAt);
    expect((await stored())[0]).toMatchObject({ status: 'closed', agreed: null });
  });

  it('records a facilitator without an account as the opener by an empty id', async () => {
    const fac = person(null, 'facilitator');
    const { meeting } = await setup();
    await meeting.handle(fac.peer, { t: 'hello' });
    await meeting.handle(fac.peer, { t: 'open', criterion, phase, track, autoReveal: false });
    expect(fac.lastRound().openedBy).toBe('');
  });

  it('refuses what only a facilitator may do, and rounds or levels that do not exist', async () => {
    const fac = person('u-fac', 'facilitator');
    const ed = person('u-ed', 'editor');
    const { meeting, stored } = await setup();
    await meeting.handle(ed.peer, { t: 'open', criterion, phase, track, autoReveal: false });
    expect(ed.lastError()).toBe('only a facilitator can open a round');
    await meeting.handle(fac.peer, { t: 'open', criterion: 'no-such', phase, track, autoReveal: false });
    expect(fac.lastError()).toBe('no criterion "no-such"');
    if (otherPhase) {
      await meeting.handle(fac.peer, { t: 'open', criterion, phase: otherPhase, track, autoReveal: false });
      expect(fac.lastError()).toBe(`criterion ${criterion} is not judged in phase "${otherPhase}"`);
    }
    await meeting.handle(fac.peer, { t: 'open', criterion, phase: 'no-such', track, autoReveal: false });
    expect(fac.lastError()).toBe(`criterion ${criterion} is not judged in phase "no-such"`);
    await meeting.handle(fac.peer, { t: 'open', criterion, phase, track: 'no-such', autoReveal: false });
    expect(fac.lastError()).toBe('no track "no-such"');
    expect(await stored()).toEqual([]);
    await meeting.handle(fac.peer, { t: 'open', criterion, phase, track, autoReveal: false });
    await meeting.handle(fac.peer, { t: 'hello' });
    const id = (fac.events.at(-1) as { rounds: RoundView[] }).rounds[0]!.id;
    await meeting.handle(fac.peer, { t: 'open', criterion, phase, track, autoReveal: false });
    expect(fac.lastError()).toBe('close the current round before opening another');
    expect(await stored()).toHaveLength(1);

    for (const t of ['reveal', 'close'] as const) {
      await meeting.handle(ed.peer, t === 'close' ? { t, round: id, agreed: null } : { t, round: id });
      expect(ed.lastError()).toBe('only a facilitator can do that');
      await meeting.handle(fac.peer, t === 'close' ? { t, round: 'no-such', agreed: null } : { t, round: 'no-such' });
      expect(fac.lastError()).toBe('no such round');
    }
    expect((await stored())[0]!.status).toBe('open');

    const observer = person('u-obs', 'observer');
    const anonymous = person(null, 'editor');
    for (const who of [observer, anonymous]) {
      await meeting.handle(who.peer, { t: 'vote', round: id, level });
      expect(who.lastError()).toBe('observers do not vote');
    }
    await meeting.handle(ed.peer, { t: 'vote', round: 'no-such', level });
    expect(ed.lastError()).toBe('no such round');
    await meeting.handle(ed.peer, { t: 'vote', round: id, level: 'not-a-level' });
    expect(ed.lastError()).toBe('"not-a-level" is not a level of this framework');
    expect((await stored())[0]!.votes).toEqual([]);
  });
});

describe('auto-reveal', () => {
  it('reveals at the last vote of everyone present who may vote, ignoring observers and closed connections', async () => {
    const fac = person('u-fac', 'facilitator');
    const ed = person('u-ed', 'editor');
    const observer = person('u-obs', 'observer');
    const anonymous = person(null, 'editor');
    const gone = person('u-gone', 'editor');
    gone.peer.closed = true;
    const { meeting, stored } = await setup([fac.peer, ed.peer, observer.peer, anonymous.peer, gone.peer]);
    await meeting.handle(fac.peer, { t: 'hello' });
    await meeting.handle(fac.peer, { t: 'open', criterion, phase, track, autoReveal: true });
    const id = fac.lastRound().id;
    await meeting.handle(fac.peer, { t: 'vote', round: id, level });
    expect((await stored())[0]!.status).toBe('open');
    await meeting.handle(ed.peer, { t: 'vote', round: id, level });
    expect((await stored())[0]!.status).toBe('revealed');
    expect(fac.lastRound().status).toBe('revealed');
  });

  it('reveals when the last person yet to vote leaves, but never a round nobody voted in', async () => {
    const fac = person('u-fac', 'facilitator');
    const ed = person('u-ed', 'editor');
    const present = [fac.peer, ed.peer];
    const { meeting, stored } = await setup(present);
    await meeting.handle(fac.peer, { t: 'hello' });
    await meeting.handle(ed.peer, { t: 'hello' });
    await meeting.handle(fac.peer, { t: 'open', criterion, phase, track, autoReveal: true });
    const id = fac.lastRound().id;
    // Everyone leaves before anyone voted: nothing to reveal.
    present.length = 0;
    await meeting.peopleLeft();
    expect((await stored())[0]!.status).toBe('open');
    present.push(fac.peer, ed.peer);
    await meeting.handle(fac.peer, { t: 'vote', round: id, level });
    expect((await stored())[0]!.status).toBe('open');
    present.splice(1, 1);
    const before = ed.events.length;
    await meeting.left(ed.peer);
    expect((await stored())[0]!.status).toBe('revealed');
    // Gone: no longer told anything.
    expect(ed.events).toHaveLength(before);
  });

  it('leaves a round without auto-reveal open, and never touches an earlier closed one', async () => {
    const fac = person('u-fac', 'facilitator');
    const { meeting, stored } = await setup([fac.peer]);
    await meeting.handle(fac.peer, { t: 'hello' });
    await meeting.handle(fac.peer, { t: 'open', criterion, phase, track, autoReveal: true });
    const first = fac.lastRound().id;
    await meeting.handle(fac.peer, { t: 'vote', round: first, level });
    await meeting.handle(fac.peer, { t: 'close', round: first, agreed: level });
    await meeting.handle(fac.peer, { t: 'open', criterion, phase, track, autoReveal: false });
    const second = fac.lastRound().id;
    await meeting.handle(fac.peer, { t: 'vote', round: second, level });
    await meeting.peopleLeft();
    // The last thing shown is the vote on the second round: nothing revealed since.
    expect(fac.lastRound()).toMatchObject({ id: second, status: 'open' });
    const rounds = await stored();
    expect(rounds.find((r) => r.id === first)!.status).toBe('closed');
    expect(rounds.find((r) => r.id === second)!.status).toBe('open');
  });
});

describe('another process changing rounds', () => {
  it('shows every subscriber the rounds read again, and announces to subscribers only', async () => {
    const fac = person('u-fac', 'facilitator');
    const ed = person('u-ed', 'editor');
    const quiet = person('u-quiet', 'editor');
    const { meeting, store, reviewId } = await setup([fac.peer, ed.peer]);
    await meeting.handle(ed.peer, { t: 'hello' });
    const elsewhere = new Meeting(reviewId, store.meeting, model, () => []);
    await elsewhere.load();
    await elsewhere.handle(fac.peer, { t: 'open', criterion, phase, track, autoReveal: false });
    await meeting.reload();
    const listed = ed.events.at(-1);
    expect(listed).toMatchObject({ t: 'rounds', rounds: [{ criterion, status: 'open' }] });
    expect(quiet.events).toEqual([]);
    meeting.announce({ t: 'error', message: 'hello all' });
    expect(ed.events.at(-1)).toEqual({ t: 'error', message: 'hello all' });
    expect(quiet.events).toEqual([]);
  });
});
