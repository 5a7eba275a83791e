import * as Y from 'yjs';
import type { HistoryRecorder } from './history-recorder.ts';
import { syncUpdate } from './messages.ts';
import type { Peer } from './peer.ts';
import type { ReviewLog } from './review-log.ts';
import type { RoomFanout } from './room-fanout.ts';

/** What this batch committed, to go out with the other processes' updates: its update and its only author, if one. */
export interface BatchCommit {
  update: Uint8Array;
  only?: unknown;
}

/** A room that committed its own batch this recently is busy: its next commit is expected soon. */
export const BUSY_MS = 100;
/** The longest other processes' updates wait for a busy room's next commit before going out alone. */
export const HOLD_MS = 10;

/**
 * What a batch relays to this process's peers: the updates other processes committed (already
 * stored) and this batch's own commit, as one message per peer. Every message is a write to every
 * socket, which is most of what fan-out costs: a batch with both sends one message, not two. In a
 * busy room, a batch with only other processes' updates holds them (up to HOLD_MS) for the next
 * commit; in a quiet one they go out at once.
 */
export class RemoteRelay {
  private updates: Uint8Array[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private committedAt = -Infinity;

  constructor(private readonly now: () => number = () => performance.now()) {}

  readonly add = (update: Uint8Array): void => {
    this.updates.push(update);
  };

  /** The batch committed nothing of its own: send what it holds now, or soon with the next commit. */
  settle(peers: Iterable<Peer>): void {
    if (this.updates.length === 0 || this.timer !== null) return;
    if (this.now() - this.committedAt > BUSY_MS) return this.flush(peers);
    this.timer = setTimeout(() => this.flush(peers), HOLD_MS);
  }

  /** Send what the batch holds; the commit's only author is sent the other processes' updates alone. */
  flush(peers: Iterable<Peer>, commit: BatchCommit | null = null): void {
    this.stop();
    const remote = this.updates;
    this.updates = [];
    if (commit === null) {
      // Y.mergeUpdates hands a single update back as it is.
      if (remote.length > 0) broadcast(peers, syncUpdate(Y.mergeUpdates(remote)));
      return;
    }
    this.committedAt = this.now();
    if (remote.length === 0) return broadcast(peers, syncUpdate(commit.update), commit.only);
    const everything = syncUpdate(Y.mergeUpdates([...remote, commit.update]));
    // The author is one peer at most: what only they are sent is encoded once, if they are here.
    for (const peer of peers) peer.send(peer === commit.only ? syncUpdate(Y.mergeUpdates(remote)) : everything);
  }

  /** The room shut: nothing is left to send to. */
  stop(): void {
    clearTimeout(this.timer ?? undefined);
    this.timer = null;
  }
}

function broadcast(peers: Iterable<Peer>, message: Uint8Array, except?: unknown): void {
  for (const peer of peers) if (peer !== except) peer.send(message);
}

/**
 * The last stage of a batch: store what it changed with its history, and only then relay it — to
 * every peer but its only author (with what other processes committed meanwhile), then to the
 * other processes. Rejects, relaying nothing, when the store refuses it.
 */
export async function commitAndRelay(
  log: ReviewLog,
  history: HistoryRecorder,
  peers: Iterable<Peer>,
  fanout: RoomFanout | null,
  remote: RemoteRelay,
): Promise<void> {
  const commit = await log.commit(history.take());
  if (commit === null) return remote.settle(peers);
  const only = commit.origins.length === 1 ? commit.origins[0] : undefined;
  remote.flush(peers, { update: commit.update, only });
  fanout?.committed(commit.seq, commit.update);
  await log.committed();
}
