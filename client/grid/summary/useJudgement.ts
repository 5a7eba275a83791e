import { useSyncExternalStore } from 'react';
import type { ReviewDoc } from '../../../shared/review/accessors.ts';
import { judgeReview, type Judgement } from '../../../shared/review/judgement.ts';
import { Root } from '../../../shared/review/roots.ts';

type Listener = () => void;

/**
 * The judgement of one review, recomputed lazily: a change to the ratings or agreed ratings only
 * marks it stale, so a transaction touching both maps still costs one pass when React reads it.
 */
class JudgementStore {
  private current: Judgement | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly review: ReviewDoc) {
    // Observed for the document's lifetime, so a snapshot is never stale between subscriptions.
    for (const map of [review.ratings, review.doc.getMap<string>(Root.agreed)])
      map.observe(() => {
        this.current = null;
        for (const listener of this.listeners) listener();
      });
  }

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): Judgement => (this.current ??= judgeReview(this.review));
}

const stores = new WeakMap<ReviewDoc, JudgementStore>();

/** The framework's rules applied to the review's ratings, re-rendering whenever anyone changes one. */
export function useJudgement(review: ReviewDoc): Judgement {
  let store = stores.get(review);
  if (!store) stores.set(review, (store = new JudgementStore(review)));
  return useSyncExternalStore(store.subscribe, store.snapshot);
}
