import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';

/** Runs `task` once the page is idle (after the frame being drawn), or after `timeout` ms at the latest. */
export type WhenIdle = (task: () => void, timeout: number) => () => void;

const whenIdle: WhenIdle = (task, timeout) => {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, timeout);
  return () => clearTimeout(id);
};

/** At the latest this long after an update from the server, it is in the browser's store. */
const DEFER_AT_MOST_MS = 1000;

/**
 * Updates held back from the browser's store: those from the server wait for an idle moment and go
 * in as one merged update; one made here is written at once, with any held before it.
 */
export class DeferredWrites {
  private held: Uint8Array[] = [];
  private cancel: (() => void) | null = null;

  constructor(
    private readonly write: (update: Uint8Array) => void,
    private readonly idle: WhenIdle = whenIdle,
  ) {}

  get pending(): number {
    return this.held.length;
  }

  /** `later`: the update is already safe elsewhere (the server has it), so it can wait. */
  add(update: Uint8Array, later: boolean): void {
    this.held.push(update);
    if (!later) return this.flush();
    this.cancel ??= this.idle(() => {
      this.cancel = null;
      this.flush();
    }, DEFER_AT_MOST_MS);
  }

  flush(): void {
    this.cancel?.();
    this.cancel = null;
    if (this.held.length === 0) return;
    const updates = this.held;
    this.held = [];
    this.write(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
  }
}

/**
 * The review kept in this browser (y-indexeddb), where an update relayed by the server is stored
 * once the page is idle rather than in the task that applies it: a remote edit's frame then carries
 * no IndexedDB transaction. The server holds those updates, so a tab closed before the write loses
 * nothing; updates made here are stored at once, as before.
 */
export class DeferredIndexeddbPersistence extends IndexeddbPersistence {
  private readonly writes: DeferredWrites;

  constructor(name: string, doc: Y.Doc, fromServer: (origin: unknown) => boolean) {
    super(name, doc);
    const store = this._storeUpdate;
    doc.off('update', store);
    this.writes = new DeferredWrites((update) => store(update, null));
    this._storeUpdate = (update: Uint8Array, origin: unknown) => {
      // What this store itself applied (the cached review on load) is not written back.
      if (origin === this) return;
      this.writes.add(update, fromServer(origin));
    };
    doc.on('update', this._storeUpdate);
  }

  override destroy(): Promise<void> {
    this.writes.flush();
    return super.destroy();
  }
}
