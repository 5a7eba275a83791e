/** How long another process's change may hold a review's joins here before they load anyway. */
export const HELD_ELSEWHERE_MS = 15_000;

interface Gate {
  readonly passed: Promise<void>;
  open(): void;
  /** Shut for a change another process is making. */
  readonly elsewhere: boolean;
}

function gate(elsewhere: boolean): Gate {
  let open!: () => void;
  const passed = new Promise<void>((resolve) => (open = resolve));
  return { passed, open, elsewhere };
}

/**
 * Reviews being changed by the server outside a room, here or in another process: a room opened
 * meanwhile loads once the change is over, so nobody joins the review as it was before it.
 */
export class ReviewGates {
  private readonly gates = new Map<string, Gate>();

  /** What a room opened now must wait for before it loads, if anything. */
  passed(reviewId: string): Promise<void> | undefined {
    return this.gates.get(reviewId)?.passed;
  }

  /** Run `change` with the review's gate shut, after any change already running on it. */
  async shut<T>(reviewId: string, change: () => Promise<T>): Promise<T> {
    while (this.gates.has(reviewId)) await this.gates.get(reviewId)!.passed;
    const own = gate(false);
    this.gates.set(reviewId, own);
    try {
      return await change();
    } finally {
      this.gates.delete(reviewId);
      own.open();
    }
  }

  /** Another process is changing the review: hold joins until it says it is done, or for `timeoutMs` at most. */
  shutElsewhere(reviewId: string, timeoutMs = HELD_ELSEWHERE_MS): void {
    if (this.gates.has(reviewId)) return;
    const held = gate(true);
    const timer = setTimeout(() => this.openElsewhere(reviewId, held.passed), timeoutMs);
    timer.unref();
    this.gates.set(reviewId, { ...held, open: () => (clearTimeout(timer), held.open()) });
  }

  /**
   * The other process is done (or `only` that hold timed out): true if joins were still held,
   * false if they were not (never held, or no longer).
   */
  openElsewhere(reviewId: string, only?: Promise<void>): boolean {
    const held = this.gates.get(reviewId);
    if (!held?.elsewhere || (only && held.passed !== only)) return false;
    this.gates.delete(reviewId);
    held.open();
    return true;
  }
}
