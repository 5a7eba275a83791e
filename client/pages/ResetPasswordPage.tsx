import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { ApiError } from '../api.ts';
import { adminApi } from '../admin/api.ts';
import { formText, useAsync } from '../useAsync.ts';

/** /reset-password/:secret: set a new password with a link an administrator made. */
export function ResetPasswordPage({ secret }: { secret: string }) {
  const [link] = useAsync(() => adminApi.passwordReset(secret), [secret]);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  useEffect(() => {
    const before = document.title;
    document.title = 'Set a new password — Bestfit';
    return () => {
      document.title = before;
    };
  }, []);

  if (link.status === 'loading') return <p aria-busy="true">Checking the link…</p>;
  if (link.status === 'error') {
    return (
      <section className="card">
        <h1>Set a new password</h1>
        <p role="alert" className="error">
          {link.error.message}
        </p>
      </section>
    );
  }
  if (done) {
    return (
      <section className="card">
        <h1>Password changed</h1>
        <p role="status">
          Your new password is set, and you have been signed out everywhere. <Link href="/">Sign in</Link> with it.
        </p>
      </section>
    );
  }
  return (
    <section className="card">
      <h1>Set a new password</h1>
      <p>
        For {link.value.name} ({link.value.email}). This link works once, until{' '}
        {new Date(link.value.expiresAt).toLocaleString('en-GB')}.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const d = new FormData(e.currentTarget);
          const password = formText(d, 'password');
          if (password !== formText(d, 'again')) return setError('The two passwords differ.');
          setError(null);
          adminApi.setPassword(secret, password).then(
            () => setDone(true),
            (err: unknown) => setError(err instanceof ApiError ? err.message : 'Could not reach the server.'),
          );
        }}
      >
        <p>
          <label>
            New password <input name="password" type="password" autoComplete="new-password" required minLength={10} />
          </label>
        </p>
        <p>
          <label>
            New password again <input name="again" type="password" autoComplete="new-password" required />
          </label>
        </p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary">
          Set password
        </button>
      </form>
    </section>
  );
}
