import { useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
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
  away: boolean;
}

const cache = new WeakMap<Awareness, Participant[]>();

/** Everyone present, as the server stamped them (name, role), with where they are. */
export function participants(awareness: Awareness): Participant[] {
  let list = cache.get(awareness);
  if (!list) {
    list = [];
    for (const [clientId, raw] of awareness.getStates()) {
      const s = raw as {
        user?: { id?: string; name?: string; color?: string; role?: Participant['role'] };
        focus?: string;
        spotlight?: string;
        away?: boolean;
      };
      if (!s.user?.name) continue;
      list.push({
        clientId,
        id: s.user.id ?? null,
        name: s.user.name,
        color: s.user.color ?? '#666',
        role: s.user.role ?? 'editor',
        focus: s.focus ?? null,
        spotlight: s.spotlight ?? null,
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
