import type { Framework } from '../../shared/framework/schema.ts';
import { TaskThread } from '../threads/task-thread.ts';
import { BackupFault, type BackupBody } from './backup-format.ts';

/**
 * Reads and checks backup files on a worker thread, one at a time: parsing 40 MB of JSON, its
 * checksum and its Yjs document would otherwise hold every meeting's event loop for a second.
 * Faults come back as BackupFault (a 400).
 */
export class BackupThread {
  private readonly thread: TaskThread;

  constructor(timeoutMs = 30_000, maxHeapMb = 768) {
    this.thread = new TaskThread({
      entry: new URL('./backup-worker.mjs', import.meta.url),
      module: new URL('./backup-format.ts', import.meta.url),
      timeoutMs,
      maxHeapMb,
      errors: {
        timeout: (s) => new BackupFault(`checking the backup took over ${s} s`),
        outOfMemory: (mb) => new BackupFault(`checking the backup needed more than ${mb} MiB`),
        crashed: (message) => new Error(`checking the backup failed: ${message}`),
        stopped: () => new Error('the backup thread stopped'),
        fault: (message) => new BackupFault(message),
      },
    });
  }

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

  private run(op: string, args: unknown, transfer: ArrayBuffer[]): Promise<unknown> {
    return this.thread.run({ op, args }, transfer);
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}

/** One thread for the process: restores are rare. */
export const backupThread = new BackupThread();
