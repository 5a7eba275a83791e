import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { readYaml } from '../../shared/framework/read-yaml.ts';
import { validateFramework, type FrameworkIssue } from '../../shared/framework/validate.ts';
import {
  itemsToLines,
  linesToItems,
  linesToLinks,
  linesToList,
  linksToLines,
} from '../../shared/framework/descriptor-lines.ts';
import { api, ApiError } from '../api.ts';
import { advancedPart, downloadYaml, getIn, modelledKeys, setIn, toYaml, type Draft, type Path } from './draft.ts';
import { Field, IssuesContext, LinesField, PathIssues } from './fields.tsx';

type Obj = Record<string, unknown>;
const asList = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Put focus on the field for an issue's path, or the nearest field above it, opening its criterion. */
export function focusPath(path: string): void {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const key = parts.slice(0, n).join('.');
    const el = document.querySelector<HTMLElement>(`[data-path="${CSS.escape(key)}"]`);
    if (!el) continue;
    for (let d = el.closest('details'); d; d = d.parentElement?.closest('details') ?? null) d.open = true;
    el.focus();
    el.scrollIntoView({ block: 'center' });
    return;
  }
}

export interface EditorSetup {
  draft: Draft;
  /** Saving a new version of this id (the id is fixed), or a new framework (the id is the author's). */
  mode: 'version' | 'new';
  /** Where it may be published: fixed for a new version; a choice for a new framework. */
  scopes: { value: string; label: string }[];
  /** The version it started from, for the comparison link. */
  from?: { id: string; version: number; title: string };
}

type SaveState =
  | { status: 'idle' }
  | { status: 'busy' }
  | { status: 'saved'; id: string; version: number }
  | { status: 'error'; message: string };

function Row({
  children,
  onRemove,
  removeLabel,
}: {
  children: React.ReactNode;
  onRemove?: () => void;
  removeLabel: string;
}) {
  return (
    <div className="editor-row">
      {children}
      {onRemove && (
        <button type="button" className="link-button" onClick={onRemove} aria-label={removeLabel}>
          Remove
        </button>
      )}
    </div>
  );
}

/** What a mark confirmed by someone who checked the original (its bold) says of itself. */
const CONFIRMED_FROM_SOURCE = 'Confirmed against the source (its bold) in the framework editor.';

/**
 * Which descriptor items are critical (the rule's minimums and caps), one checkbox per bullet.
 * Where the mark says it was inferred, and why, that is shown beside it, with a button to confirm
 * it as stated once someone has checked the original; unticking removes the mark and its basis,
 * ticking adds a bare mark.
 */
function CriticalMarks({
  levels,
  descriptors,
  onChange,
}: {
  levels: Obj[];
  descriptors: Record<string, unknown[]>;
  onChange: (levelId: string, items: unknown[]) => void;
}) {
  return (
    <details className="critical-marks-box">
      <summary>Critical items</summary>
      {levels.map((l) => {
        const levelId = str(l.id);
        const items = descriptors[levelId] ?? [];
        if (!items.length) return null;
        return (
          <fieldset key={levelId} className="critical-marks">
            <legend>Critical items: {str(l.label) || levelId}</legend>
            {items.map((item, i) => {
              const obj = typeof item === 'object' && item !== null ? (item as Obj) : null;
              const text = obj ? str(obj.text) : str(item);
              const basis = obj?.criticalBasis as { source?: string; why?: string } | undefined;
              const inferred = obj?.critical === true && basis?.source === 'inferred';
              const confirm = () =>
                onChange(
                  levelId,
                  items.map((x, j) =>
                    j === i ? { ...obj, criticalBasis: { source: 'stated', why: CONFIRMED_FROM_SOURCE } } : x,
                  ),
                );
              return (
                <div key={i} className="critical-mark">
                  <label>
                    <input
                      type="checkbox"
                      checked={obj?.critical === true}
                      onChange={(e) => {
                        const next: Obj = { ...(obj ?? { text }) };
                        delete next.criticalBasis;
                        if (e.target.checked) next.critical = true;
                        else delete next.critical;
                        const plain = Object.keys(next).length === 1;
                        onChange(
                          levelId,
                          items.map((x, j) => (j === i ? (plain ? text : next) : x)),
                        );
                      }}
                    />
                    <span>
                      {text}
                      {inferred && <span className="muted"> (inferred{basis.why ? `: ${basis.why}` : ''})</span>}
                      {obj?.critical === true && basis?.source === 'stated' && (
                        <span className="muted"> (stated{basis.why ? `: ${basis.why}` : ''})</span>
                      )}
                    </span>
                  </label>
                  {inferred && (
                    <button type="button" className="link-button" onClick={confirm}>
                      Confirm “{text}” as critical in the source
                    </button>
                  )}
                </div>
              );
            })}
          </fieldset>
        );
      })}
    </details>
  );
}

export function FrameworkEditor({ setup }: { setup: EditorSetup }) {
  const [draft, setDraft] = useState<Draft>(setup.draft);
  const [scope, setScope] = useState(setup.scopes[0]?.value ?? '');
  const [note, setNote] = useState('');
  const [save, setSave] = useState<SaveState>({ status: 'idle' });
  const [advanced, setAdvanced] = useState(() => toYaml(advancedPart(setup.draft)));
  const [advancedError, setAdvancedError] = useState<string | null>(null);

  // Leaving with unsaved changes asks first.
  const unsaved = draft !== setup.draft && save.status !== 'saved';
  useEffect(() => {
    if (!unsaved) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);

  const deferred = useDeferredValue(draft);
  const result = useMemo(() => validateFramework(deferred, 'editor'), [deferred]);
  const issues: FrameworkIssue[] = useMemo(() => (result.ok ? [] : result.issues), [result]);
  const byPath = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const i of issues) map.set(i.path, [...(map.get(i.path) ?? []), i.message]);
    return map;
  }, [issues]);

  const change = (path: Path, value: unknown) => {
    setDraft((d) => setIn(d, path, value));
    if (save.status !== 'busy') setSave({ status: 'idle' });
  };
  const levels = asList(getIn(draft, ['scale', 'levels']));
  const sections = asList(draft.sections);
  const phases = asList(draft.phases);
  const tracks = asList(draft.tracks);
  const version = Number(draft.version);
  const hasCriticalRule = asList(draft.rules).some((r) => r.kind === 'critical-criteria');

  const onAdvanced = (text: string) => {
    setAdvanced(text);
    const read = readYaml(text);
    if (!read.ok) return setAdvancedError(`${read.issue.path}: ${read.issue.message}`);
    const data = read.data ?? {};
    if (typeof data !== 'object' || Array.isArray(data))
      return setAdvancedError('the advanced part must be keys and values (rules:, tables:, forms:, references:)');
    const clash = Object.keys(data).find((k) => (modelledKeys as readonly string[]).includes(k));
    if (clash) return setAdvancedError(`"${clash}" is edited in the form above, not here`);
    setAdvancedError(null);
    setDraft((d) => ({ ...Object.fromEntries(modelledKeys.filter((k) => k in d).map((k) => [k, d[k]])), ...data }));
  };

  const onSave = () => {
    if (!result.ok) {
      focusPath(issues[0]!.path);
      return;
    }
    if (!note.trim()) {
      document.getElementById('change-note')?.focus();
      setSave({ status: 'error', message: 'Write a change note: what changed in this version, and why.' });
      return;
    }
    setSave({ status: 'busy' });
    const id = String(draft.id);
    // A new framework needs an id nobody uses; saying so beats the server's version conflict.
    const free =
      setup.mode === 'new'
        ? api.frameworkVersions(id).then(
            () => false,
            (err: unknown) => err instanceof ApiError && err.status === 404,
          )
        : Promise.resolve(true);
    free
      .then((isFree) => {
        if (isFree) return api.saveFramework(draft, scope || null, note.trim());
        throw new ApiError(409, `id: "${id}" is already used by a framework; choose another id`, 'id');
      })
      .then((fw) => {
        setSave({ status: 'saved', id: fw.id, version: fw.version });
        // Saving again makes the next version.
        setDraft((d) => ({ ...d, version: fw.version + 1 }));
        setNote('');
      })
      .catch((err: unknown) => {
        setSave({
          status: 'error',
          message: err instanceof ApiError ? err.message : 'Could not reach the server. Nothing was saved; try again.',
        });
        // The server names the field at fault: go there.
        if (err instanceof ApiError && err.field) focusPath(err.field);
      });
  };

  return (
    <IssuesContext.Provider value={byPath}>
      <div className="framework-editor">
        <div className="editor-main">
          <p>
            <a href="#save-heading">Skip to check and save</a>
          </p>
          <fieldset className="card">
            <legend>Framework</legend>
            <div className="editor-grid">
              <Field
                label="Id"
                path={['id']}
                value={draft.id}
                onChange={change}
                readOnly={setup.mode === 'version'}
                hint={
                  setup.mode === 'version'
                    ? 'A new version keeps the id.'
                    : 'Letters, digits, “.”, “_” or “-”; yours to choose.'
                }
              />
              <Field label="Version" path={['version']} value={draft.version} onChange={change} readOnly number />
              <Field label="Title" path={['title']} value={draft.title} onChange={change} />
              <Field label="Short title" path={['shortTitle']} value={draft.shortTitle} onChange={change} optional />
              <Field label="Summary" path={['summary']} value={draft.summary} onChange={change} optional multiline />
              <Field label="Audience" path={['audience']} value={draft.audience} onChange={change} optional />
            </div>
          </fieldset>

          <fieldset className="card">
            <legend>Provenance</legend>
            <div className="editor-grid">
              {(['title', 'publisher', 'date', 'reference', 'source'] as const).map((k) => (
                <Field
                  key={k}
                  label={`Source ${k}`}
                  path={['provenance', k]}
                  value={getIn(draft, ['provenance', k])}
                  onChange={change}
                  optional={k !== 'title'}
                />
              ))}
              <Field
                label="Provenance notes"
                path={['provenance', 'notes']}
                value={getIn(draft, ['provenance', 'notes'])}
                onChange={change}
                optional
                multiline
              />
            </div>
            <PathIssues path={['provenance']} />
          </fieldset>

          <fieldset className="card">
            <legend>Scale</legend>
            <Field
              label="What a rating is called"
              path={['scale', 'label']}
              value={getIn(draft, ['scale', 'label'])}
              onChange={change}
            />
            <PathIssues path={['scale', 'levels']} />
            {levels.map((l, i) => (
              <Row
                key={i}
                removeLabel={`Remove level ${str(l.label) || i + 1}`}
                onRemove={
                  levels.length > 2
                    ? () =>
                        change(
                          ['scale', 'levels'],
                          levels.filter((_, j) => j !== i),
                        )
                    : undefined
                }
              >
                <Field label={`Level ${i + 1} id`} path={['scale', 'levels', i, 'id']} value={l.id} onChange={change} />
                <Field
                  label={`Level ${i + 1} label`}
                  path={['scale', 'levels', i, 'label']}
                  value={l.label}
                  onChange={change}
                />
                <Field
                  label={`Level ${i + 1} code`}
                  path={['scale', 'levels', i, 'code']}
                  value={l.code}
                  onChange={change}
                  optional
                />
                <Field
                  label={`Level ${i + 1} value`}
                  path={['scale', 'levels', i, 'value']}
                  value={l.value}
                  onChange={change}
                  number
                />
                <Field
                  label={`Level ${i + 1} description`}
                  path={['scale', 'levels', i, 'description']}
                  value={l.description}
                  onChange={change}
                  optional
                  multiline
                  rows={2}
                />
              </Row>
            ))}
            <button
              type="button"
              onClick={() =>
                change(
                  ['scale', 'levels'],
                  [
                    ...levels,
                    { id: `level-${levels.length + 1}`, label: `Level ${levels.length + 1}`, value: levels.length + 1 },
                  ],
                )
              }
            >
              Add a level
            </button>
          </fieldset>

          <fieldset className="card">
            <legend>Phases and tracks</legend>
            <p className="muted">
              Phases are the terms a review is judged in (optional); tracks are who judges (at least one).
            </p>
            <PathIssues path={['phases']} />
            {phases.map((p, i) => (
              <Row
                key={i}
                removeLabel={`Remove phase ${str(p.label) || i + 1}`}
                onRemove={() => change(['phases'], phases.length > 1 ? phases.filter((_, j) => j !== i) : undefined)}
              >
                <Field label={`Phase ${i + 1} id`} path={['phases', i, 'id']} value={p.id} onChange={change} />
                <Field label={`Phase ${i + 1} label`} path={['phases', i, 'label']} value={p.label} onChange={change} />
              </Row>
            ))}
            <button
              type="button"
              onClick={() =>
                change(
                  ['phases'],
                  [...phases, { id: `phase-${phases.length + 1}`, label: `Phase ${phases.length + 1}` }],
                )
              }
            >
              Add a phase
            </button>
            <PathIssues path={['tracks']} />
            {tracks.map((t, i) => (
              <Row
                key={i}
                removeLabel={`Remove track ${str(t.label) || i + 1}`}
                onRemove={
                  tracks.length > 1
                    ? () =>
                        change(
                          ['tracks'],
                          tracks.filter((_, j) => j !== i),
                        )
                    : undefined
                }
              >
                <Field label={`Track ${i + 1} id`} path={['tracks', i, 'id']} value={t.id} onChange={change} />
                <Field label={`Track ${i + 1} label`} path={['tracks', i, 'label']} value={t.label} onChange={change} />
              </Row>
            ))}
            <button
              type="button"
              onClick={() =>
                change(
                  ['tracks'],
                  [...tracks, { id: `track-${tracks.length + 1}`, label: `Track ${tracks.length + 1}` }],
                )
              }
            >
              Add a track
            </button>
          </fieldset>

          <section aria-labelledby="sections-heading">
            <h2 id="sections-heading">Sections and criteria</h2>
            <PathIssues path={['sections']} />
            {sections.map((s, si) => {
              const criteria = asList(s.criteria);
              return (
                <fieldset key={si} className="card editor-section">
                  <legend>
                    Section {str(s.code) || si + 1}: {str(s.title) || 'untitled'}
                  </legend>
                  <div className="editor-grid">
                    <Field label="Section id" path={['sections', si, 'id']} value={s.id} onChange={change} />
                    <Field
                      label="Section code"
                      path={['sections', si, 'code']}
                      value={s.code}
                      onChange={change}
                      optional
                    />
                    <Field label="Section title" path={['sections', si, 'title']} value={s.title} onChange={change} />
                    <Field
                      label="Section summary"
                      path={['sections', si, 'summary']}
                      value={s.summary}
                      onChange={change}
                      optional
                      multiline
                      rows={2}
                    />
                  </div>
                  <PathIssues path={['sections', si, 'criteria']} />
                  {criteria.map((c, ci) => {
                    const at = ['sections', si, 'criteria', ci] as const;
                    const prefix = `sections.${si}.criteria.${ci}`;
                    const faulty = issues.some((i) => i.path === prefix || i.path.startsWith(`${prefix}.`));
                    const descriptors = (c.descriptors ?? {}) as Record<string, unknown[]>;
                    return (
                      <details key={ci} className="editor-criterion" data-at={prefix}>
                        <summary>
                          {str(c.code)} {str(c.title) || 'untitled criterion'}
                          {faulty && <span className="badge badge-bad"> needs attention</span>}
                        </summary>
                        <div className="editor-grid">
                          <Field label="Criterion id" path={[...at, 'id']} value={c.id} onChange={change} />
                          <Field
                            label="Criterion code"
                            path={[...at, 'code']}
                            value={c.code}
                            onChange={change}
                            optional
                          />
                          <Field
                            label="Criterion title"
                            path={[...at, 'title']}
                            value={c.title}
                            onChange={change}
                            multiline
                            rows={2}
                          />
                          <Field
                            label="Pending (no descriptors yet, why)"
                            path={[...at, 'pending']}
                            value={c.pending}
                            onChange={change}
                            optional
                          />
                        </div>
                        <PathIssues path={[...at, 'descriptors']} />
                        <LinesField
                          label="Statements"
                          path={[...at, 'statements']}
                          items={c.statements}
                          toText={(v) => itemsToLines(v as unknown[])}
                          fromText={(t) => {
                            const items = linesToItems(t, c.statements as unknown[]);
                            return items.length ? items : undefined;
                          }}
                          onChange={change}
                          hint="One per line; indent a line to make it a sub-point of the one above."
                        />
                        {levels.map((l) => {
                          const levelId = str(l.id);
                          return (
                            <LinesField
                              key={levelId}
                              label={`Descriptor: ${str(l.label) || levelId}`}
                              path={[...at, 'descriptors', levelId]}
                              items={descriptors[levelId]}
                              toText={(v) => itemsToLines(v as unknown[])}
                              fromText={(t) => {
                                const items = linesToItems(t, descriptors[levelId]);
                                return items.length ? items : undefined;
                              }}
                              onChange={(path, value) =>
                                // Descriptors must stay a record even when the last level is emptied.
                                change([...at, 'descriptors'], setIn(descriptors, [path.at(-1)!], value))
                              }
                              hint="One bullet per line; indent a line (two spaces) to make it a sub-bullet."
                            />
                          );
                        })}
                        {hasCriticalRule && (
                          <CriticalMarks
                            levels={levels}
                            descriptors={descriptors}
                            onChange={(levelId, items) => change([...at, 'descriptors', levelId], items)}
                          />
                        )}
                        {Object.keys(descriptors)
                          .filter((k) => !levels.some((l) => l.id === k))
                          .map((k) => (
                            <PathIssues key={k} path={[...at, 'descriptors', k]} />
                          ))}
                        <LinesField
                          label="Evidence prompts"
                          path={[...at, 'evidence']}
                          items={c.evidence}
                          toText={(v) => (Array.isArray(v) ? v.join('\n') : '')}
                          fromText={(t) => {
                            const list = linesToList(t);
                            return list.length ? list : undefined;
                          }}
                          onChange={change}
                          hint="One per line."
                        />
                        <LinesField
                          label="Links"
                          path={[...at, 'links']}
                          items={c.links}
                          toText={(v) => linksToLines(v as unknown[])}
                          fromText={(t) => {
                            const links = linesToLinks(t);
                            return links.length ? links : undefined;
                          }}
                          onChange={change}
                          hint="One group per line: “Label: item | item” (e.g. the inspection priorities it links to)."
                        />
                        <button
                          type="button"
                          onClick={() =>
                            change(
                              ['sections', si, 'criteria'],
                              criteria.filter((_, j) => j !== ci),
                            )
                          }
                        >
                          Remove criterion {str(c.code) || str(c.title)}
                        </button>
                      </details>
                    );
                  })}
                  <div className="toolbar">
                    <button
                      type="button"
                      onClick={() =>
                        change(
                          ['sections', si, 'criteria'],
                          [
                            ...criteria,
                            {
                              id: `${str(s.id) || 's'}-${criteria.length + 1}`,
                              code: `${str(s.code) || si + 1}.${criteria.length + 1}`,
                              title: 'New criterion',
                              descriptors: {},
                            },
                          ],
                        )
                      }
                    >
                      Add a criterion to section {str(s.code) || si + 1}
                    </button>
                    {sections.length > 1 && (
                      <button
                        type="button"
                        onClick={() =>
                          change(
                            ['sections'],
                            sections.filter((_, j) => j !== si),
                          )
                        }
                      >
                        Remove section {str(s.code) || si + 1}
                      </button>
                    )}
                  </div>
                </fieldset>
              );
            })}
            <button
              type="button"
              onClick={() =>
                change(
                  ['sections'],
                  [
                    ...sections,
                    {
                      id: `s${sections.length + 1}`,
                      code: String(sections.length + 1),
                      title: 'New section',
                      criteria: [],
                    },
                  ],
                )
              }
            >
              Add a section
            </button>
          </section>

          <fieldset className="card">
            <legend>Rules, tables, forms and references (YAML)</legend>
            <p className="muted" id="advanced-hint">
              Everything else in the framework, as YAML in the same format as an uploaded file: <code>rules:</code>,{' '}
              <code>tables:</code>, <code>forms:</code>, <code>references:</code>.
            </p>
            <label htmlFor="advanced-yaml" className="visually-hidden">
              Rules, tables, forms and references as YAML
            </label>
            <textarea
              id="advanced-yaml"
              data-path="rules"
              className="yaml-box"
              rows={14}
              spellCheck={false}
              value={advanced}
              aria-describedby={`advanced-hint${advancedError ? ' advanced-error' : ''}`}
              aria-invalid={advancedError ? true : undefined}
              onChange={(e) => onAdvanced(e.target.value)}
            />
            {advancedError && (
              <p id="advanced-error" className="error" role="alert">
                YAML: {advancedError} (the rest of the framework keeps the last readable version)
              </p>
            )}
            {['tables', 'forms', 'references'].map((k) => (
              <PathIssues key={k} path={[k]} />
            ))}
          </fieldset>
        </div>

        <aside className="editor-side" aria-label="Check and save">
          <div className="card">
            <h2>Check</h2>
            <p role="status" aria-live="polite" className={result.ok ? 'badge badge-ok' : 'badge badge-bad'}>
              {result.ok ? 'No problems: ready to save' : `${issues.length} problem${issues.length === 1 ? '' : 's'}`}
            </p>
            {!result.ok && (
              <ul className="editor-issues" aria-label="Problems">
                {issues.slice(0, 30).map((i, n) => (
                  <li key={n}>
                    <button type="button" className="link-button" onClick={() => focusPath(i.path)}>
                      {i.path}
                    </button>
                    : {i.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <form
            className="card"
            aria-labelledby="save-heading"
            onSubmit={(e) => {
              e.preventDefault();
              onSave();
            }}
          >
            <h2 id="save-heading" tabIndex={-1}>
              Save version {Number.isFinite(version) ? version : ''}
            </h2>
            {setup.scopes.length > 1 ? (
              <label>
                For{' '}
                <select value={scope} onChange={(e) => setScope(e.target.value)}>
                  {setup.scopes.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <p className="muted">For {setup.scopes[0]?.label ?? 'your workspace'}</p>
            )}
            <label htmlFor="change-note">Change note</label>
            <textarea
              id="change-note"
              data-path="changeNote"
              rows={3}
              value={note}
              maxLength={1000}
              placeholder="What changed, and why"
              onChange={(e) => setNote(e.target.value)}
            />
            <div className="toolbar">
              <button type="submit" disabled={save.status === 'busy'}>
                {save.status === 'busy' ? 'Saving…' : `Save version ${Number.isFinite(version) ? version : ''}`}
              </button>
              <button type="button" onClick={() => downloadYaml(draft)}>
                Download YAML
              </button>
            </div>
            <div role="status" aria-live="polite">
              {save.status === 'saved' && (
                <p className="notice">
                  Saved version {save.version} of {save.id}.{' '}
                  <Link href={`/frameworks/${encodeURIComponent(save.id)}`}>Open it to start a review</Link>
                  {save.version > 1 && (
                    <>
                      {' · '}
                      <Link
                        href={`/frameworks/${encodeURIComponent(save.id)}/versions?from=${save.version - 1}&to=${save.version}`}
                      >
                        Compare with version {save.version - 1}
                      </Link>
                    </>
                  )}
                </p>
              )}
            </div>
            {save.status === 'error' && (
              <p className="error" role="alert">
                {save.message}
              </p>
            )}
          </form>
          {setup.from && (
            <p className="muted">
              Started from {setup.from.title}, version {setup.from.version}.
            </p>
          )}
        </aside>
      </div>
    </IssuesContext.Provider>
  );
}
