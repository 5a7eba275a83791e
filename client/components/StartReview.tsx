import type { FrameworkSummary } from '../api.ts';
import { CreateReviewForm } from '../framework/CreateReviewForm.tsx';
import { useSession } from '../session.ts';

/** "Start a review", offered only to someone in a workspace (reviews belong to one); others are told why not. */
export function StartReview({
  frameworks,
  fixed,
  fixedTracks,
}: {
  frameworks: FrameworkSummary[];
  fixed?: string;
  /** How many tracks the fixed framework has (a one-track one can gain a moderation track). */
  fixedTracks?: number;
}) {
  const { me } = useSession();
  if (me.workspaces.length > 0)
    return <CreateReviewForm frameworks={frameworks} fixed={fixed} fixedTracks={fixedTracks} />;
  return (
    <section className="card" aria-labelledby="start-heading">
      <h2 id="start-heading">Starting a review</h2>
      <p>
        You are not in a workspace yet, so you cannot start a review of your own. Ask an administrator to add you to
        one. Reviews you were invited to are listed under Reviews.
      </p>
    </section>
  );
}
