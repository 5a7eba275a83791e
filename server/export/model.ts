/**
 * The one typed model every export renders from: a review's document, framework, record and
 * people, resolved into labels in the source's own terms. Plain data (structured-cloneable), so it
 * is built and rendered on the export thread. Review status, sign-off and recorded overall
 * judgements are optional: each format renders them when present.
 */
import * as Y from 'yjs';
import type {
  Criterion,
  DescriptorItem,
  Form,
  Framework,
  Level,
  Section,
  Table,
  Track,
} from '../../shared/framework/schema.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import type { EvidenceItem, Lock, TableRow } from '../../shared/review/entities.ts';
import type { HistoryEvent } from '../../shared/review/history.ts';
import { judgeReview, type IndicativeOverall } from '../../shared/review/judgement.ts';
import { NO_PHASE, NOT_APPLICABLE, ROW_NAME, cellKey, formKey } from '../../shared/review/keys.ts';
import { EXAMPLE_LABEL, exampleRowItem } from '../../shared/review/model.ts';
import { checkKey } from '../../shared/review/overall-scopes.ts';
import { decisionTables } from './decision-tables.ts';
import { migrateReview } from '../../shared/review/migrations.ts';
import { Root, defineRoots } from '../../shared/review/roots.ts';

export const exportFormats = ['docx', 'pdf', 'xlsx', 'csv'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export type Rag = 'green' | 'amber' | 'red' | 'none';

/** A rating as the source prints it: "Good (G)", "Not applicable (N/A)". */
export interface RatingValue {
  /** A level id or NOT_APPLICABLE. */
  id: string;
  label: string;
  /** The source's short form ("OS", "LA4a", "2"); null where the scale has none. */
  code: string | null;
  rag: Rag;
}

/** Where the review stands (draft, in moderation, final); rendered when present. */
export interface ExportStatus {
  label: string;
  /** When it reached this status, ISO 8601. */
  at?: string;
  by?: string;
}

/** One person's sign-off of a final review. */
export interface ExportSignOff {
  name: string;
  role?: string;
  /** ISO 8601. */
  at: string;
}

/** An overall judgement the meeting recorded (per section, phase, group, or for the whole review). */
export interface ExportOverall {
  /** What it judges, in the source's terms: "Partnership", "Primary · RAG 1", "School's category". */
  scope: string;
  /** A level id or NOT_APPLICABLE; null while not recorded. */
  level: string | null;
  rationale?: string;
  /** What the framework's rules suggest, for comparison (a level id). */
  indicative?: string | null;
  /** Conditions ticked on the way (Milton Keynes' Appendix 1 triggers). */
  triggers?: string[];
  by?: string;
  at?: string;
}

/** What the route gathers besides the document; the optional parts come from other features. */
export interface ExportSource {
  framework: Framework;
  review: { id: string; title: string; createdAt: string; updatedAt: string };
  /** The stored document: last snapshot and every update since. */
  document: { snapshot: Uint8Array | null; updates: Uint8Array[] };
  people: { name: string; role: string }[];
  /** Recent history events per criterion, newest first (for "last changed by and at"). */
  history: HistoryEvent[];
  exportedAt: string;
  exportedBy: string;
  status?: ExportStatus;
  signOffs?: ExportSignOff[];
  overall?: ExportOverall[];
}

/** One row of the tidy ratings table: a track's judgement of one criterion in one phase. */
export interface RatingRow {
  sectionCode: string;
  sectionTitle: string;
  criterionId: string;
  criterionCode: string;
  criterionTitle: string;
  track: string;
  trackLabel: string;
  /** Phase id, or NO_PHASE. */
  phase: string;
  phaseLabel: string;
  rating: RatingValue | null;
  agreed: RatingValue | null;
  locked: boolean;
  lockedBy: string | null;
  focus: string;
  evidence: string;
  lastChangedBy: string | null;
  lastChangedAt: string | null;
}

export interface TrackJudgement {
  track: Track;
  /** One per phase the criterion is judged in, in the framework's order. */
  ratings: { phase: string; phaseLabel: string; rating: RatingValue | null }[];
  focus: string;
  evidence: string;
}

export interface CriterionEntry {
  criterion: Criterion;
  /** "1.1", or the title where the source gives no code. */
  code: string;
  phases: string[];
  tracks: TrackJudgement[];
  agreed: { phase: string; phaseLabel: string; rating: RatingValue | null }[];
  lock: Lock | null;
  evidenceItems: EvidenceItem[];
}

export interface SectionEntry {
  section: Section;
  criteria: CriterionEntry[];
}

export interface TableEntry {
  table: Table;
  rows: { id: string; label: string; group?: string; added?: Pick<TableRow, 'byName' | 'at'>; cells: string[] }[];
}

export interface FormEntry {
  form: Form;
  /** Header fields first (section null), then each section's fields, with their values. */
  parts: {
    section: { id: string; title: string } | null;
    fields: { id: string; label: string; kind: string; value: string }[];
  }[];
}

export interface ExportModel {
  framework: Framework;
  review: ExportSource['review'];
  exportedAt: string;
  exportedBy: string;
  people: ExportSource['people'];
  status?: ExportStatus;
  signOffs?: ExportSignOff[];
  overall?: ExportOverall[];
  /** The framework's levels in the order the source prints them. */
  levels: Level[];
  /** Phases (empty for frameworks without). */
  phases: { id: string; label: string }[];
  sections: SectionEntry[];
  rows: RatingRow[];
  tables: TableEntry[];
  forms: FormEntry[];
  /** The rules' indicative overalls (advisory), for the dashboard. */
  indicative: IndicativeOverall[];
}

/** Red, amber or green by where a level sits on the scale (thirds, as the app's summary shows). */
export function ragOf(fw: Framework, id: string): Rag {
  const level = fw.scale.levels.find((l) => l.id === id);
  const values = fw.scale.levels.map((l) => l.value);
  const [min, max] = [Math.min(...values), Math.max(...values)];
  if (!level || max === min) return 'none';
  const position = (level.value - min) / (max - min);
  return position >= 2 / 3 ? 'green' : position >= 1 / 3 ? 'amber' : 'red';
}

export function ratingValue(fw: Framework, id: string | undefined | null): RatingValue | null {
  if (id === undefined || id === null) return null;
  if (id === NOT_APPLICABLE) {
    const na = fw.scale.notApplicable;
    return { id, label: na?.label ?? 'Not applicable', code: na?.code ?? 'N/A', rag: 'none' };
  }
  const level = fw.scale.levels.find((l) => l.id === id);
  return { id, label: level?.label ?? id, code: level?.code ?? null, rag: ragOf(fw, id) };
}

/** "Good (G)", or the label alone where the scale prints no codes. */
export const ratingText = (r: RatingValue | null, empty = 'Not rated'): string =>
  r === null ? empty : r.code && r.code !== r.label ? `${r.label} (${r.code})` : r.label;

export const descriptorText = (item: DescriptorItem): string => (typeof item === 'string' ? item : item.text);
export const isCritical = (item: DescriptorItem): boolean => typeof item !== 'string' && item.critical === true;

export const phaseLabelOf = (fw: Framework, phase: string): string =>
  phase === NO_PHASE ? '' : (fw.phases?.find((p) => p.id === phase)?.label ?? phase);

/** The newest history event that concerns one track's row (rating in the phase, focus, evidence, agreed, lock). */
function lastChanges(
  history: HistoryEvent[],
): (track: string, criterion: string, phase: string) => HistoryEvent | null {
  const byCriterion = new Map<string, HistoryEvent[]>();
  for (const e of history) {
    if (!e.criterion) continue;
    const list = byCriterion.get(e.criterion) ?? [];
    list.push(e);
    byCriterion.set(e.criterion, list);
  }
  for (const list of byCriterion.values()) list.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return (track, criterion, phase) =>
    byCriterion.get(criterion)?.find((e) => {
      const d = e.detail;
      switch (e.kind) {
        case 'rating':
          return d.track === track && (d.phase ?? NO_PHASE) === phase;
        case 'agreed':
          return (d.phase ?? NO_PHASE) === phase;
        case 'focus':
        case 'evidence':
          return d.track === track;
        case 'lock':
        case 'evidence-item':
          return true;
        default:
          return false;
      }
    }) ?? null;
}

/** Rebuild the review document from what the store holds, migrated to the current schema. */
export function loadDocument(source: ExportSource): Y.Doc {
  const doc = new Y.Doc();
  defineRoots(doc);
  const { snapshot, updates } = source.document;
  const all = snapshot ? [snapshot, ...updates] : updates;
  if (all.length > 0) Y.applyUpdate(doc, all.length === 1 ? all[0]! : Y.mergeUpdates(all), 'load');
  migrateReview(doc, source.framework);
  return doc;
}

const textOf = (value: unknown): string => (value instanceof Y.Text ? value.toString() : '');

export function buildExportModel(source: ExportSource, doc: Y.Doc = loadDocument(source)): ExportModel {
  const fw = source.framework;
  const review = new ReviewDoc(doc, fw);
  const last = lastChanges(source.history);
  const focusMap = doc.getMap<Y.Text>(Root.focus);
  const evidenceMap = doc.getMap<Y.Text>(Root.evidence);
  const sections: SectionEntry[] = [];
  const rows: RatingRow[] = [];
  for (const section of fw.sections) {
    const entry: SectionEntry = { section, criteria: [] };
    sections.push(entry);
    for (const criterion of section.criteria) {
      const phases = review.model.phasesOf.get(criterion.id) ?? [NO_PHASE];
      const lock = review.lockOf(criterion.id) ?? null;
      const agreed = phases.map((phase) => ({
        phase,
        phaseLabel: phaseLabelOf(fw, phase),
        rating: ratingValue(fw, review.getAgreed(criterion.id, phase)),
      }));
      const tracks: TrackJudgement[] = fw.tracks.map((track) => ({
        track,
        ratings: phases.map((phase) => ({
          phase,
          phaseLabel: phaseLabelOf(fw, phase),
          rating: ratingValue(fw, review.getRating(track.id, criterion.id, phase)),
        })),
        focus: textOf(focusMap.get(`${track.id}/${criterion.id}`)),
        evidence: textOf(evidenceMap.get(`${track.id}/${criterion.id}`)),
      }));
      const items = doc.getMap<Y.Array<EvidenceItem>>(Root.evidenceItems).get(criterion.id);
      const code = criterion.code ?? criterion.title;
      entry.criteria.push({
        criterion,
        code,
        phases,
        tracks,
        agreed,
        lock,
        evidenceItems: items instanceof Y.Array ? items.toArray() : [],
      });
      for (const t of tracks) {
        t.ratings.forEach((r, i) => {
          const change = last(t.track.id, criterion.id, r.phase);
          rows.push({
            sectionCode: section.code ?? '',
            sectionTitle: section.title,
            criterionId: criterion.id,
            criterionCode: criterion.code ?? '',
            criterionTitle: criterion.title,
            track: t.track.id,
            trackLabel: t.track.label,
            phase: r.phase,
            phaseLabel: r.phaseLabel,
            rating: r.rating,
            agreed: agreed[i]?.rating ?? null,
            locked: lock !== null,
            lockedBy: lock?.byName ?? null,
            focus: t.focus,
            evidence: t.evidence,
            lastChangedBy: change?.userName ?? null,
            lastChangedAt: change?.at ?? null,
          });
        });
      }
    }
  }

  const cells = doc.getMap<Y.Text>(Root.tableCells);
  const checks = doc.getMap<unknown>(Root.checks);
  const tables: TableEntry[] = (fw.tables ?? []).map((table) => {
    const cellText = (row: string, col: string) => textOf(cells.get(cellKey(table.id, row, col)));
    const fixed = table.rows
      // An example row the review removed is not part of its record; one it reworded reads as reworded.
      .filter((row) => !(row.example && checks.has(checkKey('example', exampleRowItem(table.id, row.id)))))
      .map((row) => ({
        id: row.id,
        label: (row.example && cellText(row.id, EXAMPLE_LABEL).trim()) || row.label,
        ...(row.group ? { group: row.group } : {}),
        // Values the source fixes (Milton Keynes' 2013 targets) print as the source gives them.
        cells: table.columns.map((col) => row.values?.[col.id] ?? cellText(row.id, col.id)),
      }));
    const addedRows = doc.getMap<Y.Array<TableRow>>(Root.tableRows).get(table.id);
    const added = (addedRows instanceof Y.Array ? addedRows.toArray() : []).map((row, i) => ({
      id: row.id,
      label: cellText(row.id, ROW_NAME).trim() || `${table.rowHeader ?? 'Row'} ${table.rows.length + i + 1}`,
      added: { byName: row.byName, at: row.at },
      cells: table.columns.map((col) => cellText(row.id, col.id)),
    }));
    return { table, rows: [...fixed, ...added] };
  });
  tables.push(...decisionTables(review));

  const fields = doc.getMap<unknown>(Root.formFields);
  const forms: FormEntry[] = (fw.forms ?? []).map((form) => {
    const gradeLabel = (id: string) => form.grades?.find((g) => g.id === id)?.label ?? id;
    const valueOf = (section: string, field: { id: string; kind: string }): string => {
      const value = fields.get(formKey(form.id, section, field.id));
      if (typeof value === 'string') return field.kind === 'grade' ? gradeLabel(value) : value;
      return textOf(value);
    };
    const part = (section: { id: string; title: string } | null, list: Form['sections'][number]['fields']) => ({
      section,
      fields: list.map((f) => ({ id: f.id, label: f.label, kind: f.kind, value: valueOf(section?.id ?? NO_PHASE, f) })),
    });
    return {
      form,
      parts: [
        ...(form.fields?.length ? [part(null, form.fields)] : []),
        ...form.sections.map((s) => part({ id: s.id, title: s.title }, s.fields)),
      ],
    };
  });

  return {
    framework: fw,
    review: source.review,
    exportedAt: source.exportedAt,
    exportedBy: source.exportedBy,
    people: source.people,
    ...(source.status ? { status: source.status } : {}),
    ...(source.signOffs ? { signOffs: source.signOffs } : {}),
    ...(source.overall ? { overall: source.overall } : recordedOveralls(review)),
    levels: fw.scale.levels,
    phases: (fw.phases ?? []).map((p) => ({ id: p.id, label: p.label })),
    sections,
    rows,
    tables,
    forms,
    indicative: judgeReview(review).overalls,
  };
}

/**
 * The overall judgements the meeting recorded in the document, with the rules' suggestion beside
 * each; scopes with neither are left out. Named by track only where the framework has several.
 */
function recordedOveralls(review: ReviewDoc): { overall?: ExportOverall[] } {
  const several = review.framework.tracks.length > 1;
  const overall = review
    .overallJudgements()
    .filter((o) => o.recorded !== undefined || o.suggested !== null)
    .map((o): ExportOverall => ({
      scope: several ? `${o.trackLabel} · ${o.scopeLabel}` : o.scopeLabel,
      level: o.recorded?.level ?? null,
      indicative: o.suggested,
      ...(o.recorded ? { rationale: o.recorded.rationale, by: o.recorded.byName, at: o.recorded.at } : {}),
    }));
  return overall.length > 0 ? { overall } : {};
}

/** Columns of the tidy ratings table (CSV and the workbook's "Ratings" sheet), in order. */
export const ratingColumns = [
  'Section',
  'Criterion code',
  'Criterion',
  'Track',
  'Phase',
  'Rating',
  'Rating code',
  'Agreed',
  'Locked',
  'Development focus',
  'Evidence',
  'Last changed by',
  'Last changed at',
] as const;

export function ratingRecord(row: RatingRow): string[] {
  return [
    [row.sectionCode, row.sectionTitle].filter(Boolean).join(' '),
    row.criterionCode,
    row.criterionTitle,
    row.trackLabel,
    row.phaseLabel,
    row.rating?.label ?? '',
    row.rating?.code ?? '',
    row.agreed ? ratingText(row.agreed) : '',
    row.locked ? `Locked${row.lockedBy ? ` by ${row.lockedBy}` : ''}` : '',
    row.focus,
    row.evidence,
    row.lastChangedBy ?? '',
    row.lastChangedAt ?? '',
  ];
}

/** "14 March 2026", the date as people in England write it. */
export const longDate = (iso: string): string =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export const dateTime = (iso: string): string =>
  new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }) + ' UTC';

/** The provenance as one line per fact, for the title page. */
export function provenanceLines(fw: Framework): string[] {
  const p = fw.provenance;
  return [
    `Source: ${p.title}`,
    p.publisher ? `Publisher: ${p.publisher}` : '',
    p.date ? `Date: ${p.date}` : '',
    p.reference ? `Reference: ${p.reference}` : '',
    `Framework: ${fw.id}, version ${fw.version}`,
    p.notes ? `Notes: ${p.notes}` : '',
  ].filter(Boolean);
}

/** "1 Leadership and management", without repeating a code the title already starts with ("RAG 1 – …"). */
export const sectionName = (section: Section, gap = ' '): string =>
  section.code && !section.title.startsWith(section.code) ? `${section.code}${gap}${section.title}` : section.title;

/** Sections under the group the source places them in (the LA standards' RAG groups), in order. */
export function sectionGroups(model: ExportModel): { group: string | null; sections: SectionEntry[] }[] {
  const out: { group: string | null; sections: SectionEntry[] }[] = [];
  for (const entry of model.sections) {
    const group = entry.section.group ?? null;
    const lastGroup = out.at(-1);
    if (lastGroup && lastGroup.group === group && group !== null) lastGroup.sections.push(entry);
    else out.push({ group, sections: [entry] });
  }
  return out;
}

/** Which tracks rated which level: level id → "LA self-evaluation: Primary, Secondary". */
export function ratedMarks(entry: CriterionEntry, multiPhase: boolean): Map<string, string[]> {
  const marks = new Map<string, string[]>();
  for (const t of entry.tracks) {
    const byLevel = new Map<string, string[]>();
    for (const r of t.ratings) {
      if (!r.rating) continue;
      const list = byLevel.get(r.rating.id) ?? [];
      if (r.phaseLabel) list.push(r.phaseLabel);
      byLevel.set(r.rating.id, list);
    }
    for (const [level, phases] of byLevel) {
      const list = marks.get(level) ?? [];
      list.push(multiPhase && phases.length ? `${t.track.label}: ${phases.join(', ')}` : t.track.label);
      marks.set(level, list);
    }
  }
  return marks;
}

/** The file name offered for download: the title, made safe, and the format's extension. */
export function fileName(model: Pick<ExportModel, 'review'>, format: ExportFormat): string {
  const base =
    model.review.title
      .normalize('NFKD')
      .replace(/[^\w\s.-]/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .slice(0, 80) || 'review';
  return `${base}.${format}`;
}
