import { useState } from 'react';
import { useLocation } from 'wouter';
import { api, ApiError, type FrameworkSummary } from '../api.ts';
import { formText } from '../useAsync.ts';

/** Title and framework, then straight into the new review. */
export function CreateReviewForm({
  frameworks,
  fixed,
  fixedTracks,
}: {
  frameworks: FrameworkSummary[];
  fixed?: string;
  fixedTracks?: number;
}) {
  const [, navigate] = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [chosen, setChosen] = useState(fixed ?? frameworks[0]?.id);
  // Frameworks with two tracks already have their moderator's; a one-track one can gain a moderation track.
  const oneTrack = (fixedTracks ?? frameworks.find((f) => f.id === chosen)?.tracks.length ?? 0) === 1;
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
            ...(oneTrack && data.get('moderation') === 'on' ? { moderation: true } : {}),
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
          <select
            name="frameworkId"
            required
            defaultValue={frameworks[0]?.id}
            onChange={(e) => setChosen(e.target.value)}
          >
            {frameworks.map((f) => (
              <option key={f.id} value={f.id}>
                {f.shortTitle ?? f.title}
              </option>
            ))}
          </select>
        </label>
      )}
      {oneTrack && (
        <label className="checkbox">
          <input type="checkbox" name="moderation" /> Add a moderation track beside the self-evaluation
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
