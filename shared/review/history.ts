import { rootModule, shippedRoots, type RootHistoryKind } from './roots/registry.ts';
import type { TouchedKey } from './roots/root-module.ts';

export type { TouchedKey } from './roots/root-module.ts';

/** Kinds of history event that are review-wide (criterion null): status changes, sign-offs and
 * reopening; renaming, duplicating, archiving, deleting, restoring, importing. */
const reviewWideKinds = ['status', 'review'] as const;

/** Kinds of history event: one per root that records changes (roots/), then the review-wide ones. */
export const historyKinds = [
  ...shippedRoots.flatMap((r) => (r.history ? [r.history.kind] : [])),
  ...reviewWideKinds,
] as readonly HistoryKind[] as readonly [HistoryKind, ...HistoryKind[]];
export type HistoryKind = RootHistoryKind | (typeof reviewWideKinds)[number];

/** One change to a review as people talk about it: "rating Good → Outstanding by A. Khan, 14:02". */
export interface HistoryEvent {
  at: string;
  userId: string | null;
  userName: string | null;
  /** The criterion it concerns; null for review-wide records (tables, forms). */
  criterion: string | null;
  kind: HistoryKind;
  /** Kind-specific: { track?, phase?, from?, to? } for ratings, { key } otherwise. */
  detail: Record<string, string | null>;
}

/** Whether a root's values are worth recording before and after (the rest are "edited"). */
export function isValued(root: string): boolean {
  return rootModule(root)?.history?.valued === true;
}

/** Roots whose values are worth recording before and after (the rest are "edited"). */
export const valuedRoots: { has(root: string): boolean } = { has: isValued };

/** Turn a touched key and, for valued roots, its values before and after, into an event. */
export function historyEvent(
  touched: TouchedKey,
  who: { id: string; name: string } | null,
  at: string,
  from?: unknown,
  to?: unknown,
): HistoryEvent | null {
  const history = rootModule(touched.root)?.history;
  if (!history) return null;
  const part = history.event?.(touched, from, to) ?? { criterion: null, detail: { key: touched.key } };
  return {
    at,
    userId: who?.id ?? null,
    userName: who?.name ?? null,
    kind: history.kind as HistoryKind,
    criterion: part.criterion,
    detail: part.detail,
  };
}
