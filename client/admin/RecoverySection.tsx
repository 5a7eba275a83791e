import { StatusBadge } from '../record/StatusBadge.tsx';
import { formText } from '../useAsync.ts';
import type { OrphanedReview, Person } from './api.ts';
import { adminApi } from './api.ts';
import type { ActionState } from './useAction.ts';

/** Reviews whose facilitators have all left or been disabled: make someone facilitator. */
export function RecoverySection({
  reviews,
  people,
  action,
}: {
  reviews: OrphanedReview[];
  people: Person[];
  action: ActionState;
}) {
  const active = people.filter((p) => !p.disabledAt);
  return (
    <section aria-labelledby="recovery-heading" className="admin-section">
      <h2 id="recovery-heading">Reviews without a facilitator</h2>
      <p className="muted">
        Only a facilitator can invite people, change roles or unlock criteria. When every facilitator of a review has
        left or been disabled, make someone else its facilitator here.
      </p>
      {reviews.length === 0 ? (
        <p className="empty">Every review has a facilitator.</p>
      ) : (
        <ul className="admin-list">
          {reviews.map((r) => {
            const stayed = r.members.filter((m) => active.some((p) => p.id === m.userId));
            return (
              <li key={r.id} className="card admin-card">
                <h3>
                  {r.title} <StatusBadge status={r.status} />
                </h3>
                <p className="muted">
                  {r.workspaceName ?? 'No workspace'} · last change{' '}
                  <time dateTime={r.updatedAt}>{new Date(r.updatedAt).toLocaleString('en-GB')}</time> ·{' '}
                  {r.members.length === 0
                    ? 'no one is in it'
                    : r.members.map((m) => `${m.name} (${m.role})`).join(', ')}
                </p>
                <form
                  className="admin-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const person = active.find((p) => p.id === formText(new FormData(e.currentTarget), 'userId'));
                    if (!person) return;
                    action.run(
                      () => adminApi.rescue(r.id, person.id),
                      `${person.name} is now a facilitator of "${r.title}".`,
                    );
                  }}
                >
                  <label>
                    New facilitator of {r.title}{' '}
                    <select name="userId" required defaultValue={stayed[0]?.userId ?? ''}>
                      <option value="" disabled>
                        Choose a person
                      </option>
                      {active.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.name} ({p.email})
                        </option>
                      ))}
                    </select>
                  </label>
                  <button type="submit">Make facilitator</button>
                </form>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
