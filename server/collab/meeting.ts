import { randomBytes } from 'node:crypto';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../../shared/protocol/messages.ts';
import type { MeetingEvent, RoundView } from '../../shared/protocol/meeting.ts';
import type { MeetingRequest } from '../../shared/protocol/meeting-schema.ts';
import type { ReviewModel } from '../../shared/review/model.ts';
import type { MeetingStore, RoundRecord } from '../store/meeting-types.ts';
import type { Peer } from './peer.ts';

export function meetingMessage(event: MeetingEvent): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.meeting);
  encoding.writeVarString(e, JSON.stringify(event));
  return encoding.toUint8Array(e);
}

/** What one person may see of a round: before the reveal, who voted but never what (except their own). */
export function viewOf(round: RoundRecord, viewer: Peer): RoundView {
  const { reviewId: _reviewId, votes, ...rest } = round;
  const view: RoundView = { ...rest, voters: votes.map((v) => ({ userId: v.userId, name: v.name })) };
  if (round.status !== 'open') view.votes = votes.map(({ userId, name, level }) => ({ userId, name, level }));
  const mine = votes.find((v) => v.userId === viewer.user?.id);
  if (mine) view.myVote = mine.level;
  return view;
}

/** What a request that failed was doing, in words for the person who asked. */
const failedAction: Record<MeetingRequest['t'], string> = {
  hello: 'listing the rounds',
  open: 'opening the round',
  vote: 'casting your vote',
  reveal: 'revealing the votes',
  close: 'closing the round',
};

/**
 * Silent rating for one review. Votes are kept by the server (and stored, so a restart keeps
 * them) and reach nobody before the facilitator reveals them.
 */
export class Meeting {
  // Stryker disable next-line ArrayDeclaration: equivalent, see docs/mutation.md (load() replaces it first)
  private rounds: RoundRecord[] = [];
  private readonly subscribers = new Set<Peer>();
  /** Called after each stored change to a round (another process holding the review reloads). */
  onChange: () => void = () => {};
  /** With several processes: who may vote among the people connected to the others (user ids). */
  // Stryker disable next-line ArrowFunction: equivalent, see docs/mutation.md (a Set of undefined is empty)
  votersElsewhere: () => Iterable<string> = () => [];

  constructor(
    private readonly reviewId: string,
    private readonly store: MeetingStore,
    private readonly model: ReviewModel,
    /** Everyone connected to the review now, for auto-reveal. */
    private readonly present: () => Iterable<Peer>,
  ) {}

  async load(): Promise<void> {
    this.rounds = await this.store.rounds(this.reviewId);
  }

  /**
   * Another process changed a round: read them again and show every subscriber their view. A vote
   * cast there may be the last one anywhere (two cast at once on two processes are each the last
   * only once both are stored), so the auto-reveal is checked again.
   */
  async reload(): Promise<void> {
    await this.load();
    for (const peer of this.subscribers)
      this.send(peer, { t: 'rounds', rounds: this.rounds.map((r) => viewOf(r, peer)) });
    await this.autoReveal();
  }

  /** Someone who may vote left without a goodbye (their process stopped): everyone left may have voted. */
  peopleLeft(): Promise<void> {
    return this.autoReveal();
  }

  private send(peer: Peer, event: MeetingEvent): void {
    peer.send(meetingMessage(event));
  }

  private broadcast(round: RoundRecord): void {
    this.onChange();
    for (const peer of this.subscribers) this.send(peer, { t: 'round', round: viewOf(round, peer) });
  }

  /** Send an event to every subscribed client (e.g. the review's status changed). */
  announce(event: MeetingEvent): void {
    for (const peer of this.subscribers) this.send(peer, event);
  }

  private refuse(peer: Peer, message: string): void {
    this.send(peer, { t: 'error', message });
  }

  left(peer: Peer): Promise<void> {
    this.subscribers.delete(peer);
    return this.autoReveal();
  }

  /** Handles one request; a failure to store it is told to the person who asked, then thrown to be logged. */
  async handle(peer: Peer, request: MeetingRequest): Promise<void> {
    try {
      await this.act(peer, request);
    } catch (error) {
      this.refuse(peer, `The server could not store that (${failedAction[request.t]}). Try again.`);
      throw error;
    }
  }

  private async act(peer: Peer, request: MeetingRequest): Promise<void> {
    switch (request.t) {
      case 'hello':
        this.subscribers.add(peer);
        this.send(peer, { t: 'rounds', rounds: this.rounds.map((r) => viewOf(r, peer)) });
        return;
      case 'open':
        return this.open(peer, request);
      case 'vote':
        return this.vote(peer, request.round, request.level);
      case 'reveal': {
        const round = this.facilitated(peer, request.round);
        if (!round) return;
        if (round.status !== 'open') return this.refuse(peer, 'this round has already been revealed');
        return this.reveal(round);
      }
      case 'close': {
        const round = this.facilitated(peer, request.round);
        if (!round) return;
        if (round.status === 'closed') return this.refuse(peer, 'this round is already closed');
        if (request.agreed !== null && !this.model.ratingValues.has(request.agreed)) {
          return this.refuse(peer, `"${request.agreed}" is not a level of this framework`);
        }
        const at = new Date().toISOString();
        await this.store.closeRound(round.id, at, request.agreed);
        round.status = 'closed';
        round.revealedAt ??= at;
        round.closedAt = at;
        round.agreed = request.agreed;
        this.broadcast(round);
        return;
      }
    }
  }

  private facilitated(peer: Peer, roundId: string): RoundRecord | null {
    if (peer.role !== 'facilitator') {
      this.refuse(peer, 'only a facilitator can do that');
      return null;
    }
    const round = this.rounds.find((r) => r.id === roundId);
    if (!round) this.refuse(peer, 'no such round');
    return round ?? null;
  }

  private async open(peer: Peer, request: Extract<MeetingRequest, { t: 'open' }>): Promise<void> {
    if (peer.role !== 'facilitator') return this.refuse(peer, 'only a facilitator can open a round');
    const phases = this.model.phasesOf.get(request.criterion);
    if (!phases) return this.refuse(peer, `no criterion "${request.criterion}"`);
    if (!phases.includes(request.phase))
      return this.refuse(peer, `criterion ${request.criterion} is not judged in phase "${request.phase}"`);
    if (!this.model.framework.tracks.some((t) => t.id === request.track))
      return this.refuse(peer, `no track "${request.track}"`);
    if (this.rounds.some((r) => r.status !== 'closed'))
      return this.refuse(peer, 'close the current round before opening another');
    const round: RoundRecord = {
      id: randomBytes(9).toString('base64url'),
      reviewId: this.reviewId,
      criterion: request.criterion,
      phase: request.phase,
      track: request.track,
      status: 'open',
      autoReveal: request.autoReveal,
      openedBy: peer.user?.id ?? '',
      openedAt: new Date().toISOString(),
      revealedAt: null,
      closedAt: null,
      agreed: null,
      votes: [],
    };
    await this.store.openRound(round);
    this.rounds.push(round);
    this.broadcast(round);
  }

  private async vote(peer: Peer, roundId: string, level: string): Promise<void> {
    if (!peer.canEdit || !peer.user) return this.refuse(peer, 'observers do not vote');
    const round = this.rounds.find((r) => r.id === roundId);
    if (!round) return this.refuse(peer, 'no such round');
    if (round.status !== 'open') return this.refuse(peer, 'voting has closed for this round');
    if (!this.model.ratingValues.has(level)) return this.refuse(peer, `"${level}" is not a level of this framework`);
    const vote = { userId: peer.user.id, name: peer.user.name, level, at: new Date().toISOString() };
    await this.store.castVote(round.id, vote, vote.at);
    round.votes = [...round.votes.filter((v) => v.userId !== vote.userId), vote];
    this.broadcast(round);
    await this.autoReveal();
  }

  /** Reveal once everyone present who may vote, on this process or another, has voted. */
  private async autoReveal(): Promise<void> {
    const round = this.rounds.find((r) => r.status === 'open' && r.autoReveal);
    if (!round || round.votes.length === 0) return;
    const eligible = new Set<string>(this.votersElsewhere());
    for (const p of this.present()) if (p.canEdit && p.user && !p.closed) eligible.add(p.user.id);
    const voted = new Set(round.votes.map((v) => v.userId));
    for (const id of eligible) if (!voted.has(id)) return;
    await this.reveal(round);
  }

  private async reveal(round: RoundRecord): Promise<void> {
    const at = new Date().toISOString();
    await this.store.revealRound(round.id, at);
    round.status = 'revealed';
    round.revealedAt = at;
    this.broadcast(round);
  }
}
