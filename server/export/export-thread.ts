import { TaskThread, WAITED_ON_NICE } from '../threads/task-thread.ts';
import type { ExportFormat, ExportSource } from './model.ts';

/** The export could not be built (too slow, too much memory, or the exporter failed). */
export class ExportFailed extends Error {}

export interface ExportThreadOptions {
  /** An export that takes longer is abandoned (the thread is restarted). */
  timeoutMs?: number;
  /** Heap for the thread; an export that needs more fails instead of swelling the server. */
  maxHeapMb?: number;
}

/**
 * Builds exports on a worker thread: rebuilding a review's document, laying out hundreds of PDF
 * pages or zipping a workbook takes seconds for a big review, and the event loop serving every
 * meeting must never wait for it. Exports in flight share the thread.
 */
export class ExportThread {
  private readonly thread: TaskThread;

  constructor(options: ExportThreadOptions = {}) {
    this.thread = new TaskThread({
      entry: new URL('./export-worker.mjs', import.meta.url),
      module: new URL('./export-review.ts', import.meta.url),
      timeoutMs: options.timeoutMs ?? 60_000,
      maxHeapMb: options.maxHeapMb ?? 1024,
      nice: WAITED_ON_NICE,
      errors: {
        timeout: (s) => new ExportFailed(`building the export took over ${s} s`),
        outOfMemory: (mb) => new ExportFailed(`the export needed more than ${mb} MiB`),
        crashed: (message) => new ExportFailed(`the export failed: ${message}`),
        stopped: () => new ExportFailed('the export thread stopped'),
      },
    });
  }

  async run(format: ExportFormat, source: ExportSource): Promise<Uint8Array> {
    // The stored document's bytes are copied once into the thread; nothing else is shared.
    return (await this.thread.run({ format, source })) as Uint8Array;
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}

/** One thread for the process: each costs a second and some memory to start. */
export const exportThread = new ExportThread();
