import * as Y from 'yjs';
import type { Framework } from '../framework/schema.ts';
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
import { MODERATION_STATEMENT, NO_PHASE, agreedKey, cellKey, formKey, markKey, ratingKey, textKey } from './keys.ts';
import { reviewModel, type ReviewModel } from './model.ts';
import { Root } from './roots.ts';
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
      this.addedRows(table).push([row]);
    });
    return row;
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

  get statementMarks(): Y.Map<StatementMark> {
    return this.doc.getMap<StatementMark>(Root.statementMarks);
  }

  getMark(track: string, criterion: string, ref: string): StatementMark | undefined {
    return this.statementMarks.get(markKey(track, criterion, ref));
  }

  /** Mark one statement for one track (null clears it), keeping or replacing its linked evidence items. */
  setMark(track: string, criterion: string, ref: string, who: Author, mark: Mark | null, items?: string[]): void {
    if (!this.model.textKeys.has(textKey(track, criterion))) throw new MissingStructureError('track', track);
    if (!this.model.statementRefs.get(criterion)?.has(ref)) throw new MissingStructureError('statement', ref);
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
