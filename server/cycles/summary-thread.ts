import type { RatingSummary } from '../../shared/cycles/figures.ts';
import { TaskThread, WAITED_ON_NICE } from '../threads/task-thread.ts';
import type { Task, TaskResults } from './thread-tasks.ts';

/**
 * Decodes stored review documents on a worker thread (rating summaries for the overview, whole
 * states for snapshots, comparisons, texts carried to next term), so however large a review is,
 * the event loop serving every meeting never waits for it.
 */
export class CyclesThread {
  private readonly thread = new TaskThread({
    entry: new URL('./summary-worker.mjs', import.meta.url),
    module: new URL('./thread-tasks.ts', import.meta.url),
    maxHeapMb: 512,
    // The overview, snapshots and comparisons are pages someone has asked for.
    nice: WAITED_ON_NICE,
    errors: {
      timeout: (s) => new Error(`reading stored reviews took over ${s} s`),
      outOfMemory: (mb) => new Error(`reading a stored review needed more than ${mb} MiB`),
      crashed: (message) => new Error(`reading a stored review failed: ${message}`),
      stopped: () => new Error('the cycles thread stopped'),
    },
  });

  async run<K extends Task['kind']>(task: Extract<Task, { kind: K }>): Promise<TaskResults[K]> {
    return (await this.thread.run({ task })) as TaskResults[K];
  }

  /** Several stored reviews in one message (each as its stored parts), answered in order. */
  summariseMany(batch: Uint8Array[][]): Promise<RatingSummary[]> {
    return this.run({ kind: 'summaries', batch });
  }

  async summarise(parts: Uint8Array[]): Promise<RatingSummary> {
    return (await this.summariseMany([parts]))[0]!;
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}

/** One thread for the process. */
export const summaryThread = new CyclesThread();
