import { Worker } from 'node:worker_threads';
import type { RatingSummary } from '../../shared/cycles/figures.ts';

interface Pending {
  resolve(result: RatingSummary[]): void;
  reject(error: Error): void;
}

/**
 * Decodes stored reviews into rating summaries on a worker thread, so filling in the summaries a
 * workspace overview lacks (reviews from before summaries were kept, or stored while the server
 * stopped mid-meeting) never holds up the event loop. Starts on first use; never keeps the process alive.
 */
export class SummaryThread {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  async summarise(parts: Uint8Array[]): Promise<RatingSummary> {
    return (await this.summariseMany([parts]))[0]!;
  }

  /** Several stored reviews in one message (each as its stored parts), answered in order. */
  async summariseMany(batch: Uint8Array[][]): Promise<RatingSummary[]> {
    const worker = await this.start();
    const id = this.nextId++;
    return new Promise<RatingSummary[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, batch });
    });
  }

  private start(): Promise<Worker> {
    this.ready ??= new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(new URL('./summary-worker.mjs', import.meta.url), {
        workerData: { module: new URL('./stored-state.ts', import.meta.url).href },
        resourceLimits: { maxOldGenerationSizeMb: 256 },
        execArgv: [],
      });
      worker.unref();
      this.worker = worker;
      worker.on('message', (message: { ready?: true; id?: number; result?: RatingSummary[]; crash?: string }) => {
        if (message.ready) return resolve(worker);
        const entry = this.pending.get(message.id!);
        if (!entry) return;
        this.pending.delete(message.id!);
        if (message.result) entry.resolve(message.result);
        else entry.reject(new Error(`reading a stored review failed: ${message.crash}`));
      });
      worker.on('error', (error) => {
        reject(error);
        this.fail(new Error(`the summary thread failed: ${error.message}`));
      });
      worker.on('exit', () => {
        if (this.worker === worker) this.fail(new Error('the summary thread stopped'));
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
    this.fail(new Error('the summary thread was closed'));
    await worker?.terminate();
  }
}

/** One thread for the process. */
export const summaryThread = new SummaryThread();
