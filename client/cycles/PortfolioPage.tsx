import { useId } from 'react';
import { reviewStatuses, statusLabels, type ReviewStatus } from '../../shared/protocol/review-record.ts';
import { Link, Redirect, useLocation, useSearch } from 'wouter';
import { usePageTitle } from '../components/page-title.ts';
import { useSession } from '../session.ts';
import { useAsync } from '../useAsync.ts';
import { cyclesApi, when, type Overview, type OverviewFramework, type OverviewReview } from './api.ts';

const FILTERS = ['framework', 'status', 'category', 'phase', 'sort'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

function Select({
  label,
  name,
  value,
  options,
  onChange,
}: {
  label: string;
  name: keyof Filters;
  value: string;
  options: { value: string; label: string }[];
  onChange: (name: keyof Filters, value: string) => void;
}) {
  const id = useId();
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} value={value} onChange={(e) => onChange(name, e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Cell({
  fw,
  rating,
  criterion,
}: {
  fw: OverviewFramework;
  rating: string | null | undefined;
  criterion: string;
}) {
  if (rating === undefined)
    return (
      <td className="heat muted" aria-label="not judged in this phase">
        ·
      </td>
    );
  if (rating === null)
    return (
      <td className="heat muted">
        <span aria-label={`${criterion}: not rated`}>–</span>
      </td>
    );
  if (rating === 'n/a')
    return (
      <td className="heat">
        <abbr title={`${criterion}: ${fw.notApplicable?.label ?? 'Not applicable'}`}>
          {fw.notApplicable?.code ?? 'N/A'}
        </abbr>
      </td>
    );
  const level = fw.levels.find((l) => l.id === rating);
  return (
    <td className={`heat rag-${level?.rag ?? 'none'}`} data-rating={rating}>
      <abbr title={`${criterion}: ${level?.label ?? rating}`}>{level?.code ?? level?.label ?? rating}</abbr>
    </td>
  );
}

function Movement({ m }: { m: OverviewReview['movement'] }) {
  if (!m) return <span className="muted">first term</span>;
  const net = m.net > 0 ? `+${m.net}` : `${m.net}`;
  return (
    <span className={m.net < 0 ? 'move move-down' : m.net > 0 ? 'move move-up' : 'move'}>
      {net}
      <span className="muted">
        {' '}
        ({m.up} up, {m.down} down)
      </span>
    </span>
  );
}

function Source({ r }: { r: OverviewReview }) {
  if (r.source.kind === 'live') return <span className="muted">as it stands</span>;
  const text = `${r.source.kind === 'final' ? 'final: ' : ''}${r.source.label ?? 'snapshot'}`;
  return r.role && r.source.snapshotId ? (
    <Link href={`/reviews/${r.id}/snapshots/${r.source.snapshotId}`}>{text}</Link>
  ) : (
    <span>{text}</span>
  );
}

function FrameworkTable({ fw, reviews }: { fw: OverviewFramework; reviews: OverviewReview[] }) {
  const criterionName = (c: OverviewFramework['criteria'][number]) => `${c.code ? `${c.code} ` : ''}${c.title}`;
  return (
    <div className="scroll-x">
      <table className="summary-table heatmap" data-framework={fw.id}>
        <caption>
          {fw.title} (version {fw.version}): {reviews.length} {reviews.length === 1 ? 'review' : 'reviews'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Review</th>
            <th scope="col">Status</th>
            <th scope="col">Figures from</th>
            <th scope="col">Overall</th>
            <th scope="col">Since last term</th>
            {fw.criteria.map((c) => (
              <th key={c.id} scope="col" className="criterion-col">
                <abbr title={criterionName(c)}>{c.code ?? c.title}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {reviews.map((r) => (
            <tr key={r.id} data-review={r.id}>
              <th scope="row">
                {r.role ? <Link href={`/reviews/${r.id}`}>{r.title}</Link> : r.title}
                <span className="muted small"> · {when(r.updatedAt)}</span>
              </th>
              <td>{statusLabel(r.status)}</td>
              <td>
                <Source r={r} />
              </td>
              <Cell fw={fw} rating={r.overall} criterion="Overall" />
              <td>
                <Movement m={r.movement} />
              </td>
              {fw.criteria.map((c) => (
                <Cell key={c.id} fw={fw} rating={r.ratings[c.id]} criterion={criterionName(c)} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Portfolio({
  overview,
  filters,
  set,
  updating,
}: {
  overview: Overview;
  filters: Filters;
  set: (n: keyof Filters, v: string) => void;
  /** The filters changed and these are the last figures, shown until the new ones arrive. */
  updating: boolean;
}) {
  const frameworks = overview.frameworks;
  const levelOptions = new Map<string, string>();
  for (const fw of frameworks)
    for (const l of fw.levels)
      if (!levelOptions.has(l.id)) levelOptions.set(l.id, `${l.code ? `${l.code} ` : ''}${l.label}`);
  const phases = new Map(frameworks.flatMap((f) => f.phases.map((p) => [p.id, p.label] as const)));
  const statuses = [...reviewStatuses, ...new Set(overview.reviews.map((r) => r.status))];
  const groups = frameworks
    .map((fw) => ({
      fw,
      reviews: overview.reviews.filter((r) => r.frameworkId === fw.id && r.frameworkVersion === fw.version),
    }))
    .filter((g) => g.reviews.length > 0);
  return (
    <>
      <form className="filters" aria-label="Filter the portfolio" onSubmit={(e) => e.preventDefault()}>
        <Select
          label="Framework"
          name="framework"
          value={filters.framework}
          onChange={set}
          options={[
            { value: '', label: 'All frameworks' },
            ...frameworks.map((f) => ({ value: f.id, label: f.title })),
          ].filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i)}
        />
        <Select
          label="Status"
          name="status"
          value={filters.status}
          onChange={set}
          options={[
            { value: '', label: 'Any status' },
            ...[...new Set(statuses)].map((s) => ({ value: s, label: statusLabel(s) })),
          ]}
        />
        <Select
          label="Overall or category"
          name="category"
          value={filters.category}
          onChange={set}
          options={[
            { value: '', label: 'Any' },
            { value: 'at-risk', label: 'At risk (bottom third of the scale)' },
            ...[...levelOptions].map(([value, label]) => ({ value, label })),
          ]}
        />
        {phases.size > 0 && (
          <Select
            label="Phase"
            name="phase"
            value={filters.phase}
            onChange={set}
            options={[
              { value: '', label: 'Worst of any phase' },
              ...[...phases].map(([value, label]) => ({ value, label })),
            ]}
          />
        )}
        <Select
          label="Sort"
          name="sort"
          value={filters.sort}
          onChange={set}
          options={[
            { value: '', label: 'By title' },
            { value: 'movement', label: 'Largest fall first' },
            { value: '-movement', label: 'Largest rise first' },
          ]}
        />
      </form>
      <p role="status" className="muted">
        {updating
          ? 'Updating…'
          : `Showing ${overview.reviews.length} of ${overview.total} reviews. Each row shows the latest final snapshot, else the latest snapshot, else the review as it stands; “since last term” is levels gained minus levels lost.`}
      </p>
      <div className={updating ? 'portfolio-results updating' : 'portfolio-results'} aria-busy={updating}>
        {groups.length === 0 ? (
          <p className="empty">
            {overview.total === 0 ? 'No reviews in this workspace yet.' : 'No review matches these filters.'}
          </p>
        ) : (
          groups.map((g) => <FrameworkTable key={`${g.fw.id}@${g.fw.version}`} fw={g.fw} reviews={g.reviews} />)
        )}
      </div>
    </>
  );
}

/** The review's status as people read it ("In moderation"), or as given where it is not one of them. */
const statusLabel = (s: string): string => statusLabels[s as ReviewStatus] ?? s;

export function PortfolioPage({ workspaceId }: { workspaceId: string }) {
  const { me } = useSession();
  const search = useSearch();
  const [location, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Filters;
  const workspace = me.workspaces.find((w) => w.id === workspaceId);
  usePageTitle(`Portfolio${workspace ? ` — ${workspace.name}` : ''}`);
  // A new filter keeps the last table (and the filter in hand) on screen until the new one arrives.
  const [state] = useAsync(() => cyclesApi.overview(workspaceId, filters), [workspaceId, search], { keepLast: true });
  const set = (name: keyof Filters, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    const query = next.toString();
    navigate(`${location}${query ? `?${query}` : ''}`, { replace: true });
  };
  return (
    <div className="portfolio">
      <h1>Portfolio{workspace ? `: ${workspace.name}` : ''}</h1>
      {me.workspaces.length > 1 && (
        <nav aria-label="Workspaces" className="workspace-switch">
          {me.workspaces.map((w) => (
            <Link key={w.id} href={`/workspaces/${w.id}`} aria-current={w.id === workspaceId ? 'page' : undefined}>
              {w.name}
            </Link>
          ))}
        </nav>
      )}
      {state.status === 'loading' && <p aria-busy="true">Loading the portfolio…</p>}
      {state.status === 'error' && <p role="alert">Could not load the portfolio: {state.error.message}</p>}
      {state.status === 'ready' && (
        <Portfolio overview={state.value} filters={filters} set={set} updating={state.stale === true} />
      )}
    </div>
  );
}

/** /portfolio: the first workspace's. */
export function PortfolioHome() {
  const { me } = useSession();
  const first = me.workspaces[0];
  if (!first)
    return (
      <section className="empty">
        <h1>Portfolio</h1>
        <p>You belong to no workspace; ask an administrator to add you to one.</p>
      </section>
    );
  return <Redirect to={`/workspaces/${first.id}`} replace />;
}
