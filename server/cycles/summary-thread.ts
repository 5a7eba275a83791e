import { Worker } from 'node:worker_threads';
import type { RatingSummary } from '../../shared/cycles/figures.ts';
import type { Task, TaskResults } from './thread-tasks.ts';

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/**
 * Decodes stored review documents on a worker thread (rating summaries for the overview, whole
 * states for snapshots, comparisons, texts carried to next term), so however large a review is,
 * the event loop serving every meeting never waits for it. Starts on first use; never keeps the
 * process alive.
 */
export class CyclesThread {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  async run<K extends Task['kind']>(task: Extract<Task, { kind: K }>): Promise<TaskResults[K]> {
    const worker = await this.start();
    const id = this.nextId++;
    return new Promise<TaskResults[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve, reject });
      worker.postMessage({ id, task });
    });
  }

  /** Several stored reviews in one message (each as its stored parts), answered in order. */
  summariseMany(batch: Uint8Array[][]): Promise<RatingSummary[]> {
    return this.run({ kind: 'summaries', batch });
  }

  async summarise(parts: Uint8Array[]): Promise<RatingSummary> {
    return (await this.summariseMany([parts]))[0]!;
  }

  private start(): Promise<Worker> {
    this.ready ??= new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(new URL('./summary-worker.mjs', import.meta.url), {
        workerData: { module: new URL('./thread-tasks.ts', import.meta.url).href },
        resourceLimits: { maxOldGenerationSizeMb: 512 },
        // None of the server's preloads (a .ts one would fail here): the entry loads tsx itself.
        execArgv: [],
      });
      worker.unref();
      this.worker = worker;
      worker.on('message', (message: { ready?: true; id?: number; result?: unknown; crash?: string }) => {
        if (message.ready) return resolve(worker);
        const entry = this.pending.get(message.id!);
        if (!entry) return;
        this.pending.delete(message.id!);
        if (message.crash === undefined) entry.resolve(message.result);
        else entry.reject(new Error(`reading a stored review failed: ${message.crash}`));
      });
      worker.on('error', (error) => {
        reject(error);
        this.fail(new Error(`the cycles thread failed: ${error.message}`));
      });
      worker.on('exit', () => {
        if (this.worker === worker) this.fail(new Error('the cycles thread stopped'));
      });
    });
    return this.ready;
  }

  private fail(error: Error): void {
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    void worker?.terminate();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.fail(new Error('the cycles thread was closed'));
    await worker?.terminate();
  }
}

/** One thread for the process. */
export const summaryThread = new CyclesThread();
