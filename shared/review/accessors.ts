import * as Y from 'yjs';
import type { Framework } from '../framework/schema.ts';
import {
  actionEntrySchema,
  checkSchema,
  recordedOverallSchema,
  type Action,
  type ActionEntry,
  type ActionInput,
  type Check,
  type Priority,
  type PriorityInput,
  type RecordedOverall,
} from './decisions.ts';
import type {
  Author,
  Comment,
  CommentStatus,
  EvidenceItem,
  Lock,
  ModerationOutcome,
  ModerationOutcomeKind,
  StatementMark,
  TableRow,
} from './entities.ts';
import {
  SCHOOL_TYPE_KEY,
  checkKey,
  overallDefinition,
  overallKey,
  suggestOveralls,
  type CheckKind,
  type OverallDefinition,
  type OverallScope,
  type SuggestedOverall,
} from './overall-scopes.ts';
import {
  MODERATION_STATEMENT,
  NO_PHASE,
  ROW_NAME,
  agreedKey,
  cellKey,
  formKey,
  markKey,
  ratingKey,
  textKey,
} from './keys.ts';
import { reviewModel, type ReviewModel } from './model.ts';
import { Root } from './roots.ts';
import type { RootModule } from './roots/root-module.ts';
import type { ReviewMeta } from './skeleton.ts';
import type { Mark } from './statements.ts';

export class MissingStructureError extends Error {
  constructor(root: string, key: string) {
    super(`The review document has no ${root} "${key}"; it was built for another framework version.`);
  }
}

/** A random id for items, rows and comments (URL-safe, 16 chars). */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

const now = (): string => new Date().toISOString();

/** Without the keys whose value is undefined: a stored value never carries an empty optional field. */
const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/**
 * Typed access to a review document. Reads and writes only what the skeleton built; a missing
 * structure is an error, never created on the spot.
 */
export class ReviewDoc {
  readonly model: ReviewModel;

  constructor(
    readonly doc: Y.Doc,
    framework: Framework,
  ) {
    this.model = reviewModel(framework);
  }

  get framework(): Framework {
    return this.model.framework;
  }

  /** Any root's map, typed by its module: a root added later is read and written through its module, with no change here. */
  root<V>(module: RootModule<string, V, string>): Y.Map<V> {
    return module.of(this.doc);
  }

  meta(): ReviewMeta {
    return this.doc.getMap(Root.meta).toJSON() as ReviewMeta;
  }

  get ratings(): Y.Map<string> {
    return this.doc.getMap<string>(Root.ratings);
  }

  getRating(track: string, criterion: string, phase: string = NO_PHASE): string | undefined {
    return this.ratings.get(ratingKey(track, criterion, phase));
  }

  /** Set a level id (or NOT_APPLICABLE); null clears the rating. */
  setRating(track: string, criterion: string, phase: string, level: string | null): void {
    const key = ratingKey(track, criterion, phase);
    if (!this.model.ratingKeys.has(key)) throw new MissingStructureError('rating', key);
    if (level !== null && !this.model.ratingValues.has(level))
      throw new Error(`"${level}" is not a level of this framework`);
    if (level === null) this.ratings.delete(key);
    else this.ratings.set(key, level);
  }

  getAgreed(criterion: string, phase: string = NO_PHASE): string | undefined {
    return this.doc.getMap<string>(Root.agreed).get(agreedKey(criterion, phase));
  }

  setAgreed(criterion: string, phase: string, level: string | null): void {
    const key = agreedKey(criterion, phase);
    if (!this.model.agreedKeys.has(key)) throw new MissingStructureError('agreed rating', key);
    if (level !== null && !this.model.ratingValues.has(level))
      throw new Error(`"${level}" is not a level of this framework`);
    const map = this.doc.getMap<string>(Root.agreed);
    if (level === null) map.delete(key);
    else map.set(key, level);
  }

  lockOf(criterion: string): Lock | undefined {
    return this.doc.getMap<Lock>(Root.locks).get(criterion);
  }

  setLocked(criterion: string, who: Author | null): void {
    if (!this.model.criteria.has(criterion)) throw new MissingStructureError('criterion', criterion);
    const locks = this.doc.getMap<Lock>(Root.locks);
    if (who === null) locks.delete(criterion);
    else locks.set(criterion, { by: who.id, byName: who.name, at: now() });
  }

  private text(root: string, key: string): Y.Text {
    const value = this.doc.getMap<Y.Text>(root).get(key);
    if (!(value instanceof Y.Text)) throw new MissingStructureError(root, key);
    return value;
  }

  focus(track: string, criterion: string): Y.Text {
    return this.text(Root.focus, textKey(track, criterion));
  }

  evidence(track: string, criterion: string): Y.Text {
    return this.text(Root.evidence, textKey(track, criterion));
  }

  private array<T>(root: string, key: string): Y.Array<T> {
    const value = this.doc.getMap<Y.Array<T>>(root).get(key);
    if (!(value instanceof Y.Array)) throw new MissingStructureError(root, key);
    return value;
  }

  evidenceItems(criterion: string): Y.Array<EvidenceItem> {
    return this.array<EvidenceItem>(Root.evidenceItems, criterion);
  }

  addEvidenceItem(criterion: string, who: Author, text: string, url?: string): EvidenceItem {
    const item: EvidenceItem = { id: newId(), text, ...(url ? { url } : {}), by: who.id, byName: who.name, at: now() };
    this.evidenceItems(criterion).push([item]);
    return item;
  }

  comments(criterion: string): Y.Array<Comment> {
    return this.array<Comment>(Root.comments, criterion);
  }

  addComment(criterion: string, who: Author, text: string): Comment {
    const comment: Comment = { id: newId(), text, by: who.id, byName: who.name, at: now() };
    this.comments(criterion).push([comment]);
    return comment;
  }

  commentStatus(commentId: string): CommentStatus | undefined {
    return this.doc.getMap<CommentStatus>(Root.commentStatus).get(commentId);
  }

  setCommentResolved(commentId: string, who: Author, resolved: boolean): void {
    this.doc
      .getMap<CommentStatus>(Root.commentStatus)
      .set(commentId, { resolved, by: who.id, byName: who.name, at: now() });
  }

  cell(table: string, row: string, column: string): Y.Text {
    return this.text(Root.tableCells, cellKey(table, row, column));
  }

  addedRows(table: string): Y.Array<TableRow> {
    return this.array<TableRow>(Root.tableRows, table);
  }

  /** Add a row to an open table; its cells get keys no other client can produce, so creating them here is safe. */
  addTableRow(table: string, who: Author): TableRow {
    const columns = this.model.openTables.get(table);
    if (!columns) throw new Error(`table "${table}" does not take new rows`);
    const row: TableRow = { id: newId(), by: who.id, byName: who.name, at: now() };
    this.doc.transact(() => {
      const cells = this.doc.getMap<Y.Text>(Root.tableCells);
      for (const column of columns) cells.set(cellKey(table, row.id, column), new Y.Text());
      cells.set(cellKey(table, row.id, ROW_NAME), new Y.Text());
      this.addedRows(table).push([row]);
    });
    return row;
  }

  /** An added row's name, if it has one (rows added before names existed have none until named). */
  rowName(table: string, row: string): Y.Text | undefined {
    const value = this.doc.getMap<Y.Text>(Root.tableCells).get(cellKey(table, row, ROW_NAME));
    return value instanceof Y.Text ? value : undefined;
  }

  /** Rename an added row (its author or a facilitator; the server refuses anyone else). */
  renameTableRow(table: string, row: string, name: string): void {
    if (
      !this.addedRows(table)
        .toArray()
        .some((r) => r.id === row)
    )
      throw new MissingStructureError('table row', row);
    this.doc.transact(() => {
      let text = this.rowName(table, row);
      if (!text) {
        text = new Y.Text();
        this.doc.getMap<Y.Text>(Root.tableCells).set(cellKey(table, row, ROW_NAME), text);
      }
      text.delete(0, text.length);
      text.insert(0, name.trim());
    });
  }

  /** Remove an added row (its author or a facilitator); its cells stay in the document, unreachable. */
  removeTableRow(table: string, row: string): void {
    const rows = this.addedRows(table);
    const index = rows.toArray().findIndex((r) => r.id === row);
    if (index < 0) throw new MissingStructureError('table row', row);
    rows.delete(index, 1);
  }

  formText(form: string, section: string, field: string): Y.Text {
    return this.text(Root.formFields, formKey(form, section, field));
  }

  getFormGrade(form: string, section: string, field: string): string | undefined {
    const value = this.doc.getMap<unknown>(Root.formFields).get(formKey(form, section, field));
    return typeof value === 'string' ? value : undefined;
  }

  setFormGrade(form: string, section: string, field: string, grade: string | null): void {
    const key = formKey(form, section, field);
    const grades = this.model.formGradeKeys.get(key);
    if (!grades) throw new MissingStructureError('form grade', key);
    if (grade !== null && !grades.has(grade)) throw new Error(`"${grade}" is not a grade of this form`);
    const map = this.doc.getMap<unknown>(Root.formFields);
    if (grade === null) map.delete(key);
    else map.set(key, grade);
  }

  // ---- Overall judgements: suggested by the rules, recorded by facilitators ----

  /** The overalls this framework asks for, and the conditions and triggers that can be ticked. */
  get overallDefinition(): OverallDefinition {
    return overallDefinition(this.framework);
  }

  get overalls(): Y.Map<RecordedOverall> {
    return this.doc.getMap<RecordedOverall>(Root.overalls);
  }

  /** The overall recorded for a track and scope; undefined while none is (or the value is damaged). */
  getOverall(track: string, scope: string): RecordedOverall | undefined {
    const parsed = recordedOverallSchema.safeParse(this.overalls.get(overallKey(track, scope)));
    return parsed.success ? parsed.data : undefined;
  }

  /** Record the meeting's overall judgement (the server accepts it from facilitators only); null clears it. */
  recordOverall(
    track: string,
    scope: string,
    who: Author,
    decision: { level: string; rationale: string } | null,
  ): void {
    const key = overallKey(track, scope);
    if (!this.model.overallKeys.has(key)) throw new MissingStructureError('overall', key);
    if (decision === null) {
      this.overalls.delete(key);
      return;
    }
    if (!this.framework.scale.levels.some((l) => l.id === decision.level))
      throw new Error(`"${decision.level}" is not a level of this framework`);
    const rationale = decision.rationale.trim();
    if (!rationale) throw new Error('An overall judgement needs a rationale');
    this.overalls.set(key, { level: decision.level, rationale, by: who.id, byName: who.name, at: now() });
  }

  /** Every overall with its suggestion and what was recorded, in the framework's order: what exports show. */
  overallJudgements(): (SuggestedOverall & {
    scopeLabel: string;
    trackLabel: string;
    recorded: RecordedOverall | undefined;
  })[] {
    const scopes = new Map<string, OverallScope>(this.overallDefinition.scopes.map((s) => [s.id, s]));
    const tracks = new Map(this.framework.tracks.map((t) => [t.id, t.label]));
    return this.suggestedOveralls().map((s) => ({
      ...s,
      scopeLabel: scopes.get(s.scope)?.label ?? s.scope,
      trackLabel: tracks.get(s.track) ?? s.track,
      recorded: this.getOverall(s.track, s.scope),
    }));
  }

  /** The rules' advisory suggestion for every overall, with its reasons. */
  suggestedOveralls(): SuggestedOverall[] {
    return suggestOveralls(this.framework, {
      rating: (track, criterion, phase) => this.getRating(track, criterion, phase),
      ticked: (key) => this.checks.has(key),
      schoolType: () => this.schoolType(),
    });
  }

  get checks(): Y.Map<Check> {
    return this.doc.getMap<Check>(Root.checks);
  }

  isTicked(kind: CheckKind, item: string): boolean {
    return this.checks.has(checkKey(kind, item));
  }

  setTicked(kind: CheckKind, item: string, who: Author, ticked: boolean): void {
    const key = checkKey(kind, item);
    if (!this.model.checkKeys.has(key)) throw new MissingStructureError('condition or trigger', key);
    if (ticked) this.checks.set(key, { by: who.id, byName: who.name, at: now() });
    else this.checks.delete(key);
  }

  /** The school's type, which decides which triggers apply (Milton Keynes). */
  schoolType(): string | undefined {
    const parsed = checkSchema.safeParse(this.checks.get(SCHOOL_TYPE_KEY));
    return parsed.success ? parsed.data.value : undefined;
  }

  setSchoolType(type: string | null, who: Author): void {
    if (type === null) this.checks.delete(SCHOOL_TYPE_KEY);
    else if (!this.model.schoolTypes.has(type)) throw new Error(`"${type}" is not a type of school`);
    else this.checks.set(SCHOOL_TYPE_KEY, { value: type, by: who.id, byName: who.name, at: now() });
  }

  // ---- The action plan: priorities, each with its actions (activities), and actions on their own ----

  get actions(): Y.Map<ActionEntry> {
    return this.doc.getMap<ActionEntry>(Root.actions);
  }

  /** Every valid entry, in plan order. */
  actionEntries(): ActionEntry[] {
    const entries: ActionEntry[] = [];
    for (const value of this.actions.values()) {
      const parsed = actionEntrySchema.safeParse(value);
      if (parsed.success) entries.push(parsed.data);
    }
    return entries.sort((a, b) => a.order - b.order || a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  }

  /** The plan as the source lays it out: each priority with its activity rows, then actions without a priority. */
  actionPlan(): { priorities: { priority: Priority; actions: Action[] }[]; actions: Action[] } {
    const entries = this.actionEntries();
    const priorities = entries.filter((e): e is Priority => e.kind === 'priority');
    const ids = new Set(priorities.map((p) => p.id));
    const actions = entries.filter((e): e is Action => e.kind === 'action');
    return {
      priorities: priorities.map((priority) => ({
        priority,
        actions: actions.filter((a) => a.priority === priority.id),
      })),
      actions: actions.filter((a) => a.priority === undefined || !ids.has(a.priority)),
    };
  }

  private nextOrder(): number {
    // Read without validating every entry: adding to a long plan stays linear.
    let max = 0;
    for (const e of this.actions.values()) {
      const order = (e as { order?: unknown } | undefined)?.order;
      if (typeof order === 'number' && Number.isFinite(order)) max = Math.max(max, order);
    }
    return max + 1;
  }

  addPriority(input: PriorityInput, who: Author): Priority {
    const { order, ...rest } = input;
    const entry = actionEntrySchema.parse({
      ...rest,
      kind: 'priority',
      id: newId(),
      order: order ?? this.nextOrder(),
      by: who.id,
      byName: who.name,
      at: now(),
    }) as Priority;
    this.actions.set(entry.id, defined(entry));
    return entry;
  }

  addAction(input: ActionInput, who: Author): Action {
    const { order, ...rest } = input;
    if (rest.criterion !== undefined && !this.model.criteria.has(rest.criterion))
      throw new MissingStructureError('criterion', rest.criterion);
    const entry = actionEntrySchema.parse({
      ...rest,
      kind: 'action',
      id: newId(),
      order: order ?? this.nextOrder(),
      by: who.id,
      byName: who.name,
      at: now(),
    }) as Action;
    this.actions.set(entry.id, defined(entry));
    return entry;
  }

  /** Change an entry's fields; its author and creation time stay, and the change names its editor. */
  updateActionEntry(id: string, changes: Partial<PriorityInput> | Partial<ActionInput>, who: Author): ActionEntry {
    const current = this.actionEntries().find((e) => e.id === id);
    if (!current) throw new MissingStructureError('action-plan entry', id);
    const merged: Record<string, unknown> = {
      ...current,
      ...changes,
      editedBy: who.id,
      editedByName: who.name,
      editedAt: now(),
    };
    // An emptied optional field (a date, a RAG, a link) is left out rather than stored empty.
    for (const [k, v] of Object.entries(merged)) if (v === undefined || v === null) delete merged[k];
    const entry = actionEntrySchema.parse({
      ...merged,
      kind: current.kind,
      id: current.id,
      by: current.by,
      byName: current.byName,
      at: current.at,
    });
    this.actions.set(id, defined(entry));
    return entry;
  }

  /** Remove an entry; a priority takes with it the actions under it that `mayRemove` allows (the rest lose their priority). */
  removeActionEntry(id: string, who: Author, mayRemove: (entry: ActionEntry) => boolean = () => true): void {
    this.doc.transact(() => {
      for (const entry of this.actionEntries()) {
        if (entry.kind !== 'action' || entry.priority !== id) continue;
        if (mayRemove(entry)) this.actions.delete(entry.id);
        else this.updateActionEntry(entry.id, { priority: undefined }, who);
      }
      this.actions.delete(id);
    });
  }

  get statementMarks(): Y.Map<StatementMark> {
    return this.doc.getMap<StatementMark>(Root.statementMarks);
  }

  getMark(track: string, criterion: string, ref: string): StatementMark | undefined {
    return this.statementMarks.get(markKey(track, criterion, ref));
  }

  /** Mark one statement for one track (null clears it), keeping or replacing its linked evidence items. */
  setMark(track: string, criterion: string, ref: string, who: Author, mark: Mark | null, items?: string[]): void {
    if (!this.model.textKeys.has(textKey(track, criterion))) throw new MissingStructureError('track', track);
    if (!this.model.statementRefsOf(criterion)?.has(ref)) throw new MissingStructureError('statement', ref);
    const key = markKey(track, criterion, ref);
    if (mark === null) {
      this.statementMarks.delete(key);
      return;
    }
    const kept = items ?? this.statementMarks.get(key)?.items ?? [];
    this.statementMarks.set(key, { mark, items: kept, by: who.id, byName: who.name, at: now() });
  }

  /** A track's marks of one criterion's statements, by ref, for the best-fit suggestion. */
  marksOf(track: string, criterion: string): (ref: string) => Mark | undefined {
    return (ref) => this.getMark(track, criterion, ref)?.mark;
  }

  getModeration(criterion: string, phase: string = NO_PHASE): ModerationOutcome | undefined {
    return this.doc.getMap<ModerationOutcome>(Root.moderation).get(agreedKey(criterion, phase));
  }

  setModeration(
    criterion: string,
    phase: string,
    who: Author,
    outcome: ModerationOutcomeKind | null,
    reason = '',
  ): void {
    const key = agreedKey(criterion, phase);
    if (!this.model.agreedKeys.has(key)) throw new MissingStructureError('moderation outcome', key);
    const map = this.doc.getMap<ModerationOutcome>(Root.moderation);
    if (outcome === null) map.delete(key);
    else map.set(key, { outcome, reason: reason.trim(), by: who.id, byName: who.name, at: now() });
  }

  moderationStatement(): Y.Text {
    return this.text(Root.moderationStatement, MODERATION_STATEMENT);
  }
}
