import { useState } from 'react';
import { api, ApiError } from '../api.ts';
import { usePageTitle } from '../components/page-title.ts';
import { formText, useAsync } from '../useAsync.ts';

function FirstRun() {
  usePageTitle('Welcome');
  return (
    <section className="card login" aria-labelledby="setup-heading">
      <h1 id="setup-heading">Welcome to Bestfit</h1>
      <p>This installation has no accounts yet. Create the first administrator from the shell where Bestfit runs:</p>
      <pre>
        <code>
          BESTFIT_PASSWORD='a long passphrase' npm run admin -- create-user --email you@example.org --name "Your Name"
        </code>
      </pre>
      <p>Then reload this page and sign in.</p>
    </section>
  );
}

export function LoginPage({ onSignedIn }: { onSignedIn: () => void }) {
  usePageTitle('Sign in');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [setup] = useAsync(() => api.setup(), []);
  if (setup.status === 'ready' && setup.value.firstRun) return <FirstRun />;
  return (
    <form
      className="card login"
      aria-labelledby="login-heading"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        setBusy(true);
        setError(null);
        api.login(formText(data, 'email'), formText(data, 'password')).then(onSignedIn, (err: unknown) => {
          setError(err instanceof ApiError ? err.message : 'Could not reach the server. Try again.');
          setBusy(false);
        });
      }}
    >
      <h1 id="login-heading">Sign in to Bestfit</h1>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {setup.status === 'ready' && setup.value.oidc && (
        // A full-page navigation: the identity provider's sign-in happens on its own site.
        <a className="sso" href="/api/auth/oidc/start">
          Sign in with {setup.value.oidc.name}
        </a>
      )}
      <p className="muted">No account? Ask your facilitator for an invite link, or an administrator to add you.</p>
    </form>
  );
}
