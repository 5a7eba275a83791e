import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Framework } from '../../shared/framework/schema.ts';
import type { ReviewDoc } from '../../shared/review/accessors.ts';
import { RAG, type Action, type ActionEntry, type Priority } from '../../shared/review/decisions.ts';
import { useGrid } from '../grid/context.ts';
import { useReturnFocus } from './return-focus.ts';
import { actions } from '../../shared/review/roots/actions.ts';
import { useRootsVersion } from '../doc/hooks.ts';

type FieldKind = 'text' | 'textarea' | 'date' | 'rag' | 'criterion' | 'priority';
interface Field {
  key: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
}

/** Milton Keynes' template labels its columns in the source's words; other frameworks get plain ones. */
function fieldsOf(fw: Framework) {
  const table = fw.tables?.find((t) => t.id === 'action-plan');
  const col = (id: string, fallback: string) => table?.columns.find((c) => c.id === id)?.label ?? fallback;
  const template = table !== undefined;
  const priority: Field[] = [
    { key: 'title', label: template ? (table.rowHeader ?? 'Priority') : 'Priority', kind: 'text', required: true },
    { key: 'currentPosition', label: col('current-position', 'Current position'), kind: 'textarea' },
    { key: 'successCriteria', label: col('success-criteria', 'Success criteria'), kind: 'textarea' },
    { key: 'targets', label: col('targets', 'Targets'), kind: 'textarea' },
    { key: 'evaluation', label: col('evaluation', 'Evaluation & responsible'), kind: 'text' },
    { key: 'howOften', label: col('how-often', 'How often'), kind: 'text' },
    { key: 'criterion', label: 'Linked criterion', kind: 'criterion' },
  ];
  const action: Field[] = template
    ? [
        { key: 'what', label: col('activity', 'Activity'), kind: 'textarea', required: true },
        { key: 'owner', label: col('lead', 'Lead'), kind: 'text' },
        { key: 'start', label: col('start', 'Start'), kind: 'date' },
        { key: 'due', label: col('target-completion-date', 'Target completion date'), kind: 'date' },
        { key: 'resources', label: col('resources', 'Resources'), kind: 'text' },
        { key: 'objectives', label: col('objectives', 'Objective(s)'), kind: 'text' },
        { key: 'monitoring', label: col('monitoring', 'Monitoring'), kind: 'text' },
        { key: 'progress', label: col('progress', 'Progress'), kind: 'textarea' },
        { key: 'rag', label: 'Progress RAG', kind: 'rag' },
        { key: 'criterion', label: 'Linked criterion', kind: 'criterion' },
        { key: 'priority', label: 'Priority', kind: 'priority' },
      ]
    : [
        { key: 'what', label: 'Action', kind: 'textarea', required: true },
        { key: 'owner', label: 'Owner', kind: 'text' },
        { key: 'due', label: 'Due date', kind: 'date' },
        { key: 'successCriteria', label: 'Success criteria', kind: 'textarea' },
        { key: 'progress', label: 'Progress', kind: 'textarea' },
        { key: 'rag', label: 'Progress RAG', kind: 'rag' },
        { key: 'criterion', label: 'Linked criterion', kind: 'criterion' },
        { key: 'priority', label: 'Priority', kind: 'priority' },
      ];
  return {
    template,
    priority,
    action,
    priorityName: template ? (table.rowHeader ?? 'Priority') : 'Priority',
    actionName: template ? 'activity' : 'action',
  };
}

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

const ragLabel: Record<string, string> = { red: 'Red', amber: 'Amber', green: 'Green' };
const dateText = (d: string | undefined): string =>
  d
    ? new Date(`${d}T00:00:00Z`).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      })
    : '';

function criterionName(fw: Framework, id: string | undefined): string {
  if (!id) return '';
  const c = fw.sections.flatMap((s) => s.criteria).find((x) => x.id === id);
  return c ? `${c.code ? `${c.code} ` : ''}${c.title}` : id;
}

/** One form for adding or changing a priority or an action; only filled optional fields are kept. */
function EntryForm({
  fields,
  initial,
  title,
  priorities,
  onSave,
  onCancel,
}: {
  fields: Field[];
  initial: Record<string, unknown>;
  title: string;
  priorities: Priority[];
  onSave: (values: Record<string, string | undefined>) => void;
  onCancel: () => void;
}) {
  const { review } = useGrid();
  const id = useId();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      fields.map((f) => [f.key, typeof initial[f.key] === 'string' ? (initial[f.key] as string) : '']),
    ),
  );
  const [error, setError] = useState<string | null>(null);
  const set = (key: string, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = fields.find((f) => f.required && !values[f.key]?.trim());
    if (missing) return setError(`${missing.label} is needed.`);
    const out: Record<string, string | undefined> = {};
    for (const f of fields) {
      const v = values[f.key] ?? '';
      out[f.key] = ['date', 'rag', 'criterion', 'priority'].includes(f.kind) && v === '' ? undefined : v;
    }
    try {
      onSave(out);
    } catch (e) {
      setError(e instanceof Error ? e.message.split('\n')[0]! : String(e));
    }
  };
  const criteria = review.framework.sections.flatMap((s) => s.criteria);
  return (
    <form className="entry-form" onSubmit={submit} aria-label={title}>
      <div className="entry-fields">
        {fields
          .filter((f) => f.kind !== 'priority' || priorities.length > 0)
          .map((f, i) => {
            const fid = `${id}-${f.key}`;
            const common = {
              id: fid,
              // The form opens where the person asked for it: its first field takes the focus.
              autoFocus: i === 0,
              value: values[f.key] ?? '',
              onChange: (e: { target: { value: string } }) => set(f.key, e.target.value),
            };
            return (
              <div key={f.key} className={`entry-field entry-${f.kind}`}>
                <label htmlFor={fid}>
                  {f.label}
                  {f.required && <span aria-hidden="true"> *</span>}
                </label>
                {f.kind === 'textarea' && <textarea {...common} rows={2} maxLength={5000} aria-required={f.required} />}
                {f.kind === 'text' && (
                  <input
                    type="text"
                    {...common}
                    maxLength={f.key === 'title' ? 500 : 2000}
                    aria-required={f.required}
                  />
                )}
                {f.kind === 'date' && <input type="date" {...common} />}
                {f.kind === 'rag' && (
                  <select {...common}>
                    <option value="">Not set</option>
                    {RAG.map((r) => (
                      <option key={r} value={r}>
                        {ragLabel[r]}
                      </option>
                    ))}
                  </select>
                )}
                {f.kind === 'criterion' && (
                  <select {...common}>
                    <option value="">None</option>
                    {criteria.map((c) => (
                      <option key={c.id} value={c.id}>
                        {criterionName(review.framework, c.id)}
                      </option>
                    ))}
                  </select>
                )}
                {f.kind === 'priority' && (
                  <select {...common}>
                    <option value="">None</option>
                    {priorities.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.title}
                      </option>
                    ))}
                  </select>
                )}
              </div>
            );
          })}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="primary">
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Remove, then confirm: two buttons, no dialog. The server lets only the author or a facilitator remove. */
function RemoveButton({ name, onRemove }: { name: string; onRemove: () => void }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <button type="button" onClick={() => setConfirming(true)}>
        Remove <span className="visually-hidden">{name}</span>
      </button>
    );
  return (
    <span className="inline-confirm" role="group" aria-label={`Remove ${name}?`}>
      <span>Remove?</span>
      <button type="button" className="danger" onClick={onRemove} autoFocus>
        Yes, remove <span className="visually-hidden">{name}</span>
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  );
}

function useEditing() {
  const { live, readOnly } = useGrid();
  const canEdit = !readOnly && live !== undefined && live.role !== 'observer';
  const mayRemove = (e: ActionEntry) => canEdit && (live?.role === 'facilitator' || e.by === live?.me.id);
  return { canEdit, mayRemove, me: live?.me };
}

function ActionsTable({
  review,
  actions,
  caption,
  priorities,
  fields,
}: {
  review: ReviewDoc;
  actions: Action[];
  caption: string;
  priorities: Priority[];
  fields: Field[];
}) {
  const { canEdit, mayRemove, me } = useEditing();
  const [editing, setEditing] = useState<string | null>(null);
  const [lastEdited, setLastEdited] = useState<string | null>(null);
  const container = useRef<HTMLDivElement>(null);
  useReturnFocus(editing !== null, container, `tr[data-action="${lastEdited ?? ''}"] button`);
  const shown = fields.filter((f) => f.kind !== 'priority');
  if (actions.length === 0) return null;
  return (
    <div className="scroll-x" ref={container}>
      <table className="record-table action-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {shown.map((f) => (
              <th key={f.key} scope="col">
                {f.label}
              </th>
            ))}
            {canEdit && (
              <th scope="col">
                <span className="visually-hidden">Changes</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {actions.map((a) =>
            editing === a.id && me ? (
              <tr key={a.id}>
                <td colSpan={shown.length + 1}>
                  <EntryForm
                    fields={fields}
                    initial={a}
                    title={`Change: ${a.what}`}
                    priorities={priorities}
                    onCancel={() => setEditing(null)}
                    onSave={(v) => {
                      review.updateActionEntry(a.id, v, me);
                      setEditing(null);
                    }}
                  />
                </td>
              </tr>
            ) : (
              <tr key={a.id} data-action={a.id}>
                {shown.map((f) => (
                  <td key={f.key} data-field={f.key}>
                    {f.kind === 'date'
                      ? dateText(a[f.key as 'start' | 'due'])
                      : f.kind === 'rag'
                        ? a.rag && <span className={`rag rag-${a.rag}`}>{ragLabel[a.rag]}</span>
                        : f.kind === 'criterion'
                          ? criterionName(review.framework, a.criterion)
                          : String(a[f.key as keyof Action] ?? '')}
                  </td>
                ))}
                {canEdit && (
                  <td className="row-actions">
                    <button
                      type="button"
                      onClick={() => {
                        setEditing(a.id);
                        setLastEdited(a.id);
                      }}
                    >
                      Edit <span className="visually-hidden">{a.what}</span>
                    </button>
                    {mayRemove(a) && (
                      <RemoveButton name={a.what} onRemove={() => review.removeActionEntry(a.id, me!)} />
                    )}
                  </td>
                )}
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

function PriorityBlock({
  review,
  priority,
  actions,
  all,
  config,
  index,
}: {
  review: ReviewDoc;
  priority: Priority;
  actions: Action[];
  all: Priority[];
  config: ReturnType<typeof fieldsOf>;
  index: number;
}) {
  const { canEdit, mayRemove, me } = useEditing();
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const container = useRef<HTMLElement>(null);
  useReturnFocus(editing, container, '.edit-priority');
  useReturnFocus(adding, container, '.add-activity');
  const headingId = useId();
  const details = config.priority.filter((f) => f.key !== 'title');
  return (
    <section className="priority card" aria-labelledby={headingId} data-priority={priority.id} ref={container}>
      <h3 id={headingId}>
        {config.priorityName} {index + 1}: {priority.title}
      </h3>
      {editing && me ? (
        <EntryForm
          fields={config.priority}
          initial={priority}
          title={`Change ${config.priorityName} ${index + 1}`}
          priorities={[]}
          onCancel={() => setEditing(false)}
          onSave={(v) => {
            review.updateActionEntry(priority.id, v, me);
            setEditing(false);
          }}
        />
      ) : (
        <dl className="priority-details">
          {details.map((f) => {
            const value =
              f.kind === 'criterion'
                ? criterionName(review.framework, priority.criterion)
                : String(priority[f.key as keyof Priority] ?? '');
            return (
              <div key={f.key}>
                <dt>{f.label}</dt>
                <dd>{value || <span className="muted">—</span>}</dd>
              </div>
            );
          })}
        </dl>
      )}
      {canEdit && !editing && (
        <div className="button-row">
          <button type="button" className="edit-priority" onClick={() => setEditing(true)}>
            Edit <span className="visually-hidden">{priority.title}</span>
          </button>
          {mayRemove(priority) && (
            <RemoveButton
              name={`${priority.title} and its ${config.actionName === 'activity' ? 'activities' : 'actions'}`}
              onRemove={() => review.removeActionEntry(priority.id, me!, mayRemove)}
            />
          )}
        </div>
      )}
      <h4>{config.template ? 'Activities' : 'Actions'}</h4>
      {actions.length === 0 && <p className="muted">No {config.actionName} yet.</p>}
      <ActionsTable
        review={review}
        actions={actions}
        caption={`${config.template ? 'Activities' : 'Actions'} for ${priority.title}`}
        priorities={all}
        fields={config.action}
      />
      {canEdit &&
        me &&
        (adding ? (
          <EntryForm
            fields={config.action.filter((f) => f.kind !== 'priority')}
            initial={{}}
            title={`New ${config.actionName} for ${priority.title}`}
            priorities={[]}
            onCancel={() => setAdding(false)}
            onSave={(v) => {
              review.addAction({ ...v, what: v.what ?? '', priority: priority.id }, me);
              setAdding(false);
            }}
          />
        ) : (
          <button type="button" className="add-activity" onClick={() => setAdding(true)}>
            Add an {config.actionName} <span className="visually-hidden">to {priority.title}</span>
          </button>
        ))}
    </section>
  );
}

/** The action plan: priorities with their activity rows (Milton Keynes' template), and actions on their own. */
export function ActionPlanPanel() {
  const { review } = useGrid();
  const { canEdit, me } = useEditing();
  const version = useRootsVersion(review, [actions]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- recomputed whenever the plan changes
  const plan = useMemo(() => review.actionPlan(), [review, version]);
  const config = fieldsOf(review.framework);
  const [adding, setAdding] = useState<'priority' | 'action' | null>(null);
  const container = useRef<HTMLElement>(null);
  useReturnFocus(adding !== null, container, '.plan-add button');
  const priorities = plan.priorities.map((p) => p.priority);
  const empty = plan.priorities.length === 0 && plan.actions.length === 0;
  return (
    <section className="action-plan" aria-labelledby="action-plan-heading" ref={container}>
      <h2 id="action-plan-heading">Action plan</h2>
      <p className="muted">
        {config.template
          ? `One block per ${config.priorityName.toLowerCase()}: its current position, success criteria, targets and how often they are evaluated, then its activities. `
          : 'What will be done, by whom and when, and how it is going. '}
        Anyone who may edit adds and changes entries; only an entry&apos;s author or a facilitator removes it. A
        criterion&apos;s development focus can become an action from the grid (&ldquo;Make an action&rdquo;).
      </p>
      <p role="status" className="summary-status">
        {count(plan.priorities.length, config.priorityName.toLowerCase(), 'priorities')} and{' '}
        {count(
          plan.priorities.reduce((n, p) => n + p.actions.length, 0) + plan.actions.length,
          config.template ? 'activity or action' : 'action',
          config.template ? 'activities and actions' : 'actions',
        )}
        .
      </p>
      {empty && <p className="empty">Nothing in the action plan yet.</p>}
      {plan.priorities.map((p, i) => (
        <PriorityBlock
          key={p.priority.id}
          review={review}
          priority={p.priority}
          actions={p.actions}
          all={priorities}
          config={config}
          index={i}
        />
      ))}
      {plan.actions.length > 0 && (
        <section className="card" aria-labelledby="actions-alone">
          <h3 id="actions-alone">{plan.priorities.length > 0 ? 'Actions without a priority' : 'Actions'}</h3>
          <ActionsTable
            review={review}
            actions={plan.actions}
            caption={plan.priorities.length > 0 ? 'Actions without a priority' : 'Actions'}
            priorities={priorities}
            fields={config.action}
          />
        </section>
      )}
      {canEdit && me && (
        <div className="plan-add">
          {adding === 'priority' && (
            <EntryForm
              fields={config.priority}
              initial={{}}
              title={`New ${config.priorityName.toLowerCase()}`}
              priorities={[]}
              onCancel={() => setAdding(null)}
              onSave={(v) => {
                review.addPriority({ ...v, title: v.title ?? '' }, me);
                setAdding(null);
              }}
            />
          )}
          {adding === 'action' && (
            <EntryForm
              fields={config.action}
              initial={{}}
              title="New action"
              priorities={priorities}
              onCancel={() => setAdding(null)}
              onSave={(v) => {
                review.addAction({ ...v, what: v.what ?? '' }, me);
                setAdding(null);
              }}
            />
          )}
          {adding === null && (
            <div className="button-row">
              <button type="button" className="primary" onClick={() => setAdding('priority')}>
                Add a{config.template ? 'n' : ''} {config.priorityName.toLowerCase()}
              </button>
              <button type="button" onClick={() => setAdding('action')}>
                Add an action
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
