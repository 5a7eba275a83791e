import { useEffect, useMemo } from 'react';
import { Link } from 'wouter';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Framework } from '../../shared/framework/schema.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import { defineRoots } from '../../shared/review/roots.ts';
import { api, type Review } from '../api.ts';
import { usePageTitle } from '../components/page-title.ts';
import { ReviewBody } from '../grid/ReviewBody.tsx';
import { useAsync } from '../useAsync.ts';
import { cyclesApi, when, type Snapshot } from './api.ts';

const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The snapshot's document in a local, never-synced Y.Doc, shown in the review's own grid, read-only. */
function FrozenGrid({ state, framework }: { state: string; framework: Framework }) {
  const { review, awareness } = useMemo(() => {
    const doc = new Y.Doc();
    defineRoots(doc);
    Y.applyUpdate(doc, fromBase64(state));
    return { review: new ReviewDoc(doc, framework), awareness: new Awareness(doc) };
  }, [state, framework]);
  useEffect(
    () => () => {
      awareness.destroy();
      review.doc.destroy();
    },
    [awareness, review],
  );
  return <ReviewBody review={review} awareness={awareness} readOnly />;
}

function View({
  review,
  snapshot,
  framework,
}: {
  review: Review;
  snapshot: Snapshot & { state: string };
  framework: Framework;
}) {
  usePageTitle(`${snapshot.label} — ${review.title}`);
  return (
    <>
      <p className="breadcrumb">
        <Link href="/">Reviews</Link> / <Link href={`/reviews/${review.id}`}>{review.title}</Link> / snapshot
      </p>
      <h1>{snapshot.label}</h1>
      <p className="frozen-note" role="note">
        Read-only: the review exactly as it was on <time dateTime={snapshot.createdAt}>{when(snapshot.createdAt)}</time>
        {snapshot.createdByName ? `, frozen by ${snapshot.createdByName}` : ''}.{' '}
        <Link href={`/reviews/${review.id}/compare?from=${snapshot.id}&to=live`}>Compare with now</Link>
      </p>
      <FrozenGrid state={snapshot.state} framework={framework} />
    </>
  );
}

export function SnapshotPage({ reviewId, snapshotId }: { reviewId: string; snapshotId: string }) {
  const [state] = useAsync(async () => {
    const [review, snapshot] = await Promise.all([api.review(reviewId), cyclesApi.snapshot(reviewId, snapshotId)]);
    const framework = await api.framework(snapshot.meta.frameworkId, snapshot.meta.frameworkVersion);
    return { review, snapshot, framework };
  }, [reviewId, snapshotId]);
  if (state.status === 'loading') return <p aria-busy="true">Opening the snapshot…</p>;
  if (state.status === 'error')
    return (
      <section className="empty">
        <h1>This snapshot could not be opened</h1>
        <p role="alert">{state.error.message}</p>
        <p>
          <Link href={`/reviews/${reviewId}`}>Back to the review</Link>
        </p>
      </section>
    );
  return <View {...state.value} />;
}
