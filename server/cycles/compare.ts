import { diffWords } from 'diff';
import type * as Y from 'yjs';
import type { Framework } from '../../shared/framework/schema.ts';
import { headlineRating, moveOf, summariseDoc, type Move } from '../../shared/cycles/figures.ts';
import type { EvidenceItem } from '../../shared/review/entities.ts';
import { NO_PHASE, NOT_APPLICABLE, textKey } from '../../shared/review/keys.ts';
import { reviewModel } from '../../shared/review/model.ts';
import { Root } from '../../shared/review/roots.ts';
import type { Comparison, ComparisonSide, RatingChange, TextChange } from '../../shared/protocol/cycles.ts';
import { docOf } from './stored-state.ts';

/** One side of a comparison, resolved from `from`/`to`: what the answer names, and the state read. */
export type Side = Omit<ComparisonSide, 'frameworkId' | 'frameworkVersion'> & {
  framework: Framework;
  state: Uint8Array;
};

export type { Comparison, RatingChange, TextChange };

function labelOf(fw: Framework, rating: string | null): string | null {
  if (rating === null) return null;
  if (rating === NOT_APPLICABLE) return fw.scale.notApplicable?.label ?? 'Not applicable';
  const level = fw.scale.levels.find((l) => l.id === rating);
  return level ? (level.code ? `${level.code} ${level.label}` : level.label) : rating;
}

function itemsText(doc: Y.Doc, criterion: string): string {
  const items = doc.getMap<Y.Array<EvidenceItem>>(Root.evidenceItems).get(criterion)?.toArray() ?? [];
  return items.map((i) => (i.url ? `${i.text} (${i.url})` : i.text)).join('\n');
}

const describe = (side: Side) => {
  const { state: _state, framework, ...rest } = side;
  return { ...rest, frameworkId: framework.id, frameworkVersion: framework.version };
};

/**
 * Criterion by criterion, in the later framework's order (then criteria the later one dropped):
 * each phase's headline rating before and after, up or down by how many ranks of the scale; then
 * every focus, evidence note and evidence list that changed, as a word diff.
 */
export function compareSides(from: Side, to: Side): Comparison {
  const a = docOf([from.state]);
  const b = docOf([to.state]);
  try {
    const sa = summariseDoc(a);
    const sb = summariseDoc(b);
    const modelA = reviewModel(from.framework);
    const modelB = reviewModel(to.framework);
    const counts: Record<Move, number> = {
      up: 0,
      down: 0,
      same: 0,
      rated: 0,
      cleared: 0,
      changed: 0,
      unrated: 0,
      added: 0,
      removed: 0,
    };
    const ratings: RatingChange[] = [];
    const texts: TextChange[] = [];
    const criteriaB = to.framework.sections.flatMap((s) => s.criteria);
    const idsB = new Set(criteriaB.map((c) => c.id));
    const dropped = from.framework.sections.flatMap((s) => s.criteria).filter((c) => !idsB.has(c.id));
    for (const criterion of [...criteriaB, ...dropped]) {
      if (criterion.pending !== undefined) continue;
      const inA = modelA.criteria.has(criterion.id);
      const inB = modelB.criteria.has(criterion.id);
      const phases = [
        ...new Set([...(modelB.phasesOf.get(criterion.id) ?? []), ...(modelA.phasesOf.get(criterion.id) ?? [])]),
      ];
      for (const phase of phases) {
        const before = inA ? (headlineRating(from.framework, sa, criterion.id, phase) ?? null) : null;
        const after = inB ? (headlineRating(to.framework, sb, criterion.id, phase) ?? null) : null;
        const { move, size } = !inA
          ? { move: 'added' as const, size: 0 }
          : !inB
            ? { move: 'removed' as const, size: 0 }
            : moveOf(from.framework, before, to.framework, after);
        counts[move]++;
        ratings.push({
          criterion: criterion.id,
          code: criterion.code ?? null,
          title: criterion.title,
          phase,
          from: before,
          to: after,
          fromLabel: labelOf(from.framework, before),
          toLabel: labelOf(to.framework, after),
          move,
          size,
        });
      }
      const tracks = [...new Set([...to.framework.tracks, ...from.framework.tracks].map((t) => t.id))];
      const fields: [TextChange['field'], (doc: Y.Doc, track: string) => string][] = [
        ['focus', (doc, track) => doc.getMap<Y.Text>(Root.focus).get(textKey(track, criterion.id))?.toString() ?? ''],
        [
          'evidence',
          (doc, track) => doc.getMap<Y.Text>(Root.evidence).get(textKey(track, criterion.id))?.toString() ?? '',
        ],
      ];
      for (const track of tracks) {
        for (const [field, read] of fields) {
          const before = read(a, track);
          const after = read(b, track);
          if (before !== after) texts.push(textChange(criterion, track, field, before, after));
        }
      }
      const beforeItems = itemsText(a, criterion.id);
      const afterItems = itemsText(b, criterion.id);
      if (beforeItems !== afterItems)
        texts.push(textChange(criterion, NO_PHASE, 'evidence items', beforeItems, afterItems));
    }
    return { from: describe(from), to: describe(to), counts, ratings, texts };
  } finally {
    a.destroy();
    b.destroy();
  }
}

function textChange(
  criterion: { id: string; code?: string; title: string },
  track: string,
  field: TextChange['field'],
  from: string,
  to: string,
): TextChange {
  return {
    criterion: criterion.id,
    code: criterion.code ?? null,
    title: criterion.title,
    track,
    field,
    from,
    to,
    diff: diffWords(from, to).map((part) => ({
      op: part.added ? 'added' : part.removed ? 'removed' : 'same',
      text: part.value,
    })),
  };
}

/** A spreadsheet cell: quoted, and never read as a formula (a leading = + - @ is prefixed with '). */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The comparison as CSV: one row per criterion and phase, then one per changed text. */
export function comparisonCsv(c: Comparison): string {
  const rows: (string | number | null)[][] = [
    ['kind', 'criterion', 'title', 'phase or track', 'from', 'to', 'move', 'size'],
  ];
  for (const r of c.ratings)
    rows.push([
      'rating',
      r.code ?? r.criterion,
      r.title,
      r.phase === NO_PHASE ? '' : r.phase,
      r.fromLabel,
      r.toLabel,
      r.move,
      r.size,
    ]);
  for (const t of c.texts)
    rows.push([
      t.field,
      t.code ?? t.criterion,
      t.title,
      t.track === NO_PHASE ? '' : t.track,
      t.from,
      t.to,
      'changed',
      null,
    ]);
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
