import { scrollRowToTop } from '../components/motion.ts';
import { useEffect, useState } from 'react';
import { useGrid } from '../grid/context.ts';
import { useFollowPhase, useMeeting, useParticipants } from './hooks.ts';

/**
 * Follow the facilitator: whenever a facilitator spotlights a criterion, bring it into view.
 * Anyone can stop following to browse, and rejoin with one click.
 */
export function FollowControl() {
  const { awareness, live } = useGrid();
  const people = useParticipants(awareness);
  const [following, setFollowing] = useState(true);
  const spotlight = people.find((p) => p.role === 'facilitator' && p.spotlight)?.spotlight ?? null;
  const isFacilitator = live?.role === 'facilitator';
  const roundId = useMeeting().current?.id ?? null;
  useFollowPhase(following);

  useEffect(() => {
    document.querySelectorAll('tr.spotlit').forEach((el) => el.classList.remove('spotlit'));
    if (!spotlight) return;
    const row = document.querySelector<HTMLElement>(`tr[data-criterion="${CSS.escape(spotlight)}"]`);
    row?.classList.add('spotlit');
    if (!following || isFacilitator || !row) return;
    // After the sticky header has taken its new height (a round panel opening grows it).
    const frame = requestAnimationFrame(() => scrollRowToTop(row));
    return () => cancelAnimationFrame(frame);
  }, [spotlight, following, isFacilitator, roundId]);

  // Facilitators steer from their toolbar.
  if (isFacilitator) return null;
  if (!spotlight) return null;
  return (
    <p className="follow" role="status">
      {following ? (
        <>
          Following the facilitator (on {spotlight}){' '}
          <button type="button" onClick={() => setFollowing(false)}>
            Stop following
          </button>
        </>
      ) : (
        <button type="button" className="primary" onClick={() => setFollowing(true)}>
          Rejoin the facilitator on {spotlight}
        </button>
      )}
    </p>
  );
}
