import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type { ReviewDoc } from '../../shared/review/accessors.ts';
import { judgeReview } from '../../shared/review/judgement.ts';
import { NO_PHASE } from '../../shared/review/keys.ts';
import { Dashboard } from '../grid/summary/Dashboard.tsx';
import { labelsOf } from '../grid/summary/labels.ts';

/** True while the browser prints (or shows its print preview) the page. */
function usePrinting(): boolean {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    // Rendered synchronously, before the browser lays out the printed pages.
    const on = () => flushSync(() => setPrinting(true));
    const off = () => setPrinting(false);
    const media = window.matchMedia('print');
    const onMedia = (event: MediaQueryListEvent) => (event.matches ? on() : off());
    window.addEventListener('beforeprint', on);
    window.addEventListener('afterprint', off);
    media.addEventListener('change', onMedia);
    return () => {
      window.removeEventListener('beforeprint', on);
      window.removeEventListener('afterprint', off);
      media.removeEventListener('change', onMedia);
    };
  }, []);
  return printing;
}

function Record({ review }: { review: ReviewDoc }) {
  const framework = review.framework;
  const labels = labelsOf(framework);
  const judgement = judgeReview(review);
  const rating = (id: string | undefined) => {
    if (id === undefined) return 'Not rated';
    const level = labels.level(id);
    const label = labels.rating(id);
    return level?.code && level.code !== label ? `${label} (${level.code})` : label;
  };
  return (
    <>
      <h2>Summary</h2>
      <Dashboard review={review} overalls={judgement.overalls} labels={labels} />
      <h2>Ratings, development focus and evidence</h2>
      {framework.sections.map((section) => (
        <section key={section.id} className="print-section">
          <h3>
            {section.code && !section.title.startsWith(section.code)
              ? `${section.code} ${section.title}`
              : section.title}
          </h3>
          {section.criteria.map((criterion) => {
            const phases = review.model.phasesOf.get(criterion.id) ?? [NO_PHASE];
            const items = review.evidenceItems(criterion.id).toArray();
            const lock = review.lockOf(criterion.id);
            return (
              <article key={criterion.id} className="print-criterion">
                <h4>{criterion.code ? `${criterion.code} ${criterion.title}` : criterion.title}</h4>
                <ul className="print-ratings">
                  {framework.tracks.map((track) => (
                    <li key={track.id}>
                      <strong>{track.label}:</strong>{' '}
                      {phases
                        .map((p) =>
                          p === NO_PHASE
                            ? rating(review.getRating(track.id, criterion.id, p))
                            : `${labels.phase(p)}: ${rating(review.getRating(track.id, criterion.id, p))}`,
                        )
                        .join(' · ')}
                    </li>
                  ))}
                  {phases.some((p) => review.getAgreed(criterion.id, p) !== undefined) && (
                    <li>
                      <strong>Agreed:</strong>{' '}
                      {phases
                        .map((p) =>
                          p === NO_PHASE
                            ? rating(review.getAgreed(criterion.id, p))
                            : `${labels.phase(p)}: ${rating(review.getAgreed(criterion.id, p))}`,
                        )
                        .join(' · ')}
                    </li>
                  )}
                  {lock && <li>Locked by {lock.byName}</li>}
                </ul>
                {framework.tracks.map((track) => {
                  const who = framework.tracks.length > 1 ? ` (${track.label})` : '';
                  const focus = review.focus(track.id, criterion.id).toString();
                  const evidence = review.evidence(track.id, criterion.id).toString();
                  return (
                    <div key={track.id}>
                      {focus.trim() && (
                        <p className="print-text">
                          <strong>Development focus{who}:</strong> {focus}
                        </p>
                      )}
                      {evidence.trim() && (
                        <p className="print-text">
                          <strong>Evidence{who}:</strong> {evidence}
                        </p>
                      )}
                    </div>
                  );
                })}
                {items.length > 0 && (
                  <ul className="print-items">
                    {items.map((item) => (
                      <li key={item.id}>
                        {item.text}
                        {item.url ? ` <${item.url}>` : ''} ({item.byName})
                      </li>
                    ))}
                  </ul>
                )}
              </article>
            );
          })}
        </section>
      ))}
      <PrintTables review={review} />
    </>
  );
}

/** The framework's tables and forms as filled in (on screen they open one at a time). */
function PrintTables({ review }: { review: ReviewDoc }) {
  const framework = review.framework;
  const text = (get: () => { toString(): string }) => {
    try {
      return get().toString();
    } catch {
      return '';
    }
  };
  return (
    <>
      {(framework.tables ?? []).map((table) => {
        const rows = [
          ...table.rows.map((r) => ({ id: r.id, label: r.label })),
          ...review
            .addedRows(table.id)
            .toArray()
            .map((r, i) => ({ id: r.id, label: `${table.rowHeader ?? 'Row'} ${table.rows.length + i + 1}` })),
        ];
        return (
          <section key={table.id} className="print-section">
            <h2>{table.title}</h2>
            {rows.length === 0 ? (
              <p>Nothing recorded.</p>
            ) : (
              <table className="print-table">
                <thead>
                  <tr>
                    <th scope="col">{table.rowHeader ?? ''}</th>
                    {table.columns.map((c) => (
                      <th key={c.id} scope="col">
                        {c.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.id}>
                      <th scope="row">{row.label}</th>
                      {table.columns.map((c) => (
                        <td key={c.id}>{text(() => review.cell(table.id, row.id, c.id))}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        );
      })}
      {(framework.forms ?? []).map((form) => (
        <section key={form.id} className="print-section">
          <h2>{form.title}</h2>
          {[{ id: NO_PHASE, title: '', fields: form.fields ?? [] }, ...form.sections].map((section) => (
            <dl key={section.id} className="print-form">
              {section.title && <h3>{section.title}</h3>}
              {section.fields.map((field) => (
                <div key={field.id}>
                  <dt>{field.label}</dt>
                  <dd>
                    {field.kind === 'grade'
                      ? (form.grades?.find((g) => g.id === review.getFormGrade(form.id, section.id, field.id))?.label ??
                        '')
                      : text(() => review.formText(form.id, section.id, field.id))}
                  </dd>
                </div>
              ))}
            </dl>
          ))}
        </section>
      ))}
    </>
  );
}

/**
 * What the browser's print of a review adds to the grid: the summary dashboard and, per
 * criterion, every judgement, focus and evidence (which the screen shows one criterion at a
 * time). Built only while printing, from the document as it is then.
 */
export function PrintRecord({ review }: { review: ReviewDoc }) {
  const printing = usePrinting();
  return <div className="print-record">{printing && <Record review={review} />}</div>;
}
