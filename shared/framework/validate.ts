import type { z } from 'zod';
import { FrameworkLimits } from './limits.ts';
import { countValues, readYaml } from './read-yaml.ts';
import { frameworkSchema, type Framework } from './schema.ts';

export interface FrameworkIssue {
  /** Dotted path inside the file: `sections.2.criteria.0.descriptors.good`. */
  path: string;
  message: string;
}

export type FrameworkResult =
  { ok: true; framework: Framework } | { ok: false; file: string; issues: FrameworkIssue[] };

const pathOf = (path: readonly PropertyKey[]): string => (path.length ? path.map(String).join('.') : '(root)');

/** One line per issue, naming the file and the path inside it. */
export function formatIssues(file: string, issues: FrameworkIssue[]): string {
  return issues.map((i) => `${file}: ${i.path}: ${i.message}`).join('\n');
}

function zodIssues(error: z.ZodError): FrameworkIssue[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return {
        path: pathOf(issue.path),
        message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
      };
    }
    return { path: pathOf(issue.path), message: issue.message };
  });
}

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}

/** Cross-references the schema alone cannot see: unique ids, descriptor levels, phases, rule targets. */
export function checkReferences(fw: Framework): FrameworkIssue[] {
  const issues: FrameworkIssue[] = [];
  const levelIds = new Set(fw.scale.levels.map((l) => l.id));
  const phaseIds = new Set((fw.phases ?? []).map((p) => p.id));
  const trackIds = new Set(fw.tracks.map((t) => t.id));
  const criterionIdList = fw.sections.flatMap((s) => s.criteria.map((c) => c.id));
  // A Set: rules may list thousands of ids (aliases make that cheap to write), so lookups stay linear.
  const criterionIds = new Set(criterionIdList);

  for (const d of duplicates(fw.scale.levels.map((l) => l.id)))
    issues.push({ path: 'scale.levels', message: `level id "${d}" is used twice` });
  for (const d of duplicates(fw.sections.map((s) => s.id)))
    issues.push({ path: 'sections', message: `section id "${d}" is used twice` });
  for (const d of duplicates(criterionIdList))
    issues.push({ path: 'sections', message: `criterion id "${d}" is used twice` });
  for (const d of duplicates([...trackIds])) issues.push({ path: 'tracks', message: `track id "${d}" is used twice` });
  for (const d of duplicates((fw.phases ?? []).map((p) => p.id)))
    issues.push({ path: 'phases', message: `phase id "${d}" is used twice` });
  for (const d of duplicates((fw.tables ?? []).map((t) => t.id)))
    issues.push({ path: 'tables', message: `table id "${d}" is used twice` });
  for (const d of duplicates((fw.forms ?? []).map((f) => f.id)))
    issues.push({ path: 'forms', message: `form id "${d}" is used twice` });

  fw.sections.forEach((section, si) => {
    section.criteria.forEach((criterion, ci) => {
      const at = `sections.${si}.criteria.${ci}`;
      for (const key of Object.keys(criterion.descriptors)) {
        if (!levelIds.has(key))
          issues.push({
            path: `${at}.descriptors.${key}`,
            message: `"${key}" is not a level of the scale (${[...levelIds].join(', ')})`,
          });
      }
      const filled = fw.scale.levels.filter((l) => (criterion.descriptors[l.id] ?? []).length > 0);
      if (filled.length === 0 && criterion.pending === undefined) {
        issues.push({
          path: `${at}.descriptors`,
          message: 'no level has a descriptor; mark the criterion "pending" if the source has none yet',
        });
      }
      for (const [key, items] of Object.entries(criterion.descriptors))
        items.forEach((item, ii) => {
          if (typeof item !== 'string' && item.criticalBasis && item.critical !== true)
            issues.push({
              path: `${at}.descriptors.${key}.${ii}.criticalBasis`,
              message:
                'criticalBasis says why an item is critical; mark the item "critical: true" or remove criticalBasis',
            });
        });
      (criterion.phases ?? []).forEach((p, pi) => {
        if (!phaseIds.has(p))
          issues.push({ path: `${at}.phases.${pi}`, message: `"${p}" is not a phase of the framework` });
      });
    });
  });

  fw.tables?.forEach((table, ti) => {
    for (const d of duplicates(table.columns.map((c) => c.id)))
      issues.push({ path: `tables.${ti}.columns`, message: `column id "${d}" is used twice` });
    for (const d of duplicates(table.rows.map((r) => r.id)))
      issues.push({ path: `tables.${ti}.rows`, message: `row id "${d}" is used twice` });
    if (table.rows.length === 0 && !table.openRows)
      issues.push({
        path: `tables.${ti}.rows`,
        message: 'a table without rows must allow users to add them (openRows: true)',
      });
  });

  fw.forms?.forEach((form, fi) => {
    for (const d of duplicates(form.sections.map((s) => s.id)))
      issues.push({ path: `forms.${fi}.sections`, message: `section id "${d}" is used twice` });
    const graded = [...(form.fields ?? []), ...form.sections.flatMap((s) => s.fields)].some((f) => f.kind === 'grade');
    if (graded && !form.grades?.length)
      issues.push({ path: `forms.${fi}.grades`, message: 'a form with grade fields must list its grades' });
  });

  fw.rules?.forEach((rule, ri) => {
    const at = `rules.${ri}`;
    if (rule.kind === 'any-condition') {
      if (!levelIds.has(rule.level))
        issues.push({ path: `${at}.level`, message: `"${rule.level}" is not a level of the scale` });
      rule.criteria?.forEach((c, i) => {
        if (!criterionIds.has(c))
          issues.push({ path: `${at}.criteria.${i}`, message: `"${c}" is not a criterion of the framework` });
      });
    }
    if (rule.kind === 'evidence-of-impact' && !levelIds.has(rule.level))
      issues.push({ path: `${at}.level`, message: `"${rule.level}" is not a level of the scale` });
    if (rule.kind === 'critical-criteria' && !levelIds.has(rule.threshold))
      issues.push({ path: `${at}.threshold`, message: `"${rule.threshold}" is not a level of the scale` });
    if (rule.kind === 'authoritative-track' && !trackIds.has(rule.track))
      issues.push({ path: `${at}.track`, message: `"${rule.track}" is not a track of the framework` });
    if (rule.kind === 'overall' && rule.by !== 'group' && phaseIds.size === 0)
      issues.push({ path: `${at}.by`, message: 'an overall judgement by phase needs the framework to have phases' });
  });
  return issues;
}

/** Validate parsed data (from YAML or JSON) as a framework. */
export function validateFramework(data: unknown, file: string): FrameworkResult {
  const parsed = frameworkSchema.safeParse(data);
  if (!parsed.success) return { ok: false, file, issues: zodIssues(parsed.error) };
  const issues = checkReferences(parsed.data);
  return issues.length ? { ok: false, file, issues } : { ok: true, framework: parsed.data };
}

/** Criteria across sections of data not yet checked against the schema. */
function countCriteria(data: unknown): number {
  const sections = (data as { sections?: unknown } | null)?.sections;
  if (!Array.isArray(sections)) return 0;
  let n = 0;
  for (const s of sections as unknown[]) {
    const criteria = (s as { criteria?: unknown } | null)?.criteria;
    if (Array.isArray(criteria)) n += criteria.length;
  }
  return n;
}

/**
 * Parse YAML (JSON is YAML too) and validate it; syntax errors name the line. Size, depth,
 * aliases, the number of values and of criteria are checked before the schema runs, so no file
 * can hold the event loop for long.
 */
export function parseFrameworkText(source: string, file: string, limits = FrameworkLimits): FrameworkResult {
  const read = readYaml(source, limits);
  if (!read.ok) return { ok: false, file, issues: [read.issue] };
  if (countValues(read.data, limits.maxValues) > limits.maxValues) {
    const message = `more than ${limits.maxValues.toLocaleString('en-GB')} values once aliases are expanded`;
    return { ok: false, file, issues: [{ path: '(file)', message }] };
  }
  const criteria = countCriteria(read.data);
  if (criteria > limits.maxCriteria) {
    const message = `${criteria.toLocaleString('en-GB')} criteria; a framework may have at most ${limits.maxCriteria.toLocaleString('en-GB')}`;
    return { ok: false, file, issues: [{ path: 'sections', message }] };
  }
  return validateFramework(read.data, file);
}
