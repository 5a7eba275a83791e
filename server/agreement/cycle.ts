import type { Framework } from '../../shared/framework/schema.ts';
import type { CycleAgreement, TermAgreement } from '../../shared/protocol/cycles.ts';
import type { AgreementRound } from '../../shared/review/agreement.ts';
import type { Store } from '../store/types.ts';
import type { Agreements } from './agreements.ts';

export interface CycleAgreementDeps {
  store: Store;
  agreements: Agreements;
  loadFramework: (id: string, version: number) => Promise<Framework | null>;
}

/**
 * Agreement over a cycle's terms (`ids`, oldest first, all readable by the caller): each term's
 * alpha over its own rounds on its own framework, then every term's rounds pooled on the scale of
 * `current`'s framework. `leftOut` counts the chain's terms the caller may not read.
 */
export async function cycleAgreement(
  { store, agreements, loadFramework }: CycleAgreementDeps,
  ids: readonly string[],
  current: string,
  leftOut: number,
): Promise<CycleAgreement> {
  const terms: TermAgreement[] = [];
  const pooled: AgreementRound[] = [];
  let scale: Framework | null = null;
  for (const id of ids) {
    const review = await store.getReview(id);
    const framework = review && (await loadFramework(review.frameworkId, review.frameworkVersion));
    if (!review || !framework) continue;
    if (id === current) scale = framework;
    const rounds = await store.meeting.rounds(id);
    const { alpha, rounds: units, votes, ci95 } = await agreements.review(framework, rounds);
    terms.push({ reviewId: id, title: review.title, current: id === current, alpha, rounds: units, votes, ci95 });
    pooled.push(...rounds);
  }
  const empty = { alpha: null, rounds: 0, votes: 0, ci95: null };
  return { ...(scale ? await agreements.pooled(scale, pooled) : empty), terms, leftOut };
}
