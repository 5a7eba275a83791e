import { Worker } from 'node:worker_threads';
import type { Framework } from '../../shared/framework/schema.ts';
import { BackupFault, type BackupBody } from './backup-format.ts';

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Reads and checks backup files on a worker thread, one at a time: parsing 40 MB of JSON, its
 * checksum and its Yjs document would otherwise hold every meeting's event loop for a second.
 * Faults come back as BackupFault (a 400); the thread does not keep the process alive.
 */
export class BackupThread {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly timeoutMs = 30_000,
    private readonly maxHeapMb = 768,
  ) {}

  parse(bytes: Uint8Array): Promise<{ backup: BackupBody; document: Uint8Array }> {
    return this.run('parse', { bytes }, [bytes.buffer as ArrayBuffer]) as Promise<{
      backup: BackupBody;
      document: Uint8Array;
    }>;
  }

  /** Check a restored document against its framework and give it its new id and title. */
  prepare(update: Uint8Array, framework: Framework, meta: { reviewId: string; title: string }): Promise<Uint8Array> {
    return this.run('prepare', { update, framework, meta, check: true }, [
      update.buffer as ArrayBuffer,
    ]) as Promise<Uint8Array>;
  }

  /** A copy of a review's stored document (its parts merged) under a new id, title and creation time. */
  copy(
    parts: Uint8Array[],
    framework: Framework,
    meta: { reviewId: string; title: string; createdAt: string },
  ): Promise<Uint8Array> {
    return this.run('copy', { parts, framework, meta }, []) as Promise<Uint8Array>;
  }

  /** The backup file's bytes: merging, base64, checksum and JSON all happen on the thread. */
  encode(parts: Uint8Array[], body: Omit<BackupBody, 'document'>): Promise<Uint8Array<ArrayBuffer>> {
    return this.run('encode', { parts, body }, []) as Promise<Uint8Array<ArrayBuffer>>;
  }

  private async run(op: string, args: unknown, transfer: ArrayBuffer[]): Promise<unknown> {
    const worker = await this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(new BackupFault(`checking the backup took over ${this.timeoutMs / 1000} s`)),
        this.timeoutMs,
      );
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, op, args }, transfer);
    });
  }

  private start(): Promise<Worker> {
    this.ready ??= new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(new URL('./backup-worker.mjs', import.meta.url), {
        workerData: { module: new URL('./backup-format.ts', import.meta.url).href },
        resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
        execArgv: [],
      });
      worker.unref();
      this.worker = worker;
      worker.on(
        'message',
        (message: { ready?: true; id?: number; result?: unknown; fault?: string; crash?: string }) => {
          if (message.ready) return resolve(worker);
          const entry = this.pending.get(message.id!);
          if (!entry) return;
          this.pending.delete(message.id!);
          clearTimeout(entry.timer);
          if (message.fault !== undefined) entry.reject(new BackupFault(message.fault));
          else if (message.crash !== undefined) entry.reject(new Error(`checking the backup failed: ${message.crash}`));
          else entry.resolve(message.result);
        },
      );
      worker.on('error', (error) => {
        reject(error);
        const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
        this.fail(
          outOfMemory
            ? new BackupFault(`checking the backup needed more than ${this.maxHeapMb} MiB`)
            : new Error(`checking the backup failed: ${error.message}`),
        );
      });
      worker.on('exit', () => {
        if (this.worker === worker) this.reset();
      });
    });
    return this.ready;
  }

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
}

/** One thread for the process: restores are rare. */
export const backupThread = new BackupThread();
