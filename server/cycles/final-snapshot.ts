import type { Rooms } from '../collab/rooms.ts';
import type { RecordHooks } from '../routes/review-records.ts';
import type { Store } from '../store/types.ts';
import { takeSnapshot } from './snapshots.ts';

/**
 * Finalising freezes what was signed off: a snapshot labelled with the day, marked final, naming
 * who signed. The overview and comparisons report it from then on, even after a reopening.
 */
export function snapshotWhenFinalised(store: Store, rooms: Rooms): NonNullable<RecordHooks['onFinalised']> {
  return async ({ reviewId, state, by }) => {
    const day = new Date(state.finalisedAt ?? Date.now()).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/London',
    });
    await takeSnapshot(
      store,
      rooms,
      reviewId,
      `Final, ${day}`,
      { id: by.id, name: by.name },
      {
        status: 'final',
        signedOffBy: state.signOffs.map((s) => s.name),
      },
    );
  };
}
