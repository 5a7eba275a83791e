import { Link } from 'wouter';
import { api, type Review } from '../api.ts';
import { usePageTitle } from '../components/page-title.ts';
import { StartReview } from '../components/StartReview.tsx';
import { FrameworkCards } from '../framework/FrameworkCards.tsx';
import { ManageReview } from '../record/ManageReview.tsx';
import { RecentlyDeleted } from '../record/RecentlyDeleted.tsx';
import { RestoreBackup } from '../record/RestoreBackup.tsx';
import { StatusBadge } from '../record/StatusBadge.tsx';
import { useAsync } from '../useAsync.ts';

function ReviewList({
  reviews,
  titleOf,
  onChange,
}: {
  reviews: Review[];
  titleOf: Map<string, string>;
  onChange: () => void;
}) {
  return (
    <ul className="review-list">
      {reviews.map((r) => (
        <li key={r.id} className="review-row">
          <div className="review-row-main">
            <span className="review-row-title">
              <Link href={`/reviews/${r.id}`}>{r.title}</Link> <StatusBadge status={r.status} />
            </span>
            <span className="muted">
              {titleOf.get(r.frameworkId) ?? r.frameworkId} · last change{' '}
              <time dateTime={r.updatedAt}>{new Date(r.updatedAt).toLocaleString('en-GB')}</time>
              {r.signOffs.length > 0 && ` · signed off by ${r.signOffs.map((s) => s.name).join(', ')}`}
            </span>
          </div>
          <ManageReview review={r} onChange={onChange} />
        </li>
      ))}
    </ul>
  );
}

export function HomePage() {
  usePageTitle('Reviews');
  // After a change the list reloads in place: the last one stays up (and keeps focus) until then.
  const [view, reload] = useAsync(() => Promise.all([api.reviews(), api.frameworks(), api.deletedReviews()]), [], {
    keepLast: true,
  });
  if (view.status === 'loading') return <p aria-busy="true">Loading reviews…</p>;
  if (view.status === 'error') return <p role="alert">Could not load reviews: {view.error.message}</p>;
  const [reviews, frameworks, deleted] = view.value;
  const titleOf = new Map(frameworks.map((f) => [f.id, f.shortTitle ?? f.title]));
  const current = reviews.filter((r) => !r.archivedAt);
  const archived = reviews.filter((r) => r.archivedAt);
  return (
    <div className="home">
      <section aria-labelledby="reviews-heading">
        <h1 id="reviews-heading">Reviews</h1>
        {current.length === 0 ? (
          <p className="empty">
            {archived.length > 0
              ? 'No current reviews; archived ones are below.'
              : 'No reviews yet. Start one from a framework — everyone with the link can join it live.'}
          </p>
        ) : (
          <ReviewList reviews={current} titleOf={titleOf} onChange={reload} />
        )}
        {archived.length > 0 && (
          <details className="archived-reviews">
            <summary>Archived ({archived.length})</summary>
            <ReviewList reviews={archived} titleOf={titleOf} onChange={reload} />
          </details>
        )}
        <RestoreBackup onRestored={reload} />
      </section>
      {deleted.length > 0 && <RecentlyDeleted reviews={deleted} onChange={reload} />}
      <StartReview frameworks={frameworks} />
      <section aria-labelledby="frameworks-heading">
        <h2 id="frameworks-heading">Frameworks</h2>
        <FrameworkCards frameworks={frameworks} />
        <p>
          <Link href="/frameworks">Framework library and upload</Link>
        </p>
      </section>
    </div>
  );
}
