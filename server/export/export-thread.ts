import { Worker } from 'node:worker_threads';
import type { ExportFormat, ExportSource } from './model.ts';

/** The export could not be built (too slow, too much memory, or the exporter failed). */
export class ExportFailed extends Error {}

interface Pending {
  resolve(bytes: Uint8Array): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export interface ExportThreadOptions {
  /** An export that takes longer is abandoned (the thread is restarted). */
  timeoutMs?: number;
  /** Heap for the thread; an export that needs more fails instead of swelling the server. */
  maxHeapMb?: number;
}

/**
 * Builds exports on a worker thread: rebuilding a review's document, laying out hundreds of PDF
 * pages or zipping a workbook takes seconds for a big review, and the event loop serving every
 * meeting must never wait for it. The thread starts at the first export and does not keep the
 * process alive; exports in flight share it.
 */
export class ExportThread {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly timeoutMs: number;
  private readonly maxHeapMb: number;

  constructor(options: ExportThreadOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxHeapMb = options.maxHeapMb ?? 1024;
  }

  async run(format: ExportFormat, source: ExportSource): Promise<Uint8Array> {
    const worker = await this.start();
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new ExportFailed(`building the export took over ${this.timeoutMs / 1000} s`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      // The stored document's bytes are copied once into the thread; nothing else is shared.
      worker.postMessage({ id, format, source });
    });
  }

  private start(): Promise<Worker> {
    this.ready ??= new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(new URL('./export-worker.mjs', import.meta.url), {
        workerData: { module: new URL('./export-review.ts', import.meta.url).href },
        resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
        // None of the server's preloads (a .ts one would fail here): the entry loads tsx itself.
        execArgv: [],
      });
      worker.unref();
      this.worker = worker;
      worker.on('message', (message: { ready?: true; id?: number; bytes?: Uint8Array; crash?: string }) => {
        if (message.ready) return resolve(worker);
        const entry = this.pending.get(message.id!);
        if (!entry) return;
        this.pending.delete(message.id!);
        clearTimeout(entry.timer);
        if (message.bytes) entry.resolve(message.bytes);
        else entry.reject(new ExportFailed(`the export failed: ${message.crash}`));
      });
      worker.on('error', (error) => {
        reject(error);
        const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
        this.fail(
          new ExportFailed(
            outOfMemory ? `the export needed more than ${this.maxHeapMb} MiB` : `the export failed: ${error.message}`,
          ),
        );
      });
      worker.on('exit', () => {
        if (this.worker === worker) this.fail(new ExportFailed('the export thread stopped'));
      });
    });
    return this.ready;
  }

  /** Fail everything in flight and start a fresh thread for the next export. */
  private fail(error: Error): void {
    const worker = this.worker;
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(error);
    }
    this.pending.clear();
    this.worker = null;
    this.ready = null;
    void worker?.terminate();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.fail(new ExportFailed('the export thread was closed'));
    await worker?.terminate();
  }
}

/** One thread for the process: each costs a second and some memory to start. */
export const exportThread = new ExportThread();
