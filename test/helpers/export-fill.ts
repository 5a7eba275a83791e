import type { Framework } from '../../shared/framework/schema.ts';
import type { ReviewDoc } from '../../shared/review/accessors.ts';
import type { Author } from '../../shared/review/entities.ts';
import { NOT_APPLICABLE } from '../../shared/review/keys.ts';

/** What a filled review holds, to look for in each export. */
export interface Filled {
  /** One per track × criterion × phase that has levels: the level id rated (or n/a). */
  ratings: { track: string; criterion: string; phase: string; rating: string }[];
  /** track/criterion → text. */
  focus: Map<string, string>;
  evidence: Map<string, string>;
  /** Texts typed into tables and forms. */
  tableTexts: string[];
  formTexts: string[];
  lockedCriterion: string;
}

/** Short, distinct, searchable text (no hyphenation points, so PDF line breaks cannot split it). */
const tag = (kind: string, track: string, criterion: string) =>
  `${kind} ${track} ${criterion.replace(/[^A-Za-z0-9]/g, 'x')} zq`;

/**
 * Rate every track, criterion and phase (cycling through the levels, an N/A where the scale offers
 * it), write focus and evidence for each, an evidence item, the tables and the forms, agree and
 * lock one criterion. Works on any review document, a client's or a local one.
 */
export function fillReview(review: ReviewDoc, who: Author): Filled {
  const fw: Framework = review.framework;
  const levels = fw.scale.levels.map((l) => l.id);
  const filled: Filled = {
    ratings: [],
    focus: new Map(),
    evidence: new Map(),
    tableTexts: [],
    formTexts: [],
    lockedCriterion: '',
  };
  let i = 0;
  const first = fw.sections[0]!.criteria.find((c) => c.pending === undefined)!;
  review.doc.transact(() => {
    fw.tracks.forEach((track, t) => {
      for (const section of fw.sections)
        for (const criterion of section.criteria) {
          const focus = tag('Focus', track.id, criterion.id);
          const evidence = tag('Evidence', track.id, criterion.id);
          review.focus(track.id, criterion.id).insert(0, focus);
          review.evidence(track.id, criterion.id).insert(0, evidence);
          filled.focus.set(`${track.id}/${criterion.id}`, focus);
          filled.evidence.set(`${track.id}/${criterion.id}`, evidence);
          if (criterion.pending !== undefined) continue;
          for (const phase of review.model.phasesOf.get(criterion.id) ?? []) {
            i++;
            const rating = fw.scale.notApplicable && i % 7 === 0 ? NOT_APPLICABLE : levels[(i + t) % levels.length]!;
            review.setRating(track.id, criterion.id, phase, rating);
            filled.ratings.push({ track: track.id, criterion: criterion.id, phase, rating });
          }
        }
    });
    for (const phase of review.model.phasesOf.get(first.id) ?? []) review.setAgreed(first.id, phase, levels[0]!);
    review.addEvidenceItem(first.id, who, `Evidence item for ${first.id} zq`);
    for (const table of fw.tables ?? []) {
      for (const row of table.rows)
        for (const col of table.columns) {
          const text = col.kind === 'date' ? '2026-03-14' : `Cell ${table.id} ${row.id} ${col.id} zq`;
          review.cell(table.id, row.id, col.id).insert(0, text);
          if (col.kind !== 'date') filled.tableTexts.push(text);
        }
      if (table.openRows) {
        for (let r = 0; r < 2; r++) {
          const row = review.addTableRow(table.id, who);
          table.columns.forEach((col) => {
            const text = col.kind === 'date' ? `2026-0${r + 4}-01` : `Added ${table.id} ${r} ${col.id} zq`;
            review.cell(table.id, row.id, col.id).insert(0, text);
            if (col.kind !== 'date') filled.tableTexts.push(text);
          });
        }
      }
    }
    for (const form of fw.forms ?? []) {
      const sections = [{ id: '-', fields: form.fields ?? [] }, ...form.sections];
      for (const section of sections)
        for (const field of section.fields) {
          if (field.kind === 'grade') {
            const grade = form.grades?.[0]?.id;
            if (grade) review.setFormGrade(form.id, section.id, field.id, grade);
            continue;
          }
          const text = field.kind === 'date' ? '2026-03-14' : `Form ${section.id} ${field.id} zq`;
          review.formText(form.id, section.id, field.id).insert(0, text);
          if (field.kind !== 'date') filled.formTexts.push(text);
        }
    }
  });
  review.setLocked(first.id, who);
  filled.lockedCriterion = first.id;
  return filled;
}
