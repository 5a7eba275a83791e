import { Descriptor } from '../grid/Descriptor.tsx';
import { lazy, Suspense, useState } from 'react';
import type { Form } from '../../shared/framework/schema.ts';
import type { Framework } from '../../shared/framework/schema.ts';
import { NO_PHASE } from '../../shared/review/keys.ts';
import { useFormField } from '../doc/hooks.ts';
import { useGrid } from '../grid/context.ts';

const CollabText = lazy(() => import('../editor/CollabText.tsx'));

function GradeField({ form, section, field, label }: { form: Form; section: string; field: string; label: string }) {
  const { review, readOnly } = useGrid();
  const value = useFormField(review, form.id, section, field);
  return (
    <label className="grade-field">
      {label}{' '}
      <select
        value={typeof value === 'string' ? value : ''}
        disabled={readOnly}
        onChange={(e) => review.setFormGrade(form.id, section, field, e.target.value || null)}
      >
        <option value="">Not graded</option>
        {(form.grades ?? []).map((g) => (
          <option key={g.id} value={g.id}>
            {g.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function Fields({ form, section, fields }: { form: Form; section: string; fields: NonNullable<Form['fields']> }) {
  const { review, awareness, readOnly } = useGrid();
  return (
    <div className="form-fields">
      {fields.map((f) =>
        f.kind === 'grade' ? (
          <GradeField key={f.id} form={form} section={section} field={f.id} label={f.label} />
        ) : (
          <div key={f.id} className="field">
            <h4>{f.label}</h4>
            <CollabText
              text={review.formText(form.id, section, f.id)}
              awareness={awareness}
              label={`${form.title}: ${f.label}`}
              placeholder={f.hint}
              readOnly={readOnly}
            />
          </div>
        ),
      )}
    </div>
  );
}

function FormEditor({ form }: { form: Form }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="table-panel" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h3>{form.title}</h3>
      </summary>
      {form.description && <p className="muted">{form.description}</p>}
      {open && (
        <Suspense fallback={<p aria-busy="true">Loading editor…</p>}>
          {form.fields && form.fields.length > 0 && <Fields form={form} section={NO_PHASE} fields={form.fields} />}
          {form.sections.map((s) => (
            <section key={s.id} className="form-section">
              <h4>{s.title}</h4>
              {s.statements && <Descriptor items={s.statements} />}
              <Fields form={form} section={s.id} fields={s.fields} />
            </section>
          ))}
        </Suspense>
      )}
    </details>
  );
}

/** Forms recorded alongside the rubric, such as the paired-visit form. */
export function FormsPanel({ framework }: { framework: Framework }) {
  if (!framework.forms?.length) return null;
  return (
    <section className="forms" aria-label="Forms">
      <h2>Forms</h2>
      {framework.forms.map((f) => (
        <FormEditor key={f.id} form={f} />
      ))}
    </section>
  );
}
