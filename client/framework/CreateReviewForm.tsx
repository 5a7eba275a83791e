import { useState } from 'react';
import { useLocation } from 'wouter';
import { api, ApiError, type FrameworkSummary } from '../api.ts';
import { formText } from '../useAsync.ts';

/** Title and framework, then straight into the new review. */
export function CreateReviewForm({ frameworks, fixed }: { frameworks: FrameworkSummary[]; fixed?: string }) {
  const [, navigate] = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="card create-review"
      aria-labelledby="create-heading"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const frameworkId = fixed ?? formText(data, 'frameworkId');
        const workspaceId = frameworks.find((f) => f.id === frameworkId)?.workspaceId;
        setBusy(true);
        setError(null);
        api
          .createReview({
            frameworkId,
            title: formText(data, 'title'),
            // A workspace's own framework can only be used in that workspace.
            ...(workspaceId ? { workspaceId } : {}),
          })
          .then((review) => navigate(`/reviews/${review.id}`))
          .catch((err: unknown) => {
            setError(err instanceof ApiError ? err.message : 'Could not reach the server. Try again.');
            setBusy(false);
          });
      }}
    >
      <h2 id="create-heading">{fixed ? 'Start a review with this framework' : 'Start a review'}</h2>
      <label>
        Title
        <input name="title" required maxLength={200} placeholder="e.g. North partnership — autumn 2026" />
      </label>
      {!fixed && (
        <label>
          Framework
          <select name="frameworkId" required defaultValue={frameworks[0]?.id}>
            {frameworks.map((f) => (
              <option key={f.id} value={f.id}>
                {f.shortTitle ?? f.title}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create review'}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
