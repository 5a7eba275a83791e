import { useMemo } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { compareFrameworks } from '../../shared/framework/diff.ts';
import { api } from '../api.ts';
import { usePageTitle } from '../components/page-title.ts';
import { useAsync } from '../useAsync.ts';

function Comparison({ id, from, to }: { id: string; from: number; to: number }) {
  const [state] = useAsync(() => Promise.all([api.framework(id, from), api.framework(id, to)]), [id, from, to], {
    keepLast: true,
  });
  const changes = useMemo(
    () => (state.status === 'ready' ? compareFrameworks(state.value[0], state.value[1]) : []),
    [state],
  );
  if (state.status === 'loading') return <p aria-busy="true">Comparing…</p>;
  if (state.status === 'error') return <p role="alert">{state.error.message}</p>;
  return (
    <section aria-labelledby="changes-heading" className="card" aria-busy={state.stale === true}>
      <h2 id="changes-heading">
        Changes from version {from} to version {to}
      </h2>
      {changes.length === 0 ? (
        <p>No differences.</p>
      ) : (
        <ul className="framework-changes">
          {changes.map((c, i) => (
            <li key={i} data-change={c.kind}>
              <span
                className={`badge ${c.kind === 'removed' ? 'badge-bad' : c.kind === 'added' ? 'badge-ok' : 'badge-warn'}`}
              >
                {c.kind}
              </span>{' '}
              {c.subject}
              {c.details.length > 0 && (
                <ul>
                  {c.details.map((d, j) => (
                    <li key={j}>{d}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Every version of a framework with its change note, and what changed between any two. */
export function FrameworkVersionsPage({ frameworkId }: { frameworkId: string }) {
  const [state] = useAsync(() => api.frameworkVersions(frameworkId), [frameworkId]);
  const search = new URLSearchParams(useSearch());
  const [, navigate] = useLocation();
  usePageTitle('Framework versions');
  if (state.status === 'loading') return <p aria-busy="true">Loading the versions…</p>;
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
  const v = state.value;
  const numbers = v.versions.map((x) => x.version);
  const to = Number(search.get('to') ?? v.latest);
  const from = Number(search.get('from') ?? numbers[numbers.length - 2] ?? v.latest);
  const go = (f: number, t: number) =>
    navigate(`/frameworks/${encodeURIComponent(frameworkId)}/versions?from=${f}&to=${t}`, { replace: true });
  return (
    <>
      <p className="breadcrumb">
        <Link href="/frameworks">Frameworks</Link> /{' '}
        <Link href={`/frameworks/${encodeURIComponent(frameworkId)}`}>{frameworkId}</Link> / versions
      </p>
      <h1>Versions of {frameworkId}</h1>
      <table className="record-table">
        <caption className="visually-hidden">Versions and their change notes</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Saved</th>
            <th scope="col">Change note</th>
          </tr>
        </thead>
        <tbody>
          {[...v.versions].reverse().map((x) => (
            <tr key={x.version}>
              <th scope="row">{x.version}</th>
              <td>{new Date(x.createdAt).toLocaleString('en-GB')}</td>
              <td>{x.changeNote ?? <span className="muted">none</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {numbers.length > 1 ? (
        <>
          <div className="toolbar" role="group" aria-label="Versions to compare">
            <label>
              From version{' '}
              <select value={from} onChange={(e) => go(Number(e.target.value), to)}>
                {numbers.map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </label>
            <label>
              to version{' '}
              <select value={to} onChange={(e) => go(from, Number(e.target.value))}>
                {numbers.map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </label>
          </div>
          <Comparison id={frameworkId} from={from} to={to} />
        </>
      ) : (
        <p>There is only one version, so there is nothing to compare yet.</p>
      )}
    </>
  );
}
