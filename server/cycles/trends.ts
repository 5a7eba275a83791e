import type { Framework } from '../../shared/framework/schema.ts';
import type { Trends } from '../../shared/protocol/cycles.ts';
import { criterionRatings, ranksOf } from '../../shared/cycles/figures.ts';
import { cellKey } from '../../shared/review/keys.ts';
import { Root } from '../../shared/review/roots.ts';
import type { Agreements } from '../agreement/agreements.ts';
import { cycleAgreement } from '../agreement/cycle.ts';
import type { Rooms } from '../collab/rooms.ts';
import type { Store } from '../store/types.ts';
import { chainOf, reportedOf } from './chain.ts';
import { committedState } from './snapshots.ts';
import { summaryThread } from './summary-thread.ts';

export type { Trends };

/** The first number in a cell ("12.5%", "down to 40"), or null. */
export function firstNumber(text: string): number | null {
  const match = /-?\d+(?:[.,]\d+)?/.exec(text.replace(/(\d),(\d{3})/g, '$1$2'));
  return match ? Number(match[0].replace(',', '.')) : null;
}

/**
 * A review's terms oldest first (those the caller may read), each criterion's headline rating in
 * each, the key-outcomes table of this term from baseline through the terms, and agreement
 * (Krippendorff's alpha) per term and over them all.
 */
export async function trendsOf(
  store: Store,
  rooms: Rooms | null,
  loadFramework: (id: string, version: number) => Promise<Framework | null>,
  reviewId: string,
  mayRead: (reviewId: string) => Promise<boolean>,
  agreements: Agreements,
): Promise<Trends | null> {
  const review = await store.getReview(reviewId);
  const framework = review && (await loadFramework(review.frameworkId, review.frameworkVersion));
  if (!review || !framework) return null;
  const whole = await chainOf(store, reviewId);
  const chain = whole.slice(0, whole.indexOf(reviewId) + 1);
  const terms: Trends['terms'] = [];
  const perTerm: Map<string, string | null>[] = [];
  for (const id of chain) {
    if (id !== reviewId && !(await mayRead(id))) continue;
    const reported = await reportedOf(store, rooms, loadFramework, id);
    const record = await store.getReview(id);
    if (!reported || !record) continue;
    terms.push({
      reviewId: id,
      title: record.title,
      frameworkVersion: reported.framework.version,
      source: reported.source,
      current: id === reviewId,
    });
    perTerm.push(criterionRatings(reported.framework, reported.summary, null));
  }
  const ranks = ranksOf(framework);
  const criteria = framework.sections.flatMap((s) =>
    s.criteria
      .filter((c) => c.pending === undefined)
      .map((c) => ({
        id: c.id,
        code: c.code ?? null,
        title: c.title,
        ratings: perTerm.map((m) => m.get(c.id) ?? null),
      })),
  );

  let outcomes: Trends['outcomes'] = null;
  const table = framework.tables?.find((t) => t.columns.some((col) => col.id === 'baseline'));
  if (table) {
    const keys = table.rows.flatMap((row) => table.columns.map((col) => cellKey(table.id, row.id, col.id)));
    const state = await committedState(store, rooms, reviewId);
    const cells = await summaryThread.run({ kind: 'texts', state, root: Root.tableCells, keys });
    {
      outcomes = {
        title: table.title,
        columns: table.columns.map((c) => ({ id: c.id, label: c.label })),
        rows: table.rows.map((row) => ({
          id: row.id,
          label: row.label,
          values: table.columns.map((col) => {
            const text = cells[cellKey(table.id, row.id, col.id)]?.trim() ?? '';
            return { text, number: firstNumber(text) };
          }),
        })),
      };
    }
  }
  const shown = terms.map((t) => t.reviewId);
  const agreement = await cycleAgreement(
    { store, agreements, loadFramework },
    shown,
    reviewId,
    chain.length - shown.length,
  );
  return {
    terms,
    agreement,
    scale: {
      label: framework.scale.label,
      levels: framework.scale.levels.map((l) => ({
        id: l.id,
        code: l.code ?? null,
        label: l.label,
        rank: ranks.get(l.id)!,
      })),
    },
    criteria,
    outcomes,
  };
}
