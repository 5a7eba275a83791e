import type { HistoryRecorder } from './history-recorder.ts';
import { syncUpdate } from './messages.ts';
import type { Peer } from './peer.ts';
import type { ReviewLog } from './review-log.ts';
import type { RoomFanout } from './room-fanout.ts';

/**
 * The last stage of a batch: store what it changed with its history, and only then relay it — to
 * every peer but its only author, then to the other processes. Rejects, relaying nothing, when the
 * store refuses it.
 */
export async function commitAndRelay(
  log: ReviewLog,
  history: HistoryRecorder,
  peers: Iterable<Peer>,
  fanout: RoomFanout | null,
): Promise<void> {
  const commit = await log.commit(history.take());
  if (commit === null) return;
  const message = syncUpdate(commit.update);
  const only = commit.origins.length === 1 ? commit.origins[0] : undefined;
  for (const peer of peers) if (peer !== only) peer.send(message);
  fanout?.committed(commit.seq, commit.update);
  await log.committed();
}
