import { Worker } from 'node:worker_threads';

/** What a task thread says when something goes wrong, in the words of its own work. */
export interface TaskThreadErrors {
  /** A task took longer than the limit; the thread is restarted. */
  timeout(seconds: number): Error;
  /** A task needed more heap than the thread has. */
  outOfMemory(mb: number): Error;
  /** The task's code threw, or the thread failed. */
  crashed(message: string): Error;
  /** The thread stopped, or was closed, with tasks in flight. */
  stopped(): Error;
  /** A fault the task found in its input (a `fault` reply): the caller's, not the thread's. */
  fault?(message: string): Error;
}

/**
 * The nice value of a thread whose result a person is waiting for (a review to join, a page of
 * figures): below the event loop's, so meetings on a shared core keep most of it, yet not the
 * background's 19, at which processes busy on every core starve the thread for tens of seconds.
 */
export const WAITED_ON_NICE = 10;

export interface TaskThreadOptions {
  /** The thread's entry: plain JavaScript that loads `module` through tsx and answers messages. */
  entry: URL;
  module: URL;
  maxHeapMb: number;
  /**
   * The thread's nice value on Linux, where it is per thread; the entry's own default when left
   * out. Work a person is waiting on must not be starved by a busy machine. Read by the cycles and
   * export entries; the backup and upload entries (untrusted files) stay at 19.
   */
  nice?: number;
  /** A task that takes longer is abandoned and the thread restarted; none when left out. */
  timeoutMs?: number;
  errors: TaskThreadErrors;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout | undefined;
}

type Reply = { ready?: true; id?: number; result?: unknown; fault?: string; crash?: string };

/**
 * Runs tasks on one worker thread, so however large or hostile the input, the event loop serving
 * every meeting never waits for it. The thread starts at the first task (or `prestart`) and never
 * keeps the process alive; a timeout, a crash or running out of memory fails what is in flight and
 * the next task starts a fresh thread. The entry answers `{ ready }` once, then `{ id, result }`,
 * `{ id, fault }` or `{ id, crash }` for each `{ id, … }` it is sent.
 */
export class TaskThread {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly options: TaskThreadOptions) {}

  async run(message: object, transfer: ArrayBuffer[] = []): Promise<unknown> {
    const worker = await this.start();
    const { timeoutMs, errors } = this.options;
    // Closed or failed while this task waited for it: a stopped thread would never answer.
    if (this.worker !== worker) throw errors.stopped();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs === undefined ? undefined : setTimeout(() => this.fail(errors.timeout(timeoutMs / 1000)), timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ ...message, id }, transfer);
    });
  }

  /**
   * Start the thread now rather than at the first task, which would otherwise wait for its modules
   * to load. Settles once it is ready or has failed; a failure is met again, and reported, by the
   * next task, which starts a fresh thread.
   */
  async prestart(): Promise<void> {
    await this.start().catch(() => undefined);
  }

  private start(): Promise<Worker> {
    const { entry, module, maxHeapMb, errors } = this.options;
    this.ready ??= new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(entry, {
        workerData: { module: module.href, nice: this.options.nice },
        resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
        // None of the server's preloads (a .ts one would fail here): the entry loads tsx itself.
        execArgv: [],
      });
      worker.unref();
      this.worker = worker;
      worker.on('message', (message: Reply) => {
        if (message.ready) return resolve(worker);
        const task = this.pending.get(message.id!);
        if (!task) return;
        this.pending.delete(message.id!);
        clearTimeout(task.timer);
        if (message.fault !== undefined) task.reject(errors.fault?.(message.fault) ?? errors.crashed(message.fault));
        else if (message.crash !== undefined) task.reject(errors.crashed(message.crash));
        else task.resolve(message.result);
      });
      worker.on('error', (error) => {
        reject(error);
        const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
        this.fail(outOfMemory ? errors.outOfMemory(maxHeapMb) : errors.crashed(error.message));
      });
      worker.on('exit', () => {
        // Stopped before it was ready (closed while starting): the tasks waiting for it fail too.
        reject(errors.stopped());
        if (this.worker === worker) this.fail(errors.stopped());
      });
    });
    return this.ready;
  }

  /** Fail everything in flight; the next task starts a fresh thread. */
  private fail(error: Error): void {
    const worker = this.worker;
    for (const task of this.pending.values()) {
      clearTimeout(task.timer);
      task.reject(error);
    }
    this.pending.clear();
    this.worker = null;
    this.ready = null;
    void worker?.terminate();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.fail(this.options.errors.stopped());
    await worker?.terminate();
  }
}
