import { InferredTag } from '../grid/Descriptor.tsx';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ReviewDoc } from '../../shared/review/accessors.ts';
import type { RecordedOverall } from '../../shared/review/decisions.ts';
import {
  applicableLists,
  type CheckList,
  type CriticalCheck,
  type SuggestedOverall,
} from '../../shared/review/overall-scopes.ts';
import { useGrid } from '../grid/context.ts';
import { labelsOf, type SummaryLabels } from '../grid/summary/labels.ts';
import { useReturnFocus } from './return-focus.ts';
import { checks } from '../../shared/review/roots/checks.ts';
import { overalls } from '../../shared/review/roots/overalls.ts';
import { ratings } from '../../shared/review/roots/ratings.ts';
import { useRootsVersion } from '../doc/hooks.ts';

const when = (at: string): string =>
  new Date(at).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

function LevelBadge({ level, labels }: { level: string; labels: SummaryLabels }) {
  const l = labels.level(level);
  return (
    <span className={`rag rag-${labels.rag(level)}`} data-level={level}>
      {l?.code && l.code !== l.label ? `${l.code} ${l.label}` : labels.rating(level)}
    </span>
  );
}

/** The decision form a facilitator fills; the server refuses it from anyone else. */
function RecordForm({
  review,
  suggestion,
  recorded,
  name,
  onDone,
}: {
  review: ReviewDoc;
  suggestion: SuggestedOverall;
  recorded: RecordedOverall | undefined;
  name: string;
  onDone: () => void;
}) {
  const { live } = useGrid();
  const id = useId();
  const [level, setLevel] = useState(recorded?.level ?? suggestion.suggested ?? '');
  const [rationale, setRationale] = useState(recorded?.rationale ?? '');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!live) return;
    if (!level) return setError('Choose a level.');
    if (!rationale.trim()) return setError('Give the rationale: why the meeting decided this.');
    try {
      review.recordOverall(suggestion.track, suggestion.scope, live.me, { level, rationale });
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <form className="overall-form" onSubmit={submit} aria-label={`Record ${name}`}>
      <label htmlFor={`${id}-level`}>{review.framework.scale.label}</label>
      <select id={`${id}-level`} value={level} onChange={(e) => setLevel(e.target.value)} autoFocus>
        <option value="">Choose…</option>
        {review.framework.scale.levels.map((l) => (
          <option key={l.id} value={l.id}>
            {l.code && l.code !== l.label ? `${l.code} ${l.label}` : l.label}
            {l.id === suggestion.suggested ? ' (suggested)' : ''}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-rationale`}>Rationale</label>
      <textarea
        id={`${id}-rationale`}
        value={rationale}
        rows={3}
        maxLength={5000}
        onChange={(e) => setRationale(e.target.value)}
        placeholder="Why the meeting decided this: the evidence, and where it differs from the suggestion"
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="primary">
          Record
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function OverallCard({
  review,
  suggestion,
  scopeLabel,
  labels,
  authoritative,
}: {
  review: ReviewDoc;
  suggestion: SuggestedOverall;
  scopeLabel: string;
  labels: SummaryLabels;
  authoritative: boolean;
}) {
  const { live, readOnly } = useGrid();
  const [editing, setEditing] = useState(false);
  const container = useRef<HTMLElement>(null);
  useReturnFocus(editing, container, '.overall-recorded button');
  const recorded = review.getOverall(suggestion.track, suggestion.scope);
  const isFacilitator = live?.role === 'facilitator' && !readOnly;
  const trackLabel = labels.track(suggestion.track);
  const name = `${scopeLabel}${review.framework.tracks.length > 1 ? ` (${trackLabel})` : ''}`;
  const headingId = useId();
  return (
    <article
      ref={container}
      className="overall-card"
      aria-labelledby={headingId}
      data-track={suggestion.track}
      data-scope={suggestion.scope}
    >
      <h4 id={headingId}>
        {trackLabel}
        {authoritative && <span className="muted"> (stands where judgements differ)</span>}
      </h4>
      <div className="overall-columns">
        <div className="overall-suggested">
          <p>
            <strong>Suggested: </strong>
            {suggestion.suggested ? (
              <LevelBadge level={suggestion.suggested} labels={labels} />
            ) : (
              <span className="muted">nothing yet</span>
            )}
          </p>
          <ul className="overall-reasons" aria-label={`Why ${name} is suggested`}>
            {suggestion.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </div>
        <div className="overall-recorded">
          <p>
            <strong>Recorded: </strong>
            {recorded ? (
              <LevelBadge level={recorded.level} labels={labels} />
            ) : (
              <span className="muted">not yet decided</span>
            )}
          </p>
          {recorded && (
            <>
              <p className="overall-rationale">{recorded.rationale}</p>
              <p className="muted">
                Recorded by {recorded.byName}, {when(recorded.at)}
              </p>
            </>
          )}
          {isFacilitator && !editing && (
            <div className="button-row">
              <button type="button" onClick={() => setEditing(true)}>
                {recorded ? 'Change' : 'Record'} <span className="visually-hidden">{name}</span>
              </button>
              {recorded && live && (
                <button
                  type="button"
                  onClick={() => review.recordOverall(suggestion.track, suggestion.scope, live.me, null)}
                >
                  Clear <span className="visually-hidden">{name}</span>
                </button>
              )}
            </div>
          )}
          {isFacilitator && editing && (
            <RecordForm
              review={review}
              suggestion={suggestion}
              recorded={recorded}
              name={name}
              onDone={() => setEditing(false)}
            />
          )}
        </div>
      </div>
    </article>
  );
}

function CheckLists({ review, lists }: { review: ReviewDoc; lists: CheckList[] }) {
  const { live, readOnly } = useGrid();
  const def = review.overallDefinition;
  const labels = labelsOf(review.framework);
  const disabled = readOnly || !live;
  const schoolType = review.schoolType();
  const conditions = lists.filter((l) => l.kind === 'condition');
  const triggers = lists.filter((l) => l.kind === 'trigger');
  const tick = (list: CheckList, item: string, on: boolean) => {
    if (live) review.setTicked(list.kind, item, live.me, on);
  };
  const listBlock = (list: CheckList, heading: string) => (
    <fieldset key={`${list.kind}-${list.items[0]?.id}`} className="check-list" disabled={disabled}>
      <legend>{heading}</legend>
      {list.items.map((item) => {
        const ticked = review.isTicked(list.kind, item.id);
        return (
          <label key={item.id} className={ticked ? 'ticked' : undefined}>
            <input
              type="checkbox"
              checked={ticked}
              data-check={`${list.kind}/${item.id}`}
              onChange={(e) => tick(list, item.id, e.target.checked)}
            />
            {item.text}
          </label>
        );
      })}
    </fieldset>
  );
  return (
    <>
      {conditions.length > 0 && (
        <section className="summary-block" aria-labelledby="overall-conditions">
          <h3 id="overall-conditions">Conditions that make a judgement no better than a level</h3>
          <p className="muted">Tick any that apply; the suggestion applies them. Anyone who may edit can tick.</p>
          {conditions.map((list) =>
            listBlock(
              list,
              `${list.criteria.map((c) => labels.criterion(c)?.title ?? c).join(', ')}: ${list.title} (${labels.rating(list.level)})`,
            ),
          )}
        </section>
      )}
      {def.schoolTypes.length > 0 && (
        <section className="summary-block" aria-labelledby="overall-triggers">
          <h3 id="overall-triggers">Appendix 1 triggers</h3>
          <p className="muted">
            Evidence that might place the school in category {labels.level(triggers[0]?.level ?? '')?.code ?? ''} (at
            risk). Choose the school&apos;s type, then tick the triggers that apply.
          </p>
          <fieldset className="choice" disabled={disabled}>
            <legend>Type of school</legend>
            {def.schoolTypes.map((t) => (
              <label key={t.id} className={t.id === schoolType ? 'chosen' : undefined}>
                <input
                  type="radio"
                  name="school-type"
                  value={t.id}
                  checked={t.id === schoolType}
                  onChange={() => live && review.setSchoolType(t.id, live.me)}
                />
                {t.label}
              </label>
            ))}
          </fieldset>
          {triggers.map((list) => listBlock(list, list.title))}
        </section>
      )}
    </>
  );
}

/**
 * The LA standards' critical criteria for what has been rated: a minimum can be ticked as not met,
 * a cap as applying; the suggestion applies them.
 */
function CriticalChecks({ review }: { review: ReviewDoc }) {
  const { live, readOnly } = useGrid();
  const labels = labelsOf(review.framework);
  const fw = review.framework;
  const value = (id: string | undefined) => (id ? (labels.level(id)?.value ?? null) : null);
  const groups = new Map<string, CriticalCheck[]>();
  for (const c of review.overallDefinition.critical) {
    const rated = fw.tracks
      .map((t) => value(review.getRating(t.id, c.criterion, c.phase)))
      .filter((v): v is number => v !== null);
    const best = rated.length ? Math.max(...rated) : null;
    const level = value(c.level) ?? 0;
    const relevant =
      review.isTicked('critical', c.id) || (best !== null && (c.role === 'minimum' ? level <= best : level < best));
    if (!relevant) continue;
    const k = `${c.criterion}/${c.phase}`;
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  const disabled = readOnly || !live || live.role === 'observer';
  return (
    <section className="summary-block" aria-labelledby="overall-critical">
      <h3 id="overall-critical">Critical criteria</h3>
      <p className="muted">
        For each rating so far: tick a critical criterion of its level (or a better one) that is not met, or one of a
        lower level that applies. The suggestion then takes the criterion no higher than the source allows.
      </p>
      {groups.size === 0 && <p className="muted">Nothing rated yet at a level with critical criteria.</p>}
      {[...groups.values()].map((items) => {
        const first = items[0]!;
        const criterion = labels.criterion(first.criterion);
        return (
          <fieldset key={`${first.criterion}/${first.phase}`} className="check-list" disabled={disabled}>
            <legend>
              {criterion?.code ?? first.criterion} {criterion?.title}
              {first.phase !== '-' && ` — ${labels.phase(first.phase)}`}
            </legend>
            {items.map((c) => {
              const ticked = review.isTicked('critical', c.id);
              return (
                <label key={c.id} className={ticked ? 'ticked' : undefined}>
                  <input
                    type="checkbox"
                    checked={ticked}
                    data-check={`critical/${c.id}`}
                    onChange={(e) => live && review.setTicked('critical', c.id, live.me, e.target.checked)}
                  />
                  <span>
                    <span className="muted">
                      {c.role === 'minimum'
                        ? `Not met (a minimum for ${labels.rating(c.level)}): `
                        : `Applies (then no better than ${labels.rating(c.cap)}): `}
                    </span>
                    {c.text}
                    {c.inferred && (
                      <>
                        {' '}
                        <InferredTag why={c.inferred} />
                      </>
                    )}
                  </span>
                </label>
              );
            })}
          </fieldset>
        );
      })}
    </section>
  );
}

/** The overall judgements: what the rules suggest and why, beside what the meeting recorded. */
export function OverallPanel() {
  const { review, live } = useGrid();
  const version = useRootsVersion(review, [ratings, overalls, checks]);
  const suggestions = useMemo(
    () => review.suggestedOveralls(),
    // Recomputed whenever a rating, overall or tick changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [review, version],
  );
  const labels = labelsOf(review.framework);
  const def = review.overallDefinition;
  const lists = applicableLists(def, review.schoolType());
  const authoritative = review.framework.tracks.find((t) => t.authoritative)?.id;
  const recordedCount = suggestions.filter((s) => review.getOverall(s.track, s.scope)).length;
  return (
    <section className="summary-panel overall-panel" aria-labelledby="overall-heading">
      <h2 id="overall-heading">Overall judgements</h2>
      <p className="muted">
        The suggestion applies the framework&apos;s rules to the ratings so far and says why; it only advises. The
        overall is what the meeting decides, recorded with its rationale by a facilitator
        {live?.role === 'facilitator' ? ' (you)' : ''}, and is what exports show.
      </p>
      <p role="status" className="summary-status">
        {recordedCount} of {suggestions.length} overall {suggestions.length === 1 ? 'judgement' : 'judgements'}{' '}
        recorded.
      </p>
      <CheckLists review={review} lists={lists} />
      {def.critical.length > 0 && <CriticalChecks review={review} />}
      {def.scopes.map((scope) => (
        <section key={scope.id} className="summary-block overall-scope" aria-labelledby={`scope-${scope.id}`}>
          <h3 id={`scope-${scope.id}`}>{scope.label}</h3>
          {suggestions
            .filter((s) => s.scope === scope.id)
            .map((s) => (
              <OverallCard
                key={s.track}
                review={review}
                suggestion={s}
                scopeLabel={scope.label}
                labels={labels}
                authoritative={s.track === authoritative}
              />
            ))}
        </section>
      ))}
    </section>
  );
}
