import { useId, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import type { Review } from '../api.ts';
import { formText, useAsync } from '../useAsync.ts';
import { cyclesApi, when, type Cycle } from './api.ts';
import { ColumnHeads } from '../components/ColumnHeads.tsx';

function TakeSnapshot({ reviewId, onTaken }: { reviewId: string; onTaken: () => void }) {
  const [state, setState] = useState<{ busy: boolean; message: string | null; error: string | null }>({
    busy: false,
    message: null,
    error: null,
  });
  const id = useId();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const label = formText(new FormData(form), 'label');
    setState({ busy: true, message: null, error: null });
    try {
      const snapshot = await cyclesApi.takeSnapshot(reviewId, label);
      form.reset();
      setState({ busy: false, message: `Snapshot “${snapshot.label}” taken.`, error: null });
      onTaken();
    } catch (error) {
      setState({ busy: false, message: null, error: (error as Error).message });
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Take a snapshot</h3>
      <p className="muted">Freezes the review as it stands now, e.g. what was agreed this autumn. It never changes.</p>
      <label htmlFor={`${id}-label`}>Label</label>
      <input id={`${id}-label`} name="label" required maxLength={120} placeholder="Autumn 2026 agreed" />
      <button type="submit" disabled={state.busy}>
        {state.busy ? 'Taking…' : 'Take snapshot'}
      </button>
      <p role="status" className="form-status">
        {state.message}
      </p>
      {state.error && (
        <p role="alert" className="error">
          {state.error}
        </p>
      )}
    </form>
  );
}

function StartNextTerm({ review }: { review: Review }) {
  const [, navigate] = useLocation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const next = await cyclesApi.startNextTerm(review.id, {
        title: formText(data, 'title'),
        carryFocus: data.get('carryFocus') === 'on',
        upgrade: data.get('upgrade') === 'on',
      });
      navigate(`/reviews/${next.id}`);
    } catch (e) {
      setBusy(false);
      setError((e as Error).message);
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Start next term’s review</h3>
      <p className="muted">
        The same framework and the same people in the same roles; each row shows this term’s rating as “Last time”.
      </p>
      <label htmlFor={`${id}-title`}>Title</label>
      <input id={`${id}-title`} name="title" required maxLength={200} defaultValue={`${review.title} — next term`} />
      <label className="check">
        <input type="checkbox" name="carryFocus" defaultChecked /> Carry the development foci forward
      </label>
      <label className="check">
        <input type="checkbox" name="upgrade" /> Use the newest version of the framework (unchanged criteria keep last
        time’s ratings)
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Starting…' : 'Start next term’s review'}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

function CompareForm({
  reviewId,
  options,
  defaultFrom,
}: {
  reviewId: string;
  options: { value: string; label: string }[];
  /** The latest snapshot, else last term, else now. */
  defaultFrom: string;
}) {
  const [, navigate] = useLocation();
  const id = useId();
  return (
    <form
      className="inline-form"
      aria-labelledby={`${id}-h`}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const from = formText(data, 'from');
        const to = formText(data, 'to');
        navigate(`/reviews/${reviewId}/compare?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
      }}
    >
      <h3 id={`${id}-h`}>Compare</h3>
      <label htmlFor={`${id}-from`}>From</label>
      <select id={`${id}-from`} name="from" defaultValue={defaultFrom}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-to`}>To</label>
      <select id={`${id}-to`} name="to" defaultValue="live">
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="submit">Compare</button>
    </form>
  );
}

/** The review's terms: its place in the chain, its snapshots, comparing, and (facilitators) snapshots and next term. */
export function TermsPanel({ review, cycle }: { review: Review; cycle: Cycle | null }) {
  const [snapshots, reload] = useAsync(() => cyclesApi.snapshots(review.id), [review.id], { keepLast: true });
  const facilitator = review.role === 'facilitator';
  const list = snapshots.status === 'ready' ? snapshots.value : [];
  const options = [
    { value: 'live', label: 'Now (this review as it stands)' },
    ...list.map((s) => ({ value: s.id, label: `Snapshot: ${s.label}` })),
    ...(cycle?.previous?.readable
      ? [{ value: cycle.previous.id, label: `Previous term: ${cycle.previous.title}` }]
      : []),
    ...(cycle?.next ?? []).filter((n) => n.readable).map((n) => ({ value: n.id, label: `Next term: ${n.title}` })),
  ];
  return (
    <div className="terms">
      <section aria-labelledby="terms-chain">
        <h2 id="terms-chain">Terms</h2>
        <ul className="plain">
          {cycle?.previous ? (
            <li>
              Previous term:{' '}
              {cycle.previous.readable ? (
                <Link href={`/reviews/${cycle.previous.id}`}>{cycle.previous.title}</Link>
              ) : (
                cycle.previous.title
              )}{' '}
              <span className="muted">
                (last time’s ratings from{' '}
                {cycle.previous.source.kind === 'live'
                  ? 'the review as it stands'
                  : `the snapshot “${cycle.previous.source.label}”`}
                )
              </span>
            </li>
          ) : (
            <li className="muted">This is the first term of this review.</li>
          )}
          {cycle?.next.map((n) => (
            <li key={n.id}>Next term: {n.readable ? <Link href={`/reviews/${n.id}`}>{n.title}</Link> : n.title}</li>
          ))}
        </ul>
        <p>
          <Link href={`/reviews/${review.id}/trends`}>Trends over the terms</Link>
        </p>
      </section>
      <section aria-labelledby="terms-snapshots">
        <h2 id="terms-snapshots">Snapshots</h2>
        {snapshots.status === 'loading' && <p aria-busy="true">Loading snapshots…</p>}
        {snapshots.status === 'error' && <p role="alert">Could not load snapshots: {snapshots.error.message}</p>}
        {snapshots.status === 'ready' && list.length === 0 && (
          <p className="muted">
            No snapshots yet.{' '}
            {facilitator ? 'Take one when the meeting agrees.' : 'A facilitator takes one when the meeting agrees.'}
          </p>
        )}
        {list.length > 0 && (
          <table className="summary-table snapshots">
            <caption className="visually-hidden">Snapshots of this review</caption>
            <ColumnHeads names={['Snapshot', 'Taken', 'By']} />
            <tbody>
              {[...list].reverse().map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    {s.label}
                    {s.meta.status === 'final' && <span className="badge"> final</span>}
                  </th>
                  <td>
                    <time dateTime={s.createdAt}>{when(s.createdAt)}</time>
                  </td>
                  <td>{s.createdByName ?? '—'}</td>
                  <td className="actions">
                    <Link href={`/reviews/${review.id}/snapshots/${s.id}`}>
                      View<span className="visually-hidden"> {s.label}</span>
                    </Link>
                    <Link href={`/reviews/${review.id}/compare?from=${s.id}&to=live`}>
                      Compare with now<span className="visually-hidden"> ({s.label})</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {facilitator && <TakeSnapshot reviewId={review.id} onTaken={reload} />}
      </section>
      <section aria-label="Compare and next term" className="terms-actions">
        {/* Remounted when the choices arrive, so "From" starts at the latest snapshot or last term. */}
        <CompareForm
          key={options.map((o) => o.value).join(' ')}
          reviewId={review.id}
          options={options}
          defaultFrom={list.at(-1)?.id ?? (cycle?.previous?.readable ? cycle.previous.id : 'live')}
        />
        {facilitator && <StartNextTerm review={review} />}
      </section>
    </div>
  );
}
