import { TaskThread } from '../threads/task-thread.ts';
import type { PrepareResult } from './prepare.ts';

/** The upload could not be checked at all (too slow, too much memory, or the checker failed). */
export class ParseRefused extends Error {}

export interface OffThreadOptions {
  /** A check that takes longer is abandoned (the thread is restarted) and the upload refused. */
  timeoutMs?: number;
  /** Heap for the thread; an upload that needs more is refused instead of swelling the server. */
  maxHeapMb?: number;
}

/**
 * Parses and validates uploaded framework files on a worker thread, one at a time, so however
 * large or hostile a file is, the event loop serving every meeting never waits for it.
 */
export class FrameworkParserThread {
  private readonly thread: TaskThread;

  constructor(options: OffThreadOptions = {}) {
    this.thread = new TaskThread({
      entry: new URL('./parse-worker.mjs', import.meta.url),
      module: new URL('./prepare.ts', import.meta.url),
      timeoutMs: options.timeoutMs ?? 10_000,
      maxHeapMb: options.maxHeapMb ?? 256,
      errors: {
        timeout: (s) => new ParseRefused(`checking the file took over ${s} s; simplify it`),
        outOfMemory: (mb) => new ParseRefused(`checking the file needed more than ${mb} MiB; simplify it`),
        crashed: (message) => new Error(`framework check failed: ${message}`),
        stopped: () => new Error('the framework checker was closed'),
      },
    });
  }

  async prepare(source: string, file: string): Promise<PrepareResult> {
    return (await this.thread.run({ source, file })) as PrepareResult;
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}

/** One thread for the process: uploads are rare, and each thread costs a second to start. */
export const frameworkParser = new FrameworkParserThread();
