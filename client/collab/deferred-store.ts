import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';

/** Runs `task` after `delay` ms, at the page's next idle moment after that; returns a cancel. */
export type WhenIdle = (task: () => void, delay: number) => () => void;

/** At most this long after the delay, the write runs even if the page never goes idle. */
const IDLE_TIMEOUT_MS = 1000;

const whenIdle: WhenIdle = (task, delay) => {
  let cancelIdle: (() => void) | null = null;
  const timer = setTimeout(() => {
    if (typeof requestIdleCallback !== 'function') return task();
    const id = requestIdleCallback(task, { timeout: IDLE_TIMEOUT_MS });
    cancelIdle = () => cancelIdleCallback(id);
  }, delay);
  return () => {
    clearTimeout(timer);
    cancelIdle?.();
  };
};

/** Updates from the server are written once none has arrived for this long (a burst of edits is one write). */
export const QUIET_MS = 1000;
/** …but no later than this after the first of them was held, however busy the review. */
export const HOLD_AT_MOST_MS = 5000;

/**
 * Updates held back from the browser's store: those from the server wait until they stop arriving
 * (at most HOLD_AT_MOST_MS) and go in as one merged update at an idle moment, so while people rate,
 * no frame shares its time with an IndexedDB transaction; one made here is written at once, with
 * any held before it.
 */
export class DeferredWrites {
  private held: Uint8Array[] = [];
  private cancel: (() => void) | null = null;
  private firstHeldAt = 0;

  constructor(
    private readonly write: (update: Uint8Array) => void,
    private readonly idle: WhenIdle = whenIdle,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get pending(): number {
    return this.held.length;
  }

  /** `later`: the update is already safe elsewhere (the server has it), so it can wait. */
  add(update: Uint8Array, later: boolean): void {
    this.held.push(update);
    if (!later) return this.flush();
    if (this.held.length === 1) this.firstHeldAt = this.now();
    // Each update from the server restarts the wait, up to the hold's limit.
    this.cancel?.();
    const left = HOLD_AT_MOST_MS - (this.now() - this.firstHeldAt);
    this.cancel = this.idle(
      () => {
        this.cancel = null;
        this.flush();
      },
      Math.max(0, Math.min(QUIET_MS, left)),
    );
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
 * The review kept in this browser (y-indexeddb), where updates relayed by the server are stored
 * once they stop arriving and the page is idle, rather than in the task that applies each: a remote
 * edit's frame then carries no IndexedDB transaction. The server holds those updates, so a tab
 * closed before the write loses nothing; updates made here are stored at once, as before. A hidden
 * page has no frames to protect, so what is held is written when the page is hidden.
 */
export class DeferredIndexeddbPersistence extends IndexeddbPersistence {
  private readonly writes: DeferredWrites;
  private readonly onHidden = () => {
    if (document.visibilityState === 'hidden') this.writes.flush();
  };

  constructor(name: string, doc: Y.Doc, fromServer: (origin: unknown) => boolean) {
    // y-indexeddb stores the whole document again once its database opens, to keep what changed
    // before; by then the server's state has usually arrived, and on a cold load of a 1,000-row
    // review that encoding sat between the sync and the first paint. Given an empty stand-in it
    // stores nothing there: every update reaches the database through `writes`, which waits for it.
    // The stand-in never changes and is never destroyed, so the listeners y-indexeddb puts on it stay silent.
    super(name, new Y.Doc());
    // Loading what the database holds, trimming and destroying all use `this.doc`.
    this.doc = doc;
    const store = this._storeUpdate;
    this.writes = new DeferredWrites((update) => {
      if (this.db) return store(update, null);
      // A database that cannot open (storage turned off) keeps no copy here; the update still goes to the server.
      this._db.then(() => store(update, null)).catch(() => {});
    });
    this._storeUpdate = (update: Uint8Array, origin: unknown) => {
      // What this store itself applied (the cached review on load) is not written back.
      if (origin === this) return;
      this.writes.add(update, fromServer(origin));
    };
    doc.on('update', this._storeUpdate);
    doc.on('destroy', this.onDocDestroyed);
    document.addEventListener('visibilitychange', this.onHidden);
  }

  private readonly onDocDestroyed = () => void this.destroy();

  override destroy(): Promise<void> {
    this.doc.off('destroy', this.onDocDestroyed);
    document.removeEventListener('visibilitychange', this.onHidden);
    this.writes.flush();
    return super.destroy();
  }
}
