import type * as Y from 'yjs';

/** Names of the review document's root types. Nothing else may exist at the root. */
export const Root = {
  /** Y.Map: schemaVersion, frameworkId, frameworkVersion, title, createdAt. */
  meta: 'meta',
  /** Y.Map<string>: ratingKey → level id or NOT_APPLICABLE. Absent = not rated. */
  ratings: 'ratings',
  /** Y.Map<string>: agreedKey → level id or NOT_APPLICABLE. */
  agreed: 'agreed',
  /** Y.Map<Lock>: criterion id → who locked it and when. Absent = unlocked. */
  locks: 'locks',
  /** Y.Map<Y.Text>: textKey → development focus. */
  focus: 'focus',
  /** Y.Map<Y.Text>: textKey → evidence notes. */
  evidence: 'evidence',
  /** Y.Map<Y.Array<EvidenceItem>>: criterion id → evidence items. */
  evidenceItems: 'evidenceItems',
  /** Y.Map<Y.Array<Comment>>: criterion id → comment thread. */
  comments: 'comments',
  /** Y.Map<CommentStatus>: comment id → resolved or reopened, by whom. */
  commentStatus: 'commentStatus',
  /** Y.Map<Y.Text>: cellKey → table cell text. */
  tableCells: 'tableCells',
  /** Y.Map<Y.Array<TableRow>>: table id → rows users added (tables with openRows). */
  tableRows: 'tableRows',
  /** Y.Map<Y.Text | string>: formKey → text field, or grade id for grade fields. */
  formFields: 'formFields',
  /** Y.Map<RecordedOverall>: overallKey (track/scope) → the overall judgement recorded, by a facilitator. */
  overalls: 'overalls',
  /** Y.Map<Check>: checkKey → a condition or trigger ticked; SCHOOL_TYPE_KEY → the school's type. */
  checks: 'checks',
  /** Y.Map<ActionEntry>: entry id → an action-plan priority or action. */
  actions: 'actions',
  /** Y.Map<StatementMark>: markKey → how far one descriptor statement is evidenced, by whom. Since version 2. */
  statementMarks: 'statementMarks',
  /** Y.Map<ModerationOutcome>: agreedKey → the moderation outcome of a criterion in a phase. Since version 2. */
  moderation: 'moderation',
  /** Y.Map<Y.Text>: MODERATION_STATEMENT → the overall moderation statement. Since version 2. */
  moderationStatement: 'moderationStatement',
} as const;

export type RootName = (typeof Root)[keyof typeof Root];
export const rootNames: readonly RootName[] = Object.values(Root);

/** The review-document schema version this code reads and writes. */
export const SCHEMA_VERSION = 2;

/**
 * Give every root its type. A document filled from an update holds untyped roots until someone
 * asks for them; the server asks for all of them before checking anything.
 */
export function defineRoots(doc: Y.Doc): void {
  for (const name of rootNames) doc.getMap(name);
}
