import { useEffect, useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { PresenceState } from '../../shared/protocol/presence.ts';
import type { MeetingSnapshot } from '../collab/meeting.ts';
import { useGrid } from '../grid/context.ts';

const emptyMeeting: MeetingSnapshot = { rounds: [], current: null, error: null, review: null };

export function useMeeting(): MeetingSnapshot {
  const { live } = useGrid();
  return useSyncExternalStore(
    (cb) => live?.meeting.subscribe(cb) ?? (() => {}),
    () => live?.meeting.getSnapshot() ?? emptyMeeting,
  );
}

export interface Participant {
  clientId: number;
  id: string | null;
  name: string;
  color: string;
  role: 'facilitator' | 'editor' | 'observer';
  focus: string | null;
  spotlight: string | null;
  /** The phase a facilitator's spotlight is on (frameworks with phases), so followers see the same. */
  spotlightPhase: string | null;
  away: boolean;
}

const cache = new WeakMap<Awareness, Participant[]>();

/** Everyone present, as the server stamped them (name, role), with where they are. */
export function participants(awareness: Awareness): Participant[] {
  let list = cache.get(awareness);
  if (!list) {
    list = [];
    for (const [clientId, raw] of awareness.getStates()) {
      const s = raw as PresenceState;
      if (!s.user?.name) continue;
      list.push({
        clientId,
        id: s.user.id ?? null,
        name: s.user.name,
        color: s.user.color ?? '#666',
        role: s.user.role ?? 'editor',
        focus: s.focus ?? null,
        spotlight: s.spotlight ?? null,
        spotlightPhase: typeof s.spotlightPhase === 'string' ? s.spotlightPhase : null,
        away: s.away === true,
      });
    }
    cache.set(awareness, list);
  }
  return list;
}

export function useParticipants(awareness: Awareness): Participant[] {
  return useSyncExternalStore(
    (cb) => {
      const onChange = () => {
        cache.delete(awareness);
        cb();
      };
      awareness.on('change', onChange);
      return () => awareness.off('change', onChange);
    },
    () => participants(awareness),
  );
}

/**
 * Someone following the facilitator takes the phase of the spotlight when it changes, so the
 * ratings on their screen are the ones being discussed (they can still choose another after).
 */
export function useFollowPhase(enabled = true): void {
  const { awareness, live, setPhase, review } = useGrid();
  const people = useParticipants(awareness);
  const phase = people.find((p) => p.role === 'facilitator' && p.spotlight)?.spotlightPhase ?? null;
  const isFacilitator = live?.role === 'facilitator';
  useEffect(() => {
    if (!enabled || isFacilitator || !phase || !setPhase) return;
    if (review.framework.phases?.some((p) => p.id === phase)) setPhase(phase);
  }, [enabled, isFacilitator, phase, setPhase, review]);
}
