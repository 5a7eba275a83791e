import { TaskThread, WAITED_ON_NICE } from '../threads/task-thread.ts';
import type { Task, TaskResults } from './tasks.ts';

export interface AgreementThreadOptions {
  /** The tasks' module (tasks.ts); another only to test the thread itself. */
  module?: URL;
  timeoutMs?: number;
}

/** Computes agreement on a worker thread, so a review with thousands of rounds never stalls a meeting. */
export class AgreementThread {
  private readonly thread: TaskThread;

  constructor({ module = new URL('./tasks.ts', import.meta.url), timeoutMs = 60_000 }: AgreementThreadOptions = {}) {
    this.thread = new TaskThread({
      // The cycles thread's entry runs any module's `runTask`; one entry, two threads.
      entry: new URL('../cycles/summary-worker.mjs', import.meta.url),
      module,
      maxHeapMb: 256,
      // Agreement figures are shown to someone who asked for them.
      nice: WAITED_ON_NICE,
      timeoutMs,
      errors: {
        timeout: (s) => new AgreementUnavailable(`working out agreement took over ${s} s`),
        outOfMemory: (mb) => new AgreementUnavailable(`working out agreement needed more than ${mb} MiB`),
        crashed: (message) => new AgreementUnavailable(`working out agreement failed: ${message}`),
        stopped: () => new AgreementUnavailable('the agreement thread stopped'),
      },
    });
  }

  async run<K extends Task['kind']>(task: Extract<Task, { kind: K }>): Promise<TaskResults[K]> {
    return (await this.thread.run({ task })) as TaskResults[K];
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}

/** Agreement could not be worked out now (the thread timed out, ran out of memory or stopped). */
export class AgreementUnavailable extends Error {}
