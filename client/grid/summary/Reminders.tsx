import { InferredTag } from '../Descriptor.tsx';
import type { Reminder } from '../../../shared/review/judgement.ts';
import { NO_PHASE } from '../../../shared/review/keys.ts';
import { criterionName, type SummaryLabels } from './labels.ts';

function ReminderBody({ reminder, labels }: { reminder: Reminder; labels: SummaryLabels }) {
  const rated = labels.rating(reminder.rated);
  switch (reminder.kind) {
    case 'any-condition':
      return (
        <>
          <p>
            Rated {rated}: check none of these applies. <span className="muted">{reminder.text}</span>
          </p>
          <ul>
            {reminder.conditions.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </>
      );
    case 'evidence-of-impact':
      return (
        <p>
          Rated {rated}: {reminder.text}
        </p>
      );
    case 'critical-minimum':
      return (
        <>
          <p>Critical criteria for {rated}: necessary, not sufficient.</p>
          <ul>
            {reminder.items.map((item, i) => (
              <li key={i}>
                {item.text}
                {item.criticalBasis?.source === 'inferred' && (
                  <>
                    {' '}
                    <InferredTag why={item.criticalBasis.why} />
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      );
    case 'critical-cap':
      return (
        <>
          <p>If any of these applies, rate no higher than {labels.rating(reminder.cap)}.</p>
          <ul>
            {reminder.items.map((item, i) => (
              <li key={i}>
                {item.text}
                {item.criticalBasis?.source === 'inferred' && (
                  <>
                    {' '}
                    <InferredTag why={item.criticalBasis.why} />
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      );
  }
}

/** Reminders of one rating together; the judgement lists them in rating order already. */
function byRating(reminders: Reminder[]): Map<string, Reminder[]> {
  const groups = new Map<string, Reminder[]>();
  for (const r of reminders) {
    const place = `${r.track}/${r.criterion}/${r.phase}`;
    groups.set(place, [...(groups.get(place) ?? []), r]);
  }
  return groups;
}

/** The rules' reminders, one entry per rating they apply to. */
export function Reminders({ reminders, labels }: { reminders: Reminder[]; labels: SummaryLabels }) {
  const groups = byRating(reminders);
  return (
    <section className="summary-block" aria-labelledby="summary-reminders">
      <h3 id="summary-reminders">Reminders from the rules</h3>
      {groups.size === 0 ? (
        <p className="muted">No reminders for the ratings so far.</p>
      ) : (
        <ul className="summary-list">
          {[...groups].map(([place, group]) => {
            const first = group[0];
            if (!first) return null;
            return (
              <li key={place} className="summary-reminder" data-criterion={first.criterion} data-phase={first.phase}>
                <p className="summary-criterion">
                  <strong>{criterionName(labels, first.criterion)}</strong>
                  {first.phase !== NO_PHASE && <> — {labels.phase(first.phase)}</>}, {labels.track(first.track)}
                </p>
                {group.map((r, i) => (
                  <ReminderBody key={i} reminder={r} labels={labels} />
                ))}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
