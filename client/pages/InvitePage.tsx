import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api, ApiError } from '../api.ts';
import { usePageTitle } from '../components/page-title.ts';
import { formText, useAsync } from '../useAsync.ts';

const roleText = { facilitator: 'a facilitator', editor: 'an editor', observer: 'an observer (read-only)' };

/** Joining a review through an invite link, signing up on the way if needed. */
export function InvitePage({
  secret,
  signedIn,
  onJoined,
}: {
  secret: string;
  signedIn: boolean;
  onJoined: () => void;
}) {
  const [state] = useAsync(() => api.invite(secret), [secret]);
  const [, navigate] = useLocation();
  const [error, setError] = useState<string | null>(null);
  usePageTitle(state.status === 'ready' ? `Join “${state.value.reviewTitle}”` : 'Invite');
  if (state.status === 'loading') return <p aria-busy="true">Checking the invite…</p>;
  if (state.status === 'error')
    return (
      <section className="empty">
        <h1>This invite cannot be used</h1>
        <p role="alert">{state.error.message}</p>
        <p>Ask the facilitator for a new link.</p>
      </section>
    );
  const invite = state.value;
  const join = (account?: { name: string; email: string; password: string }) =>
    api.acceptInvite(secret, account).then(
      ({ reviewId }) => {
        onJoined();
        navigate(`/reviews/${reviewId}`);
      },
      (err: unknown) => setError(err instanceof ApiError ? err.message : 'Could not reach the server. Try again.'),
    );
  return (
    <section className="card login">
      <h1>Join “{invite.reviewTitle}”</h1>
      <p>
        You are invited as {roleText[invite.role]}. The link works until{' '}
        {new Date(invite.expiresAt).toLocaleDateString('en-GB')}.
      </p>
      {signedIn ? (
        <button type="button" className="primary" onClick={() => void join()}>
          Join the review
        </button>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const d = new FormData(e.currentTarget);
            void join({ name: formText(d, 'name'), email: formText(d, 'email'), password: formText(d, 'password') });
          }}
          className="create-review"
        >
          <h2>Create your account</h2>
          <label>
            Your name
            <input name="name" required maxLength={100} autoComplete="name" />
          </label>
          <label>
            Email
            <input name="email" type="email" required autoComplete="email" />
          </label>
          <label>
            Password (at least 10 characters, not a common one)
            <input name="password" type="password" required minLength={10} autoComplete="new-password" />
          </label>
          <button type="submit" className="primary">
            Create account and join
          </button>
          <p className="muted">
            Already have an account? <Link href={`/login?next=/invite/${secret}`}>Sign in</Link> first, then open the
            link again.
          </p>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
