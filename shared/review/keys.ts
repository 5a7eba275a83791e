/**
 * Keys of the review document's root maps. Flat keys in a few root maps (never nested maps
 * created on demand) mean two clients can never each create "their own" copy of a structure.
 */

/** Phase part of a key for frameworks without phases. Not a valid id, so it cannot collide. */
export const NO_PHASE = '-';
/** Rating value meaning "not applicable" (the LA standards' N/A); ids cannot contain '/'. */
export const NOT_APPLICABLE = 'n/a';

/** `ratings`: one rating per judgement track, criterion and phase. */
export const ratingKey = (track: string, criterion: string, phase: string = NO_PHASE): string =>
  `${track}/${criterion}/${phase}`;

/** `focus` and `evidence`: one collaborative text per track and criterion. */
export const textKey = (track: string, criterion: string): string => `${track}/${criterion}`;

/** `agreed`: the agreed rating per criterion and phase, across tracks. */
export const agreedKey = (criterion: string, phase: string = NO_PHASE): string => `${criterion}/${phase}`;

/**
 * `tableCells` column part of an added row's name (`table/row/-`): not a valid column id, so it
 * cannot collide with a framework's column.
 */
export const ROW_NAME = '-';

/** `tableCells`: one text per table, row and column. */
export const cellKey = (table: string, row: string, column: string): string => `${table}/${row}/${column}`;

/** `formFields`: one value per form, section and field; header fields use section NO_PHASE. */
export const formKey = (form: string, section: string, field: string): string => `${form}/${section}/${field}`;

/** `statementMarks`: one mark per track, criterion and statement ref (statements.ts; refs hold no '/'). */
export const markKey = (track: string, criterion: string, ref: string): string => `${track}/${criterion}/${ref}`;

/** `moderationStatement`: the one key, holding the overall moderation statement. */
export const MODERATION_STATEMENT = 'statement';

export function splitKey(key: string, parts: number): string[] | null {
  const split = key.split('/');
  return split.length === parts && split.every((p) => p.length > 0) ? split : null;
}
