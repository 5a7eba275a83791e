import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { Worker } from 'node:worker_threads';

// A plain CommonJS worker (eval'd), so it runs the same under tsx, vitest and the bench.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, result });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error) });
  }
});
`;

export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/** What a checkpoint that could not run reports (as SQLite's own counts when it cannot checkpoint). */
const FAILED: CheckpointResult = { busy: 1, log: -1, checkpointed: -1 };

/**
 * Copies the WAL back into the database from a worker thread. SQLite's automatic checkpoint runs
 * inside whichever COMMIT crosses the threshold and fsyncs there, stalling the event loop for
 * tens of milliseconds in the middle of live editing; a PASSIVE checkpoint on its own connection
 * never blocks the writer.
 */
export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private readonly timer: NodeJS.Timeout;
  private running = false;
  private closed = false;
  /** The worker stopped on its own (it could not open the database, or crashed): it answers nothing more. */
  private died = false;
  private readonly waiting: ((result: CheckpointResult) => void)[] = [];

  constructor(file: string, intervalMs = 1000, onError?: (error: string) => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(workerSource, { eval: true, workerData: { file, driver } });
    this.worker.unref();
    this.worker.on('message', (message: { ok: true; result: CheckpointResult } | { ok: false; error: string }) => {
      this.running = false;
      if (!message.ok) onError?.(message.error);
      this.settle(message.ok ? message.result : FAILED);
    });
    // An error thrown in the worker reaches here structured-cloned: better-sqlite3's arrives as a plain
    // object (its code only), which String() would print as [object Object].
    this.worker.on('error', (error: unknown) =>
      onError?.(`checkpoint worker failed: ${error instanceof Error ? error.message : inspect(error)}`),
    );
    this.worker.on('exit', () => {
      if (this.closed) return;
      this.died = true;
      this.closed = true;
      clearInterval(this.timer);
      this.settle(FAILED);
    });
    // A checkpoint with nothing to copy only reads the WAL index, so ticking unconditionally is cheap.
    this.timer = setInterval(() => this.run(), intervalMs);
    this.timer.unref();
  }

  private settle(result: CheckpointResult): void {
    for (const resolve of this.waiting.splice(0)) resolve(result);
  }

  /** Checkpoint now; resolves with SQLite's (busy, log, checkpointed) counts. */
  checkpoint(): Promise<CheckpointResult> {
    if (this.closed) return Promise.resolve(this.died ? FAILED : { busy: 0, log: 0, checkpointed: 0 });
    const done = new Promise<CheckpointResult>((resolve) => this.waiting.push(resolve));
    this.run();
    return done;
  }

  // Callers never run it once closed (checkpoint() answers itself, the timer is stopped). Skipping a
  // request while one is out only saves the worker a redundant checkpoint: the waiting are settled by
  // the first answer either way. Any message but 'close' checkpoints.
  private run(): void {
    // Stryker disable next-line ConditionalExpression: equivalent, see docs/mutation.md
    if (this.running) return;
    // Stryker disable next-line BooleanLiteral: equivalent, see docs/mutation.md
    this.running = true;
    // Stryker disable next-line StringLiteral: equivalent, see docs/mutation.md
    this.worker.postMessage('checkpoint');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    // Unref'd, the worker would not keep the process alive while we wait for it, and a process
    // closing its store on the way out would end with this promise (and its caller) unsettled.
    this.worker.ref();
    this.worker.postMessage('close');
    await exited;
  }
}
