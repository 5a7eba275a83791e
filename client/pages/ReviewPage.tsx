import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { LiveReview } from '../grid/context.ts';
import { Link } from 'wouter';
import type { Framework } from '../../shared/framework/schema.ts';
import type { Review } from '../api.ts';
import { openReview, takeEarlyConnection, takeEarlyReview } from '../boot/early-load.ts';
import { withModerationTrack } from '../../shared/review/moderation.ts';
import { ReviewConnection } from '../collab/connection.ts';
import { ConnectionBadge } from '../components/ConnectionBadge.tsx';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { ExportMenu } from '../components/ExportMenu.tsx';
import { RefusedNotice } from '../components/RefusedNotice.tsx';
import { usePageTitle } from '../components/page-title.ts';
import { ReviewTabs, type ReviewView } from '../components/ReviewTabs.tsx';
import { useParticipants } from '../meeting/hooks.ts';
import { useStickyOffset } from '../components/sticky-offset.ts';
import { PresenceList } from '../components/PresenceList.tsx';
import { PrintRecord } from '../components/PrintRecord.tsx';
import { ReviewBody } from '../grid/ReviewBody.tsx';
import { colourOf, useSession } from '../session.ts';
import { SharePanel } from '../components/SharePanel.tsx';
import { useAsync } from '../useAsync.ts';
import { useTitle } from '../doc/hooks.ts';
import { Root } from '../../shared/review/roots.ts';
import { useLocation } from 'wouter';
import type { ReviewState } from '../../shared/protocol/review-record.ts';
import { ManageReview, type ManageChange } from '../record/ManageReview.tsx';
import { RecordBar } from '../record/RecordBar.tsx';
import { cyclesApi } from '../cycles/api.ts';
import { TermsPanel } from '../cycles/TermsPanel.tsx';

const stateOf = (r: Review): ReviewState => ({
  status: r.status,
  signOffs: r.signOffs,
  finalisedAt: r.finalisedAt,
  finalisedBy: r.finalisedBy,
  archivedAt: r.archivedAt,
});

/**
 * The framework as this review uses it: a review made with a moderation track says so in its meta
 * once synced. Once seen it stays, so the connection is made again once, not back and forth.
 */
function useReviewFramework(base: Framework, connection: ReviewConnection | null): Framework {
  const [moderated, setModerated] = useState(false);
  useEffect(() => {
    if (!connection || moderated) return;
    const meta = connection.review.doc.getMap(Root.meta);
    const check = () => {
      if (meta.get('moderationTrack') === true) setModerated(true);
    };
    check();
    meta.observe(check);
    return () => meta.unobserve(check);
  }, [connection, moderated]);
  return moderated ? withModerationTrack(base) : base;
}

function Workspace({ review, framework: base }: { review: Review; framework: Framework }) {
  const [connection, setConnection] = useState<ReviewConnection | null>(null);
  // The connection is made again with the moderation track once the document shows the review has one.
  const framework = useReviewFramework(base, connection);
  const { me } = useSession();
  const userId = me.user.id;
  const userName = me.user.name;
  useEffect(() => {
    // Created in the effect so that each mount owns, and on unmount destroys, its own connection.
    // The one opened while the page loaded, when it is this one; else a new one.
    const c =
      takeEarlyConnection(review.id, framework, { id: userId, name: userName, role: review.role }) ??
      new ReviewConnection(review.id, framework, {
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
  const [view, setView] = useState<ReviewView>('grid');
  const live = useMemo<LiveReview>(
    () => ({
      role: review.role,
      me: { id: me.user.id, name: me.user.name },
      meeting: connection.meeting,
      undo: connection.undo,
      setSpotlight: (c) => connection.setSpotlight(c),
      showView: (v) => setView(v),
    }),
    // A new generation replaces the connection's document, meeting and undo stack.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [connection, review.role, me.user.id, me.user.name, state.generation],
  );

  // Status and sign-offs: as loaded, then as the server announces them live (final → read-only at once).
  const [record, setRecord] = useState<ReviewState>(() => stateOf(review));
  const [renamed, setTitle] = useState(review.title);
  // The document's title, so a rename reaches everyone with the review open.
  const title = useTitle(connection.review) ?? renamed;
  const [, navigate] = useLocation();
  useEffect(() => {
    const meeting = connection.meeting;
    const sync = () => {
      const announced = meeting.getSnapshot().review;
      if (announced) setRecord(announced);
    };
    sync();
    return meeting.subscribe(sync);
  }, [connection, state.generation]);
  const onManage = useCallback(
    (change: ManageChange) => {
      if (change.kind === 'renamed') setTitle(change.title);
      else if (change.kind === 'archived') setRecord((r) => ({ ...r, archivedAt: change.archivedAt }));
      else if (change.kind === 'deleted') navigate('/');
    },
    [navigate],
  );
  const current = { ...review, ...record, title };
  // Renamed here: the tab says so too.
  usePageTitle(title);

  const [headerSlot, setHeaderSlot] = useState<HTMLElement | null>(null);
  const present = useParticipants(connection.provider.awareness);
  const tabs = [
    { id: 'grid', label: 'Grid' },
    { id: 'summary', label: 'Summary' },
    { id: 'overall', label: 'Overall' },
    { id: 'actions', label: 'Action plan' },
    { id: 'terms', label: 'Terms & snapshots' },
    {
      id: 'people',
      label: `${review.role === 'facilitator' ? 'People & invites' : 'People'} (${present.length} here)`,
    },
    { id: 'meeting', label: 'Meeting mode' },
  ] as const;
  const [cycle] = useAsync(() => cyclesApi.cycle(review.id), [review.id]);
  const previous = cycle.status === 'ready' ? cycle.value.previous : null;
  const lastTime = useMemo(
    () => (previous ? { title: previous.title, ratings: previous.ratings, agreed: previous.agreed } : null),
    [previous],
  );
  const header = useStickyOffset<HTMLDivElement>();
  const body = useRef<HTMLDivElement>(null);
  const lastHeight = useRef(0);
  useLayoutEffect(() => {
    // Keep the grid's height while it reloads from the server, so the page (and the scroll position) stays put.
    const element = body.current;
    if (element) element.style.minHeight = state.loaded ? '' : `${lastHeight.current}px`;
  }, [state.loaded]);
  useEffect(() => {
    // The grid's height as the browser lays it out anyway: reading offsetHeight after each render
    // forced a layout of its own, the first of them over the whole new grid during a cold load.
    const element = body.current;
    if (!element || !state.loaded) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) lastHeight.current = entry.borderBoxSize[0]?.blockSize ?? element.offsetHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [state.loaded]);

  return (
    <>
      <div className="review-header" ref={header}>
        <div className="review-heading">
          <div>
            <p className="breadcrumb">
              <Link href="/">Reviews</Link> /{' '}
              <Link href={`/frameworks/${framework.id}`}>{framework.shortTitle ?? framework.title}</Link>{' '}
              <span data-testid="framework-version">version {framework.version}</span>
              <span className="muted">
                {' '}
                ·{' '}
                {review.role === 'observer'
                  ? 'you are an observer: you can follow but not change this review'
                  : `you are the review's ${review.role}`}
              </span>
            </p>
            <h1>{title}</h1>
          </div>
          <div className="review-heading-side">
            <div className="review-actions">
              <ExportMenu reviewId={review.id} title={title} />
              <ConnectionBadge state={state} />
            </div>
            <ManageReview review={current} onChange={onManage} openCopy />
          </div>
        </div>
        <RecordBar review={current} state={record} meId={me.user.id} onState={setRecord} />
        <ReviewTabs tabs={tabs} view={view} onChange={setView} />
        <div ref={setHeaderSlot} />
        {/* In the sticky header, so it is seen wherever the person was on the page. */}
        {state.notice && (
          <RefusedNotice notice={state.notice} unsent={state.unsent} onDismiss={() => connection.dismissNotice()} />
        )}
      </div>
      {state.fatal && (
        <p role="alert" className="error">
          {state.fatal}
        </p>
      )}
      <div ref={body}>
        {state.loaded ? (
          <ErrorBoundary what="review">
            <ReviewBody
              // A new generation is a fresh document from the server.
              key={state.generation}
              review={connection.review}
              awareness={connection.provider.awareness}
              readOnly={state.fatal !== null || review.role === 'observer' || record.status === 'final'}
              onFocusCriterion={onFocusCriterion}
              showProgress
              live={live}
              headerSlot={headerSlot}
              view={view}
              toolbar={<PresenceList awareness={connection.provider.awareness} />}
              lastTime={lastTime}
            />
          </ErrorBoundary>
        ) : (
          <p aria-busy="true" className="loading">
            {state.generation > 0 || state.notice
              ? 'Reloading the review from the server…'
              : 'Loading the review from the server…'}
          </p>
        )}
      </div>
      {state.loaded && <PrintRecord key={state.generation} review={connection.review} />}
      <div id="panel-people" role="tabpanel" aria-labelledby="tab-people" hidden={view !== 'people'}>
        <h2>People</h2>
        <h3>Here now ({present.length})</h3>
        {state.loaded && <PresenceList awareness={connection.provider.awareness} />}
        {review.role === 'facilitator' ? (
          <SharePanel reviewId={review.id} open />
        ) : (
          <p className="muted">Facilitators invite people and manage who has access.</p>
        )}
      </div>
      <div id="panel-terms" role="tabpanel" aria-labelledby="tab-terms" hidden={view !== 'terms'}>
        {view === 'terms' && <TermsPanel review={review} cycle={cycle.status === 'ready' ? cycle.value : null} />}
      </div>
    </>
  );
}

export function ReviewPage({ reviewId }: { reviewId: string }) {
  const [state] = useAsync(() => takeEarlyReview(reviewId) ?? openReview(reviewId), [reviewId]);
  usePageTitle(state.status === 'ready' ? state.value.review.title : 'Review');
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
