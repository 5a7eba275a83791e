/** Once everything has unloaded, and again later: in the bench the first collection alone left the grown heap mapped for a minute. */
const IDLE_COLLECT_AFTER_MS = [2_000, 35_000];

/**
 * Once the last review has unloaded, an idle V8 would keep the freed documents' heap for minutes;
 * full collections hand it back. Needs node --expose-gc (as `npm start` runs); skipped otherwise.
 */
export class IdleCollect {
  private timer: NodeJS.Timeout | null = null;

  /** `idle` says whether the process still holds nothing when a collection is due. */
  constructor(private readonly idle: () => boolean) {}

  /** Everything has unloaded: collect soon, and again later, unless something loads meanwhile. */
  schedule(step = 0): void {
    const gc = (globalThis as { gc?: () => void }).gc;
    const delay = IDLE_COLLECT_AFTER_MS[step];
    // Only a first call can find a wait pending: a later step is scheduled as its own wait ends.
    if (!gc || delay === undefined || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.idle()) return;
      gc();
      this.schedule(step + 1);
    }, delay);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer ?? undefined);
    this.timer = null;
  }
}
