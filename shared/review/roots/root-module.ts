/**
 * What one root of the review document declares: its name and Yjs type, how its keys name a
 * criterion, how its values and nested structures are checked, how a change to it becomes a
 * history event, and what the skeleton builds in it. The validator, history, skeleton and
 * accessors loop over the registry of these (registry.ts) and know no root by name.
 */
import type * as Y from 'yjs';
import type { ReviewModel } from '../model.ts';

/** The part of a connection's rights the checks read. */
export interface ChangePolicy {
  /** Facilitators may change locked criteria; everyone else is refused. */
  canEditLocked: boolean;
  /** Observers: any change at all is refused (a message that changes nothing is fine). */
  readOnly?: boolean;
  /** Why it is read-only, when not because the connection is an observer's (e.g. the review is final). */
  readOnlyReason?: string;
  /** The connection's user: new evidence items, comments and rows must name them as author. */
  userId?: string;
  /** Facilitators may delete (and rename) anyone's comments, evidence items and table rows; everyone else only their own. */
  isFacilitator?: boolean;
}

/** Thrown, with a message naming what is wrong, for a change the review does not allow. */
export class InvalidUpdateError extends Error {}

/** What an item list held before this transaction and no longer does: kept for the history. */
export interface RemovedItem {
  id: string;
  text: string;
  by: string;
  byName: string;
}

/** A root-map key that changed in a transaction, directly or inside the structure under it. */
export interface TouchedKey {
  root: string;
  key: string;
  /** Comments or evidence items this change deleted, with their text, so the history keeps it. */
  removed?: RemovedItem[];
  /** True when the change only deleted items (nothing else to record as an edit). */
  onlyRemoved?: boolean;
}

/** What a check of one key sees besides the value: the framework's model, the transaction, the connection. */
export interface CheckContext {
  model: ReviewModel;
  tr: Y.Transaction;
  policy: ChangePolicy;
}

/** What a nested structure's check reports: items added, and items deleted (for the history). */
export interface NestedChange {
  added: number;
  removed: RemovedItem[];
}

/** The root-specific part of a history event; when and by whom are added by history.ts. */
export interface HistoryPart {
  criterion: string | null;
  detail: Record<string, string | null>;
}

/** How a root's changes are recorded in the review's history. */
export interface RootHistory<K extends string = string> {
  kind: K;
  /** Values worth recording before and after (ratings, locks); the rest are recorded as "edited". */
  valued?: boolean;
  /** The event for a touched key; `from` and `to` only for valued roots. Default: review-wide, { key }. */
  event?(touched: TouchedKey, from?: unknown, to?: unknown): HistoryPart;
}

/** What the root maps hold under their keys, for readers and the docs. */
export type RootHolds = 'values' | 'texts' | 'lists' | 'texts-and-values';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types its shared types by event type.
export type SharedType = Y.AbstractType<any>;

export interface RootModule<N extends string = string, V = unknown, K extends string = string> {
  /** The root map's name in the Y.Doc; never reused for anything else. */
  name: N;
  holds: RootHolds;
  /** The criterion a key refers to, for lock checks; none for roots a lock does not freeze. */
  criterionOf?(key: string): string | undefined;
  /**
   * A key's own value set, replaced or deleted (value undefined). Throws through `fail`.
   * Default: the key is structural (built by the server), so adding or removing it is refused.
   */
  checkValue?(key: string, value: unknown, ctx: CheckContext): void;
  /** Instead of checkValue, for roots whose check needs the map itself and reports its own touched key. */
  checkKeyChange?(map: Y.Map<unknown>, key: string, ctx: CheckContext): TouchedKey;
  /** A change inside the text or list under a key. Default: nested structures are refused. */
  checkNested?(type: SharedType, key: string, ctx: CheckContext): NestedChange;
  history?: RootHistory<K>;
  /** Build what this root holds for a new review (the skeleton); absent: the root starts empty. */
  skeleton?(map: Y.Map<V>, model: ReviewModel): void;
  /** The root's map in a document, typed by what it holds. */
  of(doc: Y.Doc): Y.Map<V>;
}

/** Any root, whatever its value type (a Y.Map is invariant in what it holds). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds roots of every value type.
export type AnyRoot = RootModule<string, any, string>;

/** Declare a root; `of` is filled in, and the literal name and history kind keep their types. */
export function defineRoot<const N extends string, V = unknown, const K extends string = never>(
  root: Omit<RootModule<N, V, K>, 'of'>,
): RootModule<N, V, K> {
  return { ...root, of: (doc) => doc.getMap<V>(root.name) };
}

export const fail = (message: string): never => {
  throw new InvalidUpdateError(message);
};

export const structural = (root: string, key: string): never =>
  fail(`${root} "${key}": the review's structure is built by the server and cannot be added to or removed`);

/** A value that records who set it must be set by the connection's own user. */
export function checkBy(root: string, key: string, value: unknown, policy: ChangePolicy): void {
  if (policy.userId === undefined || value === undefined) return;
  if ((value as { by?: unknown }).by !== policy.userId)
    fail(`${root} "${key}": must be set by its author ("${policy.userId}")`);
}

export function issueOf(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || 'value'} ${issue.message}` : 'invalid';
}
