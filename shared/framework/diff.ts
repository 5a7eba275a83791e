import type { Framework } from './schema.ts';

/** One difference between two versions of a framework, in the words a reader needs. */
export interface FrameworkChange {
  kind: 'added' | 'removed' | 'changed';
  /** What it is: "criterion 1.2 Leadership", "level Good", "rules". */
  subject: string;
  /** For a change: each line says what is different ("Good: added “…”"). */
  details: string[];
}

type Item = string | { text: string; items?: unknown[] };

/** A descriptor item as one line of text, sub-items after it. */
function lines(items: readonly unknown[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of items ?? []) {
    const item = raw as Item;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    out.push(item.text);
    for (const sub of item.items ?? []) out.push(`– ${typeof sub === 'string' ? sub : (sub as { text: string }).text}`);
  }
  return out;
}

const quote = (s: string) => `“${s.length > 160 ? `${s.slice(0, 157)}…` : s}”`;

/** Lines added and removed between two lists, by text (a reordering is not a change). */
function listChanges(label: string, before: readonly string[], after: readonly string[]): string[] {
  const was = new Set(before);
  const now = new Set(after);
  return [
    ...before.filter((l) => !now.has(l)).map((l) => `${label}: removed ${quote(l)}`),
    ...after.filter((l) => !was.has(l)).map((l) => `${label}: added ${quote(l)}`),
  ];
}

const isCritical = (item: unknown) =>
  typeof item === 'object' && item !== null && (item as { critical?: unknown }).critical === true;

/** Items kept in both versions whose critical mark was added or taken away. */
function criticalChanges(label: string, before: readonly unknown[], after: readonly unknown[]): string[] {
  const was = new Map(before.map((i) => [typeof i === 'string' ? i : (i as { text: string }).text, isCritical(i)]));
  const out: string[] = [];
  for (const item of after) {
    const text = typeof item === 'string' ? item : (item as { text: string }).text;
    const before = was.get(text);
    if (before === undefined || before === isCritical(item)) continue;
    out.push(`${label}: ${quote(text)} ${before ? 'no longer critical' : 'now critical'}`);
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function fieldChange(label: string, a: string | undefined, b: string | undefined): string[] {
  if ((a ?? '') === (b ?? '')) return [];
  if (!a) return [`${label}: added ${quote(b!)}`];
  if (!b) return [`${label}: removed ${quote(a)}`];
  return [`${label}: ${quote(a)} → ${quote(b)}`];
}

const named = (code: string | undefined, title: string) => (code ? `${code} ${title}` : title);

/**
 * What changed from one version to another: the framework's title, levels, sections, and each
 * criterion's title, statements, descriptors per level and evidence; rules, tables, forms and
 * references as a whole. Sections and criteria are matched by id.
 */
export function compareFrameworks(a: Framework, b: Framework): FrameworkChange[] {
  const changes: FrameworkChange[] = [];
  const top = [...fieldChange('title', a.title, b.title), ...fieldChange('summary', a.summary, b.summary)];
  if (!same(a.provenance, b.provenance)) top.push('provenance changed');
  if (top.length) changes.push({ kind: 'changed', subject: 'framework', details: top });

  const levelsA = new Map(a.scale.levels.map((l) => [l.id, l]));
  const levelsB = new Map(b.scale.levels.map((l) => [l.id, l]));
  for (const l of a.scale.levels)
    if (!levelsB.has(l.id)) changes.push({ kind: 'removed', subject: `level ${l.label}`, details: [] });
  for (const l of b.scale.levels) {
    const before = levelsA.get(l.id);
    if (!before) changes.push({ kind: 'added', subject: `level ${l.label}`, details: [] });
    else if (!same(before, l))
      changes.push({
        kind: 'changed',
        subject: `level ${l.label}`,
        details: [
          ...fieldChange('label', before.label, l.label),
          ...fieldChange('code', before.code, l.code),
          ...(before.value !== l.value ? [`value: ${before.value} → ${l.value}`] : []),
          ...fieldChange('description', before.description, l.description),
        ],
      });
  }
  const levelLabel = (id: string) => levelsB.get(id)?.label ?? levelsA.get(id)?.label ?? id;

  for (const key of ['phases', 'tracks'] as const)
    if (!same(a[key] ?? [], b[key] ?? []))
      changes.push({
        kind: 'changed',
        subject: key,
        details: listChanges(
          key,
          (a[key] ?? []).map((x) => `${x.id}: ${x.label}`),
          (b[key] ?? []).map((x) => `${x.id}: ${x.label}`),
        ),
      });

  const sectionsA = new Map(a.sections.map((s) => [s.id, s]));
  const sectionsB = new Map(b.sections.map((s) => [s.id, s]));
  const criteriaA = new Map(a.sections.flatMap((s) => s.criteria.map((c) => [c.id, c] as const)));
  const criteriaB = new Map(b.sections.flatMap((s) => s.criteria.map((c) => [c.id, c] as const)));
  for (const s of a.sections)
    if (!sectionsB.has(s.id))
      changes.push({ kind: 'removed', subject: `section ${named(s.code, s.title)}`, details: [] });
  for (const s of b.sections) {
    const before = sectionsA.get(s.id);
    if (!before) changes.push({ kind: 'added', subject: `section ${named(s.code, s.title)}`, details: [] });
    else {
      const details = [
        ...fieldChange('title', before.title, s.title),
        ...fieldChange('code', before.code, s.code),
        ...fieldChange('summary', before.summary, s.summary),
      ];
      if (details.length) changes.push({ kind: 'changed', subject: `section ${named(s.code, s.title)}`, details });
    }
  }
  for (const [id, c] of criteriaA)
    if (!criteriaB.has(id))
      changes.push({ kind: 'removed', subject: `criterion ${named(c.code, c.title)}`, details: [] });
  for (const [id, c] of criteriaB) {
    const before = criteriaA.get(id);
    if (!before) {
      changes.push({ kind: 'added', subject: `criterion ${named(c.code, c.title)}`, details: [] });
      continue;
    }
    if (same(before, c)) continue;
    const details = [...fieldChange('title', before.title, c.title), ...fieldChange('code', before.code, c.code)];
    details.push(...listChanges('statements', lines(before.statements), lines(c.statements)));
    const levelIds = [...new Set([...Object.keys(before.descriptors), ...Object.keys(c.descriptors)])];
    for (const level of levelIds) {
      const was = before.descriptors[level] ?? [];
      const now = c.descriptors[level] ?? [];
      const changed = listChanges(levelLabel(level), lines(was), lines(now));
      changed.push(...criticalChanges(levelLabel(level), was, now));
      // Same texts, other marks (notes) or order.
      if (!changed.length && !same(was, now)) changed.push(`${levelLabel(level)}: order or marks changed`);
      details.push(...changed);
    }
    details.push(...listChanges('evidence', before.evidence ?? [], c.evidence ?? []));
    if (!same(before.links ?? [], c.links ?? [])) details.push('links changed');
    if (!same(before.phases ?? [], c.phases ?? [])) details.push('phases changed');
    details.push(...fieldChange('pending', before.pending, c.pending));
    if (!details.length) details.push('changed');
    changes.push({ kind: 'changed', subject: `criterion ${named(c.code, c.title)}`, details });
  }
  for (const key of ['rules', 'tables', 'forms', 'references'] as const)
    if (!same(a[key] ?? [], b[key] ?? [])) changes.push({ kind: 'changed', subject: key, details: [] });
  return changes;
}
