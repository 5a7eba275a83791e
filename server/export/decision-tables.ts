import type { Framework, Table } from '../../shared/framework/schema.ts';
import type { ReviewDoc } from '../../shared/review/accessors.ts';
import { bestFitRows, moderationReport } from '../../shared/review/report.ts';
import { phaseLabelOf, ratingText, ratingValue, type TableEntry } from './model.ts';

const column = (id: string, label: string, kind: 'text' | 'date' = 'text') => ({ id, label, kind });
/** A table of the meeting's own rows (none fixed by the source), each labelled under `rowHeader`. */
const table = (
  id: string,
  title: string,
  rowHeader: string,
  columns: Table['columns'],
  description?: string,
): Table => ({
  id,
  title,
  rowHeader,
  ...(description ? { description } : {}),
  columns,
  rows: [],
});

const criterionName = (fw: Framework, id: string): string => {
  const c = fw.sections.flatMap((s) => s.criteria).find((x) => x.id === id);
  return c ? (c.code ? `${c.code} ${c.title}` : c.title) : id;
};
const level = (fw: Framework, id: string | null): string => ratingText(ratingValue(fw, id), '');

const outcomeText = {
  agreed: 'Agreed',
  'self-stands': 'Self-evaluation stands',
  'moderator-stands': "Moderator's view stands",
};

/**
 * What the meeting decided beyond the grid, as tables every format already lays out: the action
 * plan (each priority, then its activity rows), the suggested best fit with its reasons, and the
 * moderation outcomes with the overall statement. Left out where the review has none.
 */
export function decisionTables(review: ReviewDoc): TableEntry[] {
  const fw = review.framework;
  const tables: TableEntry[] = [];

  const plan = review.actionPlan();
  const actions = [
    ...plan.priorities.flatMap((p) => p.actions.map((a) => ({ a, p: p.priority.title }))),
    ...plan.actions.map((a) => ({ a, p: '' })),
  ];
  if (plan.priorities.length > 0)
    tables.push({
      table: table('plan-priorities', 'Action plan: priorities', 'Priority', [
        column('position', 'Current position'),
        column('success', 'Success criteria'),
        column('targets', 'Targets'),
        column('evaluation', 'Evaluation & responsible'),
        column('often', 'How often'),
      ]),
      rows: plan.priorities.map(({ priority: p }) => ({
        id: p.id,
        label: p.title,
        cells: [p.currentPosition, p.successCriteria, p.targets, p.evaluation, p.howOften],
      })),
    });
  if (actions.length > 0)
    tables.push({
      table: table('plan-actions', 'Action plan: actions', 'Action', [
        column('priority', 'Priority'),
        column('owner', 'Owner'),
        column('start', 'Start', 'date'),
        column('due', 'Due', 'date'),
        column('success', 'Success criteria'),
        column('progress', 'Progress'),
        column('rag', 'RAG'),
        column('criterion', 'Criterion'),
      ]),
      rows: actions.map(({ a, p }) => ({
        id: a.id,
        label: a.what,
        cells: [
          p,
          a.owner,
          a.start ?? '',
          a.due ?? '',
          a.successCriteria,
          a.progress,
          a.rag ?? '',
          a.criterion ? criterionName(fw, a.criterion) : '',
        ],
      })),
    });

  const fits = bestFitRows(review);
  if (fits.length > 0) {
    const tracks = new Map(fw.tracks.map((t) => [t.id, t.label]));
    tables.push({
      table: table(
        'best-fit',
        'Suggested best fit',
        'Criterion',
        [
          column('phase', 'Phase'),
          column('suggested', 'Suggested'),
          column('rating', 'Rating'),
          column('reasons', 'Why'),
        ],
        'Worked out from the statements marked as evidenced; advisory, never applied by itself.',
      ),
      rows: fits.map((r) => ({
        id: `${r.track}/${r.criterion}/${r.phase}`,
        label: criterionName(fw, r.criterion),
        ...(fw.tracks.length > 1 ? { group: tracks.get(r.track) ?? r.track } : {}),
        cells: [phaseLabelOf(fw, r.phase), level(fw, r.suggested), level(fw, r.rating), r.reasons],
      })),
    });
  }

  const moderation = moderationReport(review);
  const decided = moderation?.rows.filter((r) => r.outcome !== null) ?? [];
  if (moderation && (decided.length > 0 || moderation.statement.trim() !== '')) {
    const tracks = new Map(fw.tracks.map((t) => [t.id, t.label]));
    tables.push({
      table: table(
        'moderation',
        'Moderation',
        'Criterion',
        [
          column('phase', 'Phase'),
          column('self', tracks.get(moderation.selfTrack) ?? moderation.selfTrack),
          column('moderator', tracks.get(moderation.moderatorTrack) ?? moderation.moderatorTrack),
          column('outcome', 'Outcome'),
          column('reason', 'Reason'),
        ],
        moderation.statement.trim() || undefined,
      ),
      rows: decided.map((r) => ({
        id: `${r.criterion}/${r.phase}`,
        label: criterionName(fw, r.criterion),
        cells: [
          phaseLabelOf(fw, r.phase),
          level(fw, r.self),
          level(fw, r.moderator),
          `${outcomeText[r.outcome!]}${r.byDefault ? ' (the framework’s default)' : ''}`,
          r.reason,
        ],
      })),
    });
  }
  return tables;
}
