import type * as Y from 'yjs';
import { agreedKey, ratingKey, splitKey } from '../../shared/review/keys.ts';

/**
 * How many of a phase's criteria have a rating on one track or an agreed one, kept up to date from
 * the keys each change names, so a remote edit on a 1,000-row review costs one lookup, not 2,000.
 */
export class RatedCount {
  private readonly rated = new Set<string>();
  private readonly criteria: ReadonlySet<string>;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly ratings: Y.Map<string>,
    private readonly agreed: Y.Map<unknown>,
    criteria: Iterable<string>,
    private readonly track: string,
    private readonly phase: string,
  ) {
    this.criteria = new Set(criteria);
    for (const c of this.criteria) this.recheck(c);
  }

  get total(): number {
    return this.criteria.size;
  }

  get = (): number => this.rated.size;

  subscribe = (listener: () => void): (() => void) => {
    if (this.listeners.size === 0) {
      this.ratings.observe(this.onRatings);
      this.agreed.observe(this.onAgreed);
      // Changes made while nobody listened were not followed.
      this.rated.clear();
      for (const c of this.criteria) this.recheck(c);
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      this.ratings.unobserve(this.onRatings);
      this.agreed.unobserve(this.onAgreed);
    };
  };

  private recheck(criterion: string): boolean {
    if (!this.criteria.has(criterion)) return false;
    const before = this.rated.has(criterion);
    const now =
      this.ratings.has(ratingKey(this.track, criterion, this.phase)) ||
      this.agreed.has(agreedKey(criterion, this.phase));
    if (now) this.rated.add(criterion);
    else this.rated.delete(criterion);
    return before !== now;
  }

  private changed(criteria: string[]) {
    let any = false;
    for (const c of criteria) any = this.recheck(c) || any;
    if (any) for (const l of this.listeners) l();
  }

  private readonly onRatings = (event: Y.YMapEvent<string>) => {
    const touched: string[] = [];
    for (const key of event.keysChanged as Set<string>) {
      const parts = splitKey(key, 3);
      if (parts && parts[0] === this.track && parts[2] === this.phase) touched.push(parts[1]!);
    }
    this.changed(touched);
  };

  private readonly onAgreed = (event: Y.YMapEvent<unknown>) => {
    const touched: string[] = [];
    for (const key of event.keysChanged as Set<string>) {
      const parts = splitKey(key, 2);
      if (parts && parts[1] === this.phase) touched.push(parts[0]!);
    }
    this.changed(touched);
  };
}
