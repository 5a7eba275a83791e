import { Link } from 'wouter';
import { api } from '../api.ts';
import { usePageTitle } from '../components/page-title.ts';
import { StartReview } from '../components/StartReview.tsx';
import { FrameworkCards } from '../framework/FrameworkCards.tsx';
import { useAsync } from '../useAsync.ts';

export function HomePage() {
  usePageTitle('Reviews');
  const [data] = useAsync(() => Promise.all([api.reviews(), api.frameworks()]), []);
  if (data.status === 'loading') return <p aria-busy="true">Loading reviews…</p>;
  if (data.status === 'error') return <p role="alert">Could not load reviews: {data.error.message}</p>;
  const [reviews, frameworks] = data.value;
  const titleOf = new Map(frameworks.map((f) => [f.id, f.shortTitle ?? f.title]));
  return (
    <div className="home">
      <section aria-labelledby="reviews-heading">
        <h1 id="reviews-heading">Reviews</h1>
        {reviews.length === 0 ? (
          <p className="empty">No reviews yet. Start one from a framework — everyone with the link can join it live.</p>
        ) : (
          <ul className="review-list">
            {reviews.map((r) => (
              <li key={r.id}>
                <Link href={`/reviews/${r.id}`}>{r.title}</Link>
                <span className="muted">
                  {titleOf.get(r.frameworkId) ?? r.frameworkId} · last change{' '}
                  <time dateTime={r.updatedAt}>{new Date(r.updatedAt).toLocaleString('en-GB')}</time>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
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
