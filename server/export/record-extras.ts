import { statusLabels } from '../../shared/protocol/review-record.ts';
import type { Store } from '../store/types.ts';
import type { ExportSource } from './model.ts';

/**
 * What an export shows of the review's record beyond its document: its status (with who made it
 * final and when) and the facilitators' sign-offs. The overall judgements come from the document.
 */
export function recordExtras(store: Store) {
  return async (reviewId: string): Promise<Pick<ExportSource, 'status' | 'signOffs'>> => {
    const state = await store.records.state(reviewId);
    if (!state) return {};
    const finaliser = state.signOffs.find((s) => s.userId === state.finalisedBy);
    return {
      status: {
        label: statusLabels[state.status],
        ...(state.finalisedAt ? { at: state.finalisedAt } : {}),
        ...(finaliser ? { by: finaliser.name } : {}),
      },
      ...(state.signOffs.length > 0
        ? { signOffs: state.signOffs.map((s) => ({ name: s.name, role: 'Facilitator', at: s.at })) }
        : {}),
    };
  };
}
