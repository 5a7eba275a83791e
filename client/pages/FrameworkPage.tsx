import { ProvenanceNotes } from '../framework/ProvenanceNotes.tsx';
import { useEffect, useMemo } from 'react';
import { Link } from 'wouter';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Framework } from '../../shared/framework/schema.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import { buildSkeleton } from '../../shared/review/skeleton.ts';
import { api } from '../api.ts';
import { usePageTitle } from '../components/page-title.ts';
import { StartReview } from '../components/StartReview.tsx';
import { FrameworkActions } from '../framework-editor/FrameworkActions.tsx';
import { ReviewBody } from '../grid/ReviewBody.tsx';
import { useAsync } from '../useAsync.ts';

/** A private, never-synced review of the framework: the grid exactly as a review shows it, read-only. */
function usePreview(framework: Framework) {
  return useMemo(() => {
    const doc = new Y.Doc();
    buildSkeleton(doc, framework, {
      reviewId: 'preview',
      frameworkId: framework.id,
      frameworkVersion: framework.version,
      title: framework.title,
      createdAt: new Date(0).toISOString(),
    });
    return { review: new ReviewDoc(doc, framework), awareness: new Awareness(doc) };
  }, [framework]);
}

function FrameworkView({ framework }: { framework: Framework }) {
  const { review, awareness } = usePreview(framework);
  usePageTitle(framework.shortTitle ?? framework.title);
  // Awareness runs a timer; stop it when the page goes.
  useEffect(() => () => awareness.destroy(), [awareness]);
  const p = framework.provenance;
  return (
    <>
      <p className="breadcrumb">
        <Link href="/frameworks">Frameworks</Link> / version {framework.version}
      </p>
      <h1>{framework.title}</h1>
      <div className="framework-intro">
        <div>
          {framework.summary && <p>{framework.summary}</p>}
          {framework.audience && <p className="muted">{framework.audience}</p>}
          <p className="muted">
            Source: {p.title}
            {p.publisher && <>, {p.publisher}</>}
            {p.date && <>, {p.date}</>}
            {p.reference && <> (ref. {p.reference})</>}.
          </p>
          <ProvenanceNotes framework={framework} />
        </div>
        <div>
          <FrameworkActions framework={framework} />
          <StartReview frameworks={[]} fixed={framework.id} fixedTracks={framework.tracks.length} />
        </div>
      </div>
      <ReviewBody review={review} awareness={awareness} readOnly />
    </>
  );
}

export function FrameworkPage({ frameworkId }: { frameworkId: string }) {
  const [state] = useAsync(() => api.framework(frameworkId), [frameworkId]);
  if (state.status === 'loading') return <p aria-busy="true">Loading the framework…</p>;
  if (state.status === 'error')
    return (
      <section className="empty">
        <h1>This framework could not be opened</h1>
        <p role="alert">{state.error.message}</p>
        <p>
          <Link href="/frameworks">Back to the framework library</Link>
        </p>
      </section>
    );
  return <FrameworkView framework={state.value} />;
}
