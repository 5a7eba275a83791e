/** Once everything has unloaded, and again later: in the bench the first collection alone left the grown heap mapped for a minute. */
const IDLE_COLLECT_AFTER_MS = [2_000, 35_000];

/**
 * Once the last review has unloaded, an idle V8 would keep the freed documents' heap for minutes;
 * full collections hand it back. Needs node --expose-gc (as `npm start` runs); skipped otherwise.
 */
export class IdleCollector {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly idle: () => boolean) {}

  start(step = 0): void {
    const gc = (globalThis as { gc?: () => void }).gc;
    const delay = IDLE_COLLECT_AFTER_MS[step];
    if (!gc || delay === undefined || (step === 0 && this.timer)) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.idle()) return;
      gc();
      this.start(step + 1);
    }, delay);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
