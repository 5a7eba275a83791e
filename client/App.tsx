import { lazy, Suspense, useMemo } from 'react';
import { Link, Redirect, Route, Switch, useLocation, useSearch } from 'wouter';
import { api, ApiError } from './api.ts';
import { takeEarlySession } from './boot/early-load.ts';
import { PageTitle } from './components/page-title.ts';
import { UserMenu } from './components/UserMenu.tsx';
import { FrameworkPage } from './pages/FrameworkPage.tsx';
import { FrameworksPage } from './pages/FrameworksPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { InvitePage } from './pages/InvitePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { ResetPasswordPage } from './pages/ResetPasswordPage.tsx';
import { ReviewPage } from './pages/ReviewPage.tsx';
import { SessionContext, type SessionValue } from './session.ts';
import { useAsync } from './useAsync.ts';

// Only administrators open it, so its code is loaded when they do.
const AdminPage = lazy(() => import('./pages/AdminPage.tsx').then((m) => ({ default: m.AdminPage })));
// Terms, comparisons, trends (with their charts) and the portfolio load when first opened.
const SnapshotPage = lazy(() => import('./cycles/SnapshotPage.tsx').then((m) => ({ default: m.SnapshotPage })));
const ComparePage = lazy(() => import('./cycles/ComparePage.tsx').then((m) => ({ default: m.ComparePage })));
const TrendsPage = lazy(() => import('./cycles/TrendsPage.tsx').then((m) => ({ default: m.TrendsPage })));
const PortfolioPage = lazy(() => import('./cycles/PortfolioPage.tsx').then((m) => ({ default: m.PortfolioPage })));
const PortfolioHome = lazy(() => import('./cycles/PortfolioPage.tsx').then((m) => ({ default: m.PortfolioHome })));
// The framework editor (with the YAML reader) and version comparison load when opened.
const FrameworkEditorPage = lazy(() =>
  import('./pages/FrameworkEditorPage.tsx').then((m) => ({ default: m.FrameworkEditorPage })),
);
const FrameworkVersionsPage = lazy(() =>
  import('./pages/FrameworkVersionsPage.tsx').then((m) => ({ default: m.FrameworkVersionsPage })),
);
const loading = <p aria-busy="true">Loading…</p>;

function Header({ session }: { session: SessionValue | null }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link href="/" className="brand">
          Bestfit
        </Link>
        {session && (
          <>
            <nav aria-label="Main">
              <Link href="/">Reviews</Link>
              <Link href="/frameworks">Frameworks</Link>
              {session.me.workspaces.length > 0 && <Link href="/portfolio">Portfolio</Link>}
              {session.me.user.isAdmin && <Link href="/admin">Administration</Link>}
            </nav>
            <UserMenu />
          </>
        )}
      </header>
    </>
  );
}

/** Signed in from /login?next=…: back to where the person was going (an invite link, a review). */
function AfterSignIn() {
  const next = new URLSearchParams(useSearch()).get('next');
  // Only a path on this site, never another origin ("//host").
  return <Redirect to={next?.startsWith('/') && !next.startsWith('//') ? next : '/'} replace />;
}

export function App() {
  const [me, refresh] = useAsync(() => takeEarlySession() ?? api.me(), []);
  const [location] = useLocation();
  const session = useMemo<SessionValue | null>(
    () => (me.status === 'ready' ? { me: me.value, refresh } : null),
    [me, refresh],
  );
  const invite = /^\/invite\/([^/]+)$/.exec(location)?.[1];
  const reset = /^\/reset-password\/([^/]+)$/.exec(location)?.[1];

  if (me.status === 'loading') return <p aria-busy="true">Loading…</p>;
  const signedOut = me.status === 'error' && me.error instanceof ApiError && me.error.status === 401;
  if (me.status === 'error' && !signedOut) {
    return <p role="alert">Could not reach the server: {me.error.message}</p>;
  }

  return (
    <SessionContext.Provider value={session}>
      <Header session={session} />
      <main id="main" tabIndex={-1}>
        {reset ? (
          <ResetPasswordPage secret={reset} />
        ) : invite ? (
          <InvitePage secret={invite} signedIn={session !== null} onJoined={refresh} />
        ) : !session ? (
          <LoginPage onSignedIn={refresh} />
        ) : (
          <Switch>
            <Route path="/" component={HomePage} />
            <Route path="/login" component={AfterSignIn} />
            <Route path="/frameworks">
              {() => (
                <>
                  <PageTitle title="Framework library" />
                  <FrameworksPage />
                </>
              )}
            </Route>
            <Route path="/new-framework">
              {() => (
                <Suspense fallback={loading}>
                  <FrameworkEditorPage frameworkId={null} />
                </Suspense>
              )}
            </Route>
            <Route path="/frameworks/:id/edit">
              {(params) => (
                <Suspense fallback={loading}>
                  <FrameworkEditorPage key={params.id} frameworkId={params.id} />
                </Suspense>
              )}
            </Route>
            <Route path="/frameworks/:id/versions">
              {(params) => (
                <Suspense fallback={loading}>
                  <FrameworkVersionsPage key={params.id} frameworkId={params.id} />
                </Suspense>
              )}
            </Route>
            <Route path="/frameworks/:id">
              {(params) => <FrameworkPage key={params.id} frameworkId={params.id} />}
            </Route>
            <Route path="/admin">
              <Suspense fallback={<p aria-busy="true">Loading…</p>}>
                <AdminPage />
              </Suspense>
            </Route>
            <Route path="/reviews/:id">{(params) => <ReviewPage reviewId={params.id} />}</Route>
            <Route path="/reviews/:id/snapshots/:snapshotId">
              {(params) => (
                <Suspense fallback={loading}>
                  <SnapshotPage key={params.snapshotId} reviewId={params.id} snapshotId={params.snapshotId} />
                </Suspense>
              )}
            </Route>
            <Route path="/reviews/:id/compare">
              {(params) => (
                <Suspense fallback={loading}>
                  <ComparePage key={params.id} reviewId={params.id} />
                </Suspense>
              )}
            </Route>
            <Route path="/reviews/:id/trends">
              {(params) => (
                <Suspense fallback={loading}>
                  <TrendsPage key={params.id} reviewId={params.id} />
                </Suspense>
              )}
            </Route>
            <Route path="/portfolio">
              <Suspense fallback={loading}>
                <PortfolioHome />
              </Suspense>
            </Route>
            <Route path="/workspaces/:id">
              {(params) => (
                <Suspense fallback={loading}>
                  <PortfolioPage key={params.id} workspaceId={params.id} />
                </Suspense>
              )}
            </Route>
            <Route>
              <section className="empty">
                <PageTitle title="Page not found" />
                <h1>Page not found</h1>
                <p>
                  <Link href="/">Back to your reviews</Link>
                </p>
              </section>
            </Route>
          </Switch>
        )}
      </main>
    </SessionContext.Provider>
  );
}
