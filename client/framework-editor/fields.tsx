import { createContext, useContext, useId, useState } from 'react';
import { pathKey, scalarText, type Path } from './draft.ts';

/** Validation issues by dotted path, as upload reports them. */
export const IssuesContext = createContext<Map<string, string[]>>(new Map());

function useFieldIssues(path: Path) {
  return useContext(IssuesContext).get(pathKey(path)) ?? [];
}

/** Messages for a path that has no field of its own (a list, a record), shown where it belongs. */
export function PathIssues({ path }: { path: Path }) {
  const issues = useFieldIssues(path);
  const key = pathKey(path);
  if (!issues.length) return null;
  return (
    <p className="error field-error" data-path={key} tabIndex={-1}>
      {issues.map((m) => `${key}: ${m}`).join('; ')}
    </p>
  );
}

/** A labelled text input (or text area) bound to one path of the draft, with its issues beneath it. */
export function Field({
  label,
  path,
  value,
  onChange,
  multiline,
  rows,
  hint,
  number,
  optional,
  readOnly,
}: {
  label: string;
  path: Path;
  value: unknown;
  onChange: (path: Path, value: unknown) => void;
  multiline?: boolean;
  rows?: number;
  hint?: string;
  number?: boolean;
  /** An empty optional field is left out of the framework. */
  optional?: boolean;
  readOnly?: boolean;
}) {
  const id = useId();
  const issues = useFieldIssues(path);
  const key = pathKey(path);
  const described = [hint ? `${id}-hint` : '', issues.length ? `${id}-err` : ''].filter(Boolean).join(' ');
  const common = {
    id,
    'data-path': key,
    'aria-invalid': issues.length > 0 || undefined,
    'aria-describedby': described || undefined,
    readOnly,
  };
  const text = scalarText(value);
  const change = (raw: string) => {
    if (number) onChange(path, raw.trim() === '' ? undefined : Number(raw));
    else onChange(path, optional && raw.trim() === '' ? undefined : raw);
  };
  return (
    <div className={`field${multiline ? ' field-wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={rows ?? 3} value={text} onChange={(e) => change(e.target.value)} />
      ) : (
        <input {...common} type={number ? 'number' : 'text'} value={text} onChange={(e) => change(e.target.value)} />
      )}
      {hint && (
        <span id={`${id}-hint`} className="muted field-hint">
          {hint}
        </span>
      )}
      {issues.length > 0 && (
        <span id={`${id}-err`} className="error field-error">
          {issues.map((m) => `${key}: ${m}`).join('; ')}
        </span>
      )}
    </div>
  );
}

/**
 * A list edited as lines of text (bullets, evidence prompts). The text is kept as typed while
 * focused, so blank lines and indentation survive typing; `fromText` turns it into the list.
 */
export function LinesField({
  label,
  path,
  items,
  toText,
  fromText,
  onChange,
  hint,
  rows,
}: {
  label: string;
  path: Path;
  items: unknown;
  toText: (items: unknown) => string;
  fromText: (text: string) => unknown;
  onChange: (path: Path, value: unknown) => void;
  hint?: string;
  rows?: number;
}) {
  const [typed, setTyped] = useState<string | null>(null);
  const issueMap = useContext(IssuesContext);
  const id = useId();
  const key = pathKey(path);
  // Issues anywhere inside this list (an empty bullet at …descriptors.good.2) belong to this box.
  const issues = [...issueMap.entries()]
    .filter(([p]) => p === key || p.startsWith(`${key}.`))
    .flatMap(([p, ms]) => ms.map((m) => `${p}: ${m}`));
  const text = typed ?? toText(items);
  const lines = Math.max(rows ?? 2, Math.min(12, text.split('\n').length + 1));
  return (
    <div className="field field-wide">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        data-path={key}
        rows={lines}
        value={text}
        aria-invalid={issues.length > 0 || undefined}
        aria-describedby={
          [hint ? `${id}-hint` : '', issues.length ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined
        }
        onFocus={() => setTyped(toText(items))}
        onBlur={() => setTyped(null)}
        onChange={(e) => {
          setTyped(e.target.value);
          onChange(path, fromText(e.target.value));
        }}
      />
      {hint && (
        <span id={`${id}-hint`} className="muted field-hint">
          {hint}
        </span>
      )}
      {issues.length > 0 && (
        <span id={`${id}-err`} className="error field-error">
          {issues.join('; ')}
        </span>
      )}
    </div>
  );
}
