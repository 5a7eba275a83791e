import type { Framework } from '../framework/schema.ts';
import { statementsOf } from './statements.ts';
import { NO_PHASE, NOT_APPLICABLE, agreedKey, cellKey, formKey, ratingKey, textKey } from './keys.ts';
import { checkKey, overallDefinition, overallKey } from './overall-scopes.ts';

/**
 * Everything a review of one framework may contain, as sets of keys: the skeleton builder writes
 * exactly these, and the update validator accepts nothing else.
 */
export interface ReviewModel {
  framework: Framework;
  /** Phase ids each criterion is judged in ([NO_PHASE] for frameworks without phases). */
  phasesOf: Map<string, string[]>;
  criteria: Set<string>;
  ratingKeys: Set<string>;
  agreedKeys: Set<string>;
  textKeys: Set<string>;
  /** Values a rating may take. */
  ratingValues: Set<string>;
  /** Fixed table cells, built with the skeleton. */
  cellKeys: Set<string>;
  /** Tables whose rows users may add, with their column ids. */
  openTables: Map<string, string[]>;
  formTextKeys: Set<string>;
  /** Grade field key → grade ids it accepts. */
  formGradeKeys: Map<string, Set<string>>;
  /** `overalls`: one recorded overall per track and scope (overall-scopes.ts). */
  overallKeys: Set<string>;
  /** `checks`: conditions and triggers that can be ticked. */
  checkKeys: Set<string>;
  /** School types the triggers distinguish (empty: no school type to record). */
  schoolTypes: Set<string>;
  /**
   * Refs of a criterion's statements that can be marked (descriptor bullets, rule conditions);
   * undefined for no criterion of the framework. Worked out at a criterion's first mark, not with
   * the model: for 1,000 criteria they were half of building it, on a page's first load.
   */
  statementRefsOf(criterion: string): ReadonlySet<string> | undefined;
}

export function phasesOfCriterion(fw: Framework, criterionPhases: string[] | undefined): string[] {
  const all = (fw.phases ?? []).map((p) => p.id);
  if (all.length === 0) return [NO_PHASE];
  return criterionPhases?.length ? all.filter((p) => criterionPhases.includes(p)) : all;
}

/**
 * An example row's own wording in a review: a table cell under this pseudo-column, which no
 * framework column can be (ids start with a letter or digit). Empty keeps the source's example.
 */
export const EXAMPLE_LABEL = '~label';
/** `checks` item (kind "example") for an example row the review has removed. */
export const exampleRowItem = (table: string, row: string): string => `${table}/${row}`;

const cache = new WeakMap<Framework, ReviewModel>();

export function reviewModel(fw: Framework): ReviewModel {
  const cached = cache.get(fw);
  if (cached) return cached;
  const statementRefs = new Map<string, ReadonlySet<string>>();
  const model: ReviewModel = {
    framework: fw,
    phasesOf: new Map(),
    criteria: new Set(),
    ratingKeys: new Set(),
    agreedKeys: new Set(),
    textKeys: new Set(),
    ratingValues: new Set(fw.scale.levels.map((l) => l.id)),
    cellKeys: new Set(),
    openTables: new Map(),
    formTextKeys: new Set(),
    formGradeKeys: new Map(),
    overallKeys: new Set(),
    checkKeys: new Set(),
    schoolTypes: new Set(),
    statementRefsOf: (criterion) => {
      if (!model.criteria.has(criterion)) return undefined;
      let refs = statementRefs.get(criterion);
      if (!refs) statementRefs.set(criterion, (refs = new Set(statementsOf(fw, criterion).map((s) => s.ref))));
      return refs;
    },
  };
  if (fw.scale.notApplicable) model.ratingValues.add(NOT_APPLICABLE);
  for (const section of fw.sections) {
    for (const criterion of section.criteria) {
      const phases = phasesOfCriterion(fw, criterion.phases);
      model.criteria.add(criterion.id);
      model.phasesOf.set(criterion.id, phases);
      for (const phase of phases) model.agreedKeys.add(agreedKey(criterion.id, phase));
      for (const track of fw.tracks) {
        model.textKeys.add(textKey(track.id, criterion.id));
        for (const phase of phases) model.ratingKeys.add(ratingKey(track.id, criterion.id, phase));
      }
    }
  }
  for (const table of fw.tables ?? []) {
    for (const row of table.rows) {
      // Cells the source fixes are shown as printed and have no text to edit.
      for (const col of table.columns)
        if (row.values?.[col.id] === undefined) model.cellKeys.add(cellKey(table.id, row.id, col.id));
      if (row.example) {
        model.cellKeys.add(cellKey(table.id, row.id, EXAMPLE_LABEL));
        model.checkKeys.add(checkKey('example', exampleRowItem(table.id, row.id)));
      }
    }
    if (table.openRows)
      model.openTables.set(
        table.id,
        table.columns.map((c) => c.id),
      );
  }
  for (const form of fw.forms ?? []) {
    const grades = new Set((form.grades ?? []).map((g) => g.id));
    const sections = [{ id: NO_PHASE, fields: form.fields ?? [] }, ...form.sections];
    for (const section of sections) {
      for (const field of section.fields) {
        const key = formKey(form.id, section.id, field.id);
        if (field.kind === 'grade') model.formGradeKeys.set(key, grades);
        else model.formTextKeys.add(key);
      }
    }
  }
  const overall = overallDefinition(fw);
  for (const track of fw.tracks)
    for (const scope of overall.scopes) model.overallKeys.add(overallKey(track.id, scope.id));
  for (const list of overall.checkLists)
    for (const item of list.items) model.checkKeys.add(checkKey(list.kind, item.id));
  for (const item of overall.critical) model.checkKeys.add(checkKey('critical', item.id));
  for (const type of overall.schoolTypes) model.schoolTypes.add(type.id);
  cache.set(fw, model);
  return model;
}
