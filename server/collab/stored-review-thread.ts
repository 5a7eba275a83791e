import { TaskThread, WAITED_ON_NICE, type TaskThreadErrors, type TaskThreadOptions } from '../threads/task-thread.ts';
import { openStored, snapshotOf, type OpenedReview } from './stored-review.ts';

/**
 * Below this many stored bytes a review is opened inline: a few milliseconds, less than the round
 * trip to the thread. Above it, applying every part runs on the thread, never on the event loop.
 */
export const INLINE_OPEN_BYTES = 64 * 1024;

/** What a failure of the thread says, naming the work it was doing. */
export const openErrors: TaskThreadErrors = {
  timeout: (s) => new Error(`reading a stored review took over ${s} s`),
  outOfMemory: (mb) => new Error(`reading a stored review needed more than ${mb} MiB`),
  crashed: (message) => new Error(`reading a stored review failed: ${message}`),
  stopped: () => new Error('the stored-review thread stopped'),
};

export const openThreadOptions: TaskThreadOptions = {
  // The cycles thread's entry runs any module's `runTask`.
  entry: new URL('../cycles/summary-worker.mjs', import.meta.url),
  module: new URL('./stored-review.ts', import.meta.url),
  maxHeapMb: 512,
  // Someone is waiting to join: at 19, beside two busy processes, an 85 KB review took over 20 s
  // to open; at this value 0.1–0.5 s.
  nice: WAITED_ON_NICE,
  timeoutMs: 60_000,
  errors: openErrors,
};

const thread = new TaskThread(openThreadOptions);

/**
 * Compaction has its own thread at the background's nice value (the entry's default, 19): nobody
 * waits for it, so on a busy core it takes only what the event loop leaves and never slows a
 * meeting; it is never queued behind, or ahead of, someone's join.
 */
const compactionThread = new TaskThread({
  ...openThreadOptions,
  nice: undefined,
  // Starved by a saturated core it may take a while; the log is intact until it finishes.
  timeoutMs: 10 * 60_000,
});

const bytesOf = (parts: Uint8Array[]) => parts.reduce((sum, part) => sum + part.byteLength, 0);

/**
 * Start the thread that opens large reviews before anyone needs it: started at the first open, it
 * kept that first joiner waiting a further 0.8 s on an idle machine (2.6–3.3 s in scenario 5's
 * first reloading storm) while its modules loaded.
 */
export function prestartOpenThread(): Promise<void> {
  return thread.prestart();
}

/** A review's stored parts as one encoded state (see stored-review.ts), off the event loop when large. */
export async function openStoredReview(parts: Uint8Array[]): Promise<OpenedReview> {
  if (bytesOf(parts) <= INLINE_OPEN_BYTES) return openStored(parts);
  return (await thread.run({ task: { kind: 'open', parts } })) as OpenedReview;
}

/**
 * A compaction's snapshot of stored parts, off the event loop when large: encoding a large live
 * document there held the loop for 15–25 ms, a stall for every meeting on the process.
 */
export async function snapshotOfStored(parts: Uint8Array[]): Promise<Uint8Array> {
  if (bytesOf(parts) <= INLINE_OPEN_BYTES) return snapshotOf(parts);
  return (await compactionThread.run({ task: { kind: 'snapshot', parts } })) as Uint8Array;
}
