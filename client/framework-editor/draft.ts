import { stringify } from 'yaml';

/** A framework being edited: the framework's own object, with any fields the editor does not model kept as they were. */
export type Draft = Record<string, unknown>;
export type Path = readonly (string | number)[];

/**
 * A copy of `value` with `path` set; `undefined` removes the key (an optional field left empty).
 * Everything else is shared, unknown fields included.
 */
export function setIn<T>(value: T, path: Path, next: unknown): T {
  if (path.length === 0) return next as T;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...(value as unknown[])];
    copy[head as number] = setIn(copy[head as number], rest, next);
    return copy as T;
  }
  const obj = { ...((value ?? {}) as Record<string, unknown>) };
  const child = setIn(obj[head as string], rest, next);
  if (child === undefined) delete obj[head as string];
  else obj[head as string] = child;
  return obj as T;
}

export function getIn(value: unknown, path: Path): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key as string];
  }
  return at;
}

/** A scalar as text; anything else (a list, an object) as nothing. */
export const scalarText = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

export const pathKey = (path: Path) => path.join('.');

/** A lower-case id from a name: "North Partnership" → "north-partnership". */
export const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'local';

/** The smallest framework worth starting from: two levels, one section with one criterion. */
export function blankFramework(): Draft {
  return {
    id: 'new-framework',
    version: 1,
    title: 'New framework',
    provenance: { title: 'Written in Bestfit' },
    scale: {
      label: 'Grade',
      levels: [
        { id: 'developing', label: 'Developing', value: 1 },
        { id: 'secure', label: 'Secure', value: 2 },
      ],
    },
    tracks: [{ id: 'self', label: 'Self-evaluation' }],
    sections: [
      {
        id: 's1',
        code: '1',
        title: 'First section',
        criteria: [{ id: 'c1-1', code: '1.1', title: 'First criterion', descriptors: {} }],
      },
    ],
  };
}

/** Keys the structured form edits; every other top-level key is edited as YAML in the advanced box. */
export const modelledKeys = [
  'id',
  'version',
  'title',
  'shortTitle',
  'summary',
  'audience',
  'provenance',
  'scale',
  'phases',
  'tracks',
  'sections',
] as const;

export function advancedPart(draft: Draft): Draft {
  return Object.fromEntries(Object.entries(draft).filter(([k]) => !(modelledKeys as readonly string[]).includes(k)));
}

export const toYaml = (draft: Draft) => stringify(draft, { lineWidth: 0 });

/** Offer the framework as a YAML file the browser saves. */
export function downloadYaml(draft: Draft): void {
  const blob = new Blob([toYaml(draft)], { type: 'application/yaml' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${scalarText(draft.id) || 'framework'}-v${scalarText(draft.version) || '1'}.yaml`;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
