import type { Framework } from '../../shared/framework/schema.ts';

/** The list view of a framework: enough to choose one, not its whole text. */
export function frameworkSummary(fw: Framework, source?: string) {
  return {
    id: fw.id,
    version: fw.version,
    title: fw.title,
    shortTitle: fw.shortTitle ?? null,
    summary: fw.summary ?? null,
    audience: fw.audience ?? null,
    provenance: fw.provenance,
    levels: fw.scale.levels.map((l) => l.label),
    sections: fw.sections.length,
    criteria: fw.sections.reduce((n, s) => n + s.criteria.length, 0),
    phases: (fw.phases ?? []).map((p) => p.label),
    tracks: fw.tracks.map((t) => t.label),
    ...(source ? { source } : {}),
  };
}
