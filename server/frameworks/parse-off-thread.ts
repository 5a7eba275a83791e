import { Worker } from 'node:worker_threads';
import type { PrepareResult } from './prepare.ts';

/** The upload could not be checked at all (too slow, too much memory, or the checker failed). */
export class ParseRefused extends Error {}

interface Pending {
  resolve(result: PrepareResult): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export interface OffThreadOptions {
  /** A check that takes longer is abandoned (the thread is restarted) and the upload refused. */
  timeoutMs?: number;
  /** Heap for the thread; an upload that needs more is refused instead of swelling the server. */
  maxHeapMb?: number;
}

/**
 * Parses and validates uploaded framework files on a worker thread, one at a time, so however
 * large or hostile a file is, the event loop serving every meeting never waits for it. The
 * thread starts at the first upload and does not keep the process alive.
 */
export class FrameworkParserThread {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly timeoutMs: number;
  private readonly maxHeapMb: number;

  constructor(options: OffThreadOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxHeapMb = options.maxHeapMb ?? 256;
  }

  async prepare(source: string, file: string): Promise<PrepareResult> {
    const worker = await this.start();
    const id = this.nextId++;
    return new Promise<PrepareResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new ParseRefused(`checking the file took over ${this.timeoutMs / 1000} s; simplify it`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, source, file });
    });
  }

  private start(): Promise<Worker> {
    this.ready ??= new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(new URL('./parse-worker.mjs', import.meta.url), {
        workerData: { module: new URL('./prepare.ts', import.meta.url).href },
        resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
        // None of the server's preloads (a .ts one would fail here): the entry loads tsx itself.
        execArgv: [],
      });
      worker.unref();
      this.worker = worker;
      worker.on('message', (message: { ready?: true; id?: number; result?: PrepareResult; crash?: string }) => {
        if (message.ready) return resolve(worker);
        const entry = this.pending.get(message.id!);
        if (!entry) return;
        this.pending.delete(message.id!);
        clearTimeout(entry.timer);
        if (message.result) entry.resolve(message.result);
        else entry.reject(new Error(`framework check failed: ${message.crash}`));
      });
      worker.on('error', (error) => {
        reject(error);
        const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
        this.fail(
          outOfMemory
            ? new ParseRefused(`checking the file needed more than ${this.maxHeapMb} MiB; simplify it`)
            : new Error(`framework check failed: ${error.message}`),
        );
      });
      worker.on('exit', () => {
        if (this.worker === worker) this.reset();
      });
    });
    return this.ready;
  }

  /** Refuse everything in flight and start a fresh thread for the next upload. */
  private fail(error: Error): void {
    const worker = this.worker;
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(error);
    }
    this.pending.clear();
    this.reset();
    void worker?.terminate();
  }

  private reset(): void {
    this.worker = null;
    this.ready = null;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.fail(new Error('the framework checker was closed'));
    await worker?.terminate();
  }
}

/** One thread for the process: uploads are rare, and each thread costs a second to start. */
export const frameworkParser = new FrameworkParserThread();
