import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { LiveReview } from '../grid/context.ts';
import { Link } from 'wouter';
import type { Framework } from '../../shared/framework/schema.ts';
import { api, type Review } from '../api.ts';
import { ReviewConnection } from '../collab/connection.ts';
import { ConnectionBadge } from '../components/ConnectionBadge.tsx';
import { PresenceList } from '../components/PresenceList.tsx';
import { ReviewBody } from '../grid/ReviewBody.tsx';
import { colourOf, useSession } from '../session.ts';
import { SharePanel } from '../components/SharePanel.tsx';
import { useAsync } from '../useAsync.ts';

function Workspace({ review, framework }: { review: Review; framework: Framework }) {
  const [connection, setConnection] = useState<ReviewConnection | null>(null);
  const { me } = useSession();
  const userId = me.user.id;
  const userName = me.user.name;
  useEffect(() => {
    // Created in the effect so that each mount owns, and on unmount destroys, its own connection.
    const c = new ReviewConnection(review.id, framework, {
      id: userId,
      role: review.role,
      name: userName,
      color: colourOf(userId),
    });
    // eslint-disable-next-line react-hooks/set-state-in-effect -- publishing the resource this effect owns
    setConnection(c);
    return () => c.destroy();
  }, [review.id, review.role, framework, userId, userName]);
  if (!connection) return <p aria-busy="true">Connecting…</p>;
  return <ConnectedWorkspace review={review} framework={framework} connection={connection} />;
}

function ConnectedWorkspace({
  review,
  framework,
  connection,
}: {
  review: Review;
  framework: Framework;
  connection: ReviewConnection;
}) {
  const state = useSyncExternalStore(connection.subscribe, connection.getSnapshot);
  const onFocusCriterion = useCallback((c: string) => connection.setFocus(c), [connection]);
  const { me } = useSession();
  const live = useMemo<LiveReview>(
    () => ({
      role: review.role,
      me: { id: me.user.id, name: me.user.name },
      meeting: connection.meeting,
      undo: connection.undo,
      setSpotlight: (c) => connection.setSpotlight(c),
    }),
    // A new generation replaces the connection's document, meeting and undo stack.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [connection, review.role, me.user.id, me.user.name, state.generation],
  );

  return (
    <>
      <div className="review-header">
        <div>
          <p className="breadcrumb">
            <Link href="/">Reviews</Link> /{' '}
            <Link href={`/frameworks/${framework.id}`}>{framework.shortTitle ?? framework.title}</Link>
          </p>
          <h1>{review.title}</h1>
          <p className="muted">
            You are{' '}
            {review.role === 'observer'
              ? 'an observer: you can follow but not change this review'
              : `the review's ${review.role}`}
            .
          </p>
        </div>
        <ConnectionBadge state={state} />
      </div>
      {state.fatal && (
        <p role="alert" className="error">
          {state.fatal}
        </p>
      )}
      {state.notice && (
        <div role="alert" className="notice">
          {state.notice}{' '}
          <button type="button" className="link-button" onClick={() => connection.dismissNotice()}>
            Dismiss
          </button>
        </div>
      )}
      {state.loaded || state.generation > 0 ? (
        <ReviewBody
          // A new generation is a fresh document from the server.
          key={state.generation}
          review={connection.review}
          awareness={connection.provider.awareness}
          readOnly={state.fatal !== null || review.role === 'observer'}
          onFocusCriterion={onFocusCriterion}
          showProgress
          live={live}
          toolbar={<PresenceList awareness={connection.provider.awareness} />}
        />
      ) : null}
      {review.role === 'facilitator' && <SharePanel reviewId={review.id} />}
      {state.loaded || state.generation > 0 ? null : (
        <p aria-busy="true" className="loading">
          Loading the review from the server…
        </p>
      )}
    </>
  );
}

export function ReviewPage({ reviewId }: { reviewId: string }) {
  const [state] = useAsync(async () => {
    const review = await api.review(reviewId);
    const framework = await api.framework(review.frameworkId, review.frameworkVersion);
    return { review, framework };
  }, [reviewId]);
  if (state.status === 'loading') return <p aria-busy="true">Opening the review…</p>;
  if (state.status === 'error')
    return (
      <section className="empty">
        <h1>This review could not be opened</h1>
        <p role="alert">{state.error.message}</p>
        <p>
          <Link href="/">Back to your reviews</Link>
        </p>
      </section>
    );
  return <Workspace key={reviewId} review={state.value.review} framework={state.value.framework} />;
}
