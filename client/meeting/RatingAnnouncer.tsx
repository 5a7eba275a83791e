import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { NOT_APPLICABLE, NO_PHASE } from '../../shared/review/keys.ts';
import { useGrid } from '../grid/context.ts';
import type { PresenceState } from '../../shared/protocol/presence.ts';

/** At most one announcement this often, so a burst of changes is one sentence, not a flood. */
const ANNOUNCE_EVERY_MS = 4000;
const MAX_ITEMS = 3;

/**
 * Tells screen-reader users, politely, when someone else changes a rating ("Alice rated 1.2
 * Developed"), batching what happens within a few seconds (WCAG 4.1.3).
 */
export function RatingAnnouncer() {
  const { review, awareness } = useGrid();
  const [message, setMessage] = useState('');
  useEffect(() => {
    const fw = review.framework;
    // Looked up per change by id, not by walking every section of a 1,000-row framework.
    const criteria = new Map(fw.sections.flatMap((s) => s.criteria).map((c) => [c.id, c]));
    const pending: string[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const flush = () => {
      timer = null;
      last = Date.now();
      const items = pending.splice(0);
      const more = items.length - MAX_ITEMS;
      setMessage(items.slice(0, MAX_ITEMS).join('; ') + (more > 0 ? `; and ${more} more` : '') + '.');
    };
    const nameOf = (client: number | undefined) => {
      const state = client === undefined ? undefined : awareness.getStates().get(client);
      return (state as PresenceState | undefined)?.user?.name ?? 'Someone';
    };
    const onChange = (event: Y.YMapEvent<string>, tr: Y.Transaction) => {
      if (tr.local) return;
      for (const key of event.keysChanged as Set<string>) {
        const [track, criterionId, phase] = key.split('/');
        const criterion = criterionId === undefined ? undefined : criteria.get(criterionId);
        const where = [
          fw.tracks.length > 1 ? fw.tracks.find((t) => t.id === track)?.label : null,
          phase !== NO_PHASE ? fw.phases?.find((p) => p.id === phase)?.label : null,
        ].filter(Boolean);
        const name = `${criterion?.code ?? criterionId}${where.length ? ` (${where.join(', ')})` : ''}`;
        const value = review.ratings.get(key);
        if (value === undefined) {
          pending.push(`rating of ${name} cleared`);
          continue;
        }
        const level =
          value === NOT_APPLICABLE
            ? (fw.scale.notApplicable?.label ?? 'not applicable')
            : (fw.scale.levels.find((l) => l.id === value)?.label ?? value);
        pending.push(`${nameOf(review.ratings._map.get(key)?.id.client)} rated ${name} ${level}`);
      }
      if (pending.length === 0 || timer) return;
      timer = setTimeout(flush, Math.max(0, last + ANNOUNCE_EVERY_MS - Date.now()));
    };
    review.ratings.observe(onChange);
    return () => {
      review.ratings.unobserve(onChange);
      if (timer) clearTimeout(timer);
    };
  }, [review, awareness]);
  return (
    <p className="visually-hidden" role="status" data-testid="rating-announcer">
      {message}
    </p>
  );
}
