import { scrollRowToTop } from '../components/motion.ts';
import { useEffect, useState } from 'react';
import { useGrid } from '../grid/context.ts';
import { criterionRow } from '../grid/row-revealer.ts';
import { useFollowPhase, useMeeting, useParticipants } from './hooks.ts';

/**
 * Follow the facilitator: whenever a facilitator spotlights a criterion, bring it into view.
 * Anyone can stop following to browse, and rejoin with one click.
 */
export function FollowControl() {
  const { awareness, live, rowRevealer } = useGrid();
  const people = useParticipants(awareness);
  const [following, setFollowing] = useState(true);
  const spotlight = people.find((p) => p.role === 'facilitator' && p.spotlight)?.spotlight ?? null;
  const isFacilitator = live?.role === 'facilitator';
  const roundId = useMeeting().current?.id ?? null;
  useFollowPhase(following);

  useEffect(() => {
    document.querySelectorAll('tr.spotlit').forEach((el) => el.classList.remove('spotlit'));
    if (!spotlight) return;
    let frame = 0;
    let gone = false;
    // A large grid renders only the rows near the screen: ask it for the row (it stays rendered).
    void (rowRevealer?.row(spotlight) ?? Promise.resolve(criterionRow(spotlight))).then((row) => {
      if (gone || !row) return;
      row.classList.add('spotlit');
      if (!following || isFacilitator) return;
      // After the sticky header has taken its new height (a round panel opening grows it).
      frame = requestAnimationFrame(() => scrollRowToTop(row));
    });
    return () => {
      gone = true;
      cancelAnimationFrame(frame);
    };
  }, [spotlight, following, isFacilitator, roundId, rowRevealer]);

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
