/**
 * Which committed updates of one review a process has applied. Sequence numbers come from the
 * store's commit, so they are gap-free per review; messages from other processes may still arrive
 * out of order (two processes commit 5 and 6, and 6 is published first). The watermark is the
 * highest number with everything at or below it applied: only that much may be compacted away.
 */
export class CommitSequence {
  private mark = 0;
  /** Applied numbers above the watermark, waiting for the ones below them. */
  private readonly ahead = new Set<number>();

  constructor(loadedUpTo: number) {
    this.mark = loadedUpTo;
  }

  /** Everything at or below this number has been applied. */
  get watermark(): number {
    return this.mark;
  }

  /** Highest number applied, contiguous or not. */
  get highest(): number {
    return [...this.ahead].reduce((top, seq) => Math.max(top, seq), this.mark);
  }

  /** Some number below an applied one is missing. */
  get hasGap(): boolean {
    return this.ahead.size > 0;
  }

  /** The lowest number missing below an applied one; null when nothing is. */
  get firstMissing(): number | null {
    return this.ahead.size > 0 ? this.mark + 1 : null;
  }

  has(seq: number): boolean {
    return seq <= this.mark || this.ahead.has(seq);
  }

  /** Record `seq` as applied; returns false when it already was. */
  add(seq: number): boolean {
    if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`not a sequence number: ${seq}`);
    if (this.has(seq)) return false;
    this.ahead.add(seq);
    this.advance();
    return true;
  }

  /** Everything up to `seq` was reloaded from the store and applied. */
  healedTo(seq: number): void {
    // A reload that held less than is already applied changes nothing.
    this.mark = Math.max(this.mark, seq);
    for (const s of this.ahead) if (s <= this.mark) this.ahead.delete(s);
    this.advance();
  }

  private advance(): void {
    while (this.ahead.delete(this.mark + 1)) this.mark += 1;
  }
}
