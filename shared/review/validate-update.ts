import * as Y from 'yjs';
import { Limits } from '../protocol/limits.ts';
import {
  commentStatusSchema,
  commentSchema,
  evidenceItemSchema,
  lockSchema,
  moderationOutcomeSchema,
  statementMarkSchema,
  tableRowSchema,
} from './entities.ts';
import type { TouchedKey } from './history.ts';
import { MODERATION_STATEMENT, ROW_NAME, splitKey, textKey } from './keys.ts';
import type { ReviewModel } from './model.ts';
import { Root, rootNames, type RootName } from './roots.ts';
import { checkActionEntry, checkCheck, checkOverall } from './validate-decisions.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types its shared types by event type.
type SharedType = Y.AbstractType<any>;

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

const fail = (message: string): never => {
  throw new InvalidUpdateError(message);
};

const structural = (root: string, key: string): never =>
  fail(`${root} "${key}": the review's structure is built by the server and cannot be added to or removed`);

/** The criterion a root-map key refers to, for lock checks (moderation follows a locked judgement, so it has none). */
function criterionOf(root: RootName, key: string): string | undefined {
  switch (root) {
    case Root.ratings:
    case Root.statementMarks:
      return splitKey(key, 3)?.[1];
    case Root.focus:
    case Root.evidence:
      return splitKey(key, 2)?.[1];
    case Root.agreed:
      return splitKey(key, 2)?.[0];
    case Root.evidenceItems:
    case Root.comments:
      return key;
    default:
      return undefined;
  }
}

/** A lock or comment status records who set it; it must be the connection's own user. */
function checkBy(root: string, key: string, value: unknown, policy: ChangePolicy): void {
  if (policy.userId === undefined || value === undefined) return;
  if ((value as { by?: unknown }).by !== policy.userId)
    fail(`${root} "${key}": must be set by its author ("${policy.userId}")`);
}

function checkValue(
  root: RootName,
  key: string,
  value: unknown,
  model: ReviewModel,
  tr: Y.Transaction,
  policy: ChangePolicy,
): void {
  const doc = tr.doc;
  switch (root) {
    case Root.meta:
      return fail(`meta "${key}" is read-only`);
    case Root.ratings:
    case Root.agreed: {
      const known = root === Root.ratings ? model.ratingKeys : model.agreedKeys;
      if (!known.has(key)) return fail(`${root} "${key}": no such track, criterion or phase in this framework`);
      if (value !== undefined && !(typeof value === 'string' && model.ratingValues.has(value))) {
        return fail(`${root} "${key}": ${JSON.stringify(value)} is not a level of this framework`);
      }
      return;
    }
    case Root.locks:
      if (!model.criteria.has(key)) return fail(`locks "${key}": no such criterion`);
      if (value !== undefined && !lockSchema.safeParse(value).success) return fail(`locks "${key}": malformed lock`);
      return checkBy(Root.locks, key, value, policy);
    case Root.statementMarks: {
      const [track, criterion, ref] = splitKey(key, 3) ?? [];
      if (!track || !criterion || !ref || !model.textKeys.has(textKey(track, criterion)))
        return fail(`statementMarks "${key}": no such track or criterion in this framework`);
      if (!model.statementRefs.get(criterion)?.has(ref))
        return fail(`statementMarks "${key}": criterion ${criterion} has no statement "${ref}"`);
      if (value === undefined) return;
      const parsed = statementMarkSchema.safeParse(value);
      if (!parsed.success) return fail(`statementMarks "${key}": ${issueOf(parsed.error)}`);
      checkBy(Root.statementMarks, key, value, policy);
      const items = doc.getMap<Y.Array<{ id: string }>>(Root.evidenceItems).get(criterion);
      const known = new Set(items?.toArray().map((i) => i.id));
      const unknown = parsed.data.items.find((id) => !known.has(id));
      if (unknown !== undefined)
        return fail(`statementMarks "${key}": no evidence item "${unknown}" in criterion ${criterion}`);
      return;
    }
    case Root.moderation: {
      if (!model.agreedKeys.has(key)) return fail(`moderation "${key}": no such criterion or phase in this framework`);
      if (value === undefined) return;
      const parsed = moderationOutcomeSchema.safeParse(value);
      if (!parsed.success) return fail(`moderation "${key}": ${issueOf(parsed.error)}`);
      return checkBy(Root.moderation, key, value, policy);
    }
    case Root.commentStatus: {
      if (value === undefined) return fail(`commentStatus "${key}" cannot be removed`);
      if (!commentStatusSchema.safeParse(value).success) return fail(`commentStatus "${key}": malformed status`);
      checkBy(Root.commentStatus, key, value, policy);
      const comments = doc.getMap<Y.Array<{ id: string }>>(Root.comments);
      for (const thread of comments.values()) if (thread.toArray().some((c) => c.id === key)) return;
      return fail(`commentStatus "${key}": no such comment`);
    }
    case Root.formFields: {
      const grades = model.formGradeKeys.get(key);
      if (!grades) return structural(root, key);
      if (value !== undefined && !(typeof value === 'string' && grades.has(value))) {
        return fail(`formFields "${key}": ${JSON.stringify(value)} is not a grade of this form`);
      }
      return;
    }
    case Root.tableCells: {
      const parts = splitKey(key, 3);
      const columns = parts && model.openTables.get(parts[0]!);
      const name = parts?.[2] === ROW_NAME;
      if (!parts || !columns || !(name || columns.includes(parts[2]!)) || model.cellKeys.has(key))
        return structural(root, key);
      // A cell created in this transaction hides its own contents from tr.changed, so check them here.
      if (!(value instanceof Y.Text)) return fail(`tableCells "${key}": a cell must be text`);
      if (value.length > Limits.maxTextLength)
        return fail(`tableCells "${key}": text is over ${Limits.maxTextLength} characters`);
      checkPlainText(value, root, key);
      const rows = doc.getMap<Y.Array<{ id: string }>>(Root.tableRows).get(parts[0]!);
      if (!rows?.toArray().some((r) => r.id === parts[1])) return fail(`tableCells "${key}": no such row`);
      if (name) checkRowName(value, key, tr, policy);
      return;
    }
    case Root.overalls:
      return checkOverall(key, value, model, policy, fail);
    case Root.checks:
      return checkCheck(key, value, model, policy, fail);
    default:
      return structural(root, key);
  }
}

/**
 * An added row's name: short, and changed only by the row's author or a facilitator. A row added in
 * this same transaction is named by whoever adds it, whose authorship checkNewAuthors checks.
 */
function checkRowName(text: Y.Text, key: string, tr: Y.Transaction, policy: ChangePolicy): void {
  if (text.length > Limits.maxRowNameLength)
    fail(`tableCells "${key}": a row name is ${text.length} characters; the limit is ${Limits.maxRowNameLength}`);
  const [table, id] = key.split('/');
  const rows = tr.doc.getMap<Y.Array<{ id: string; by: string }>>(Root.tableRows).get(table!);
  for (let item = rows?._start ?? null; item !== null; item = item.right) {
    if (item.deleted) continue;
    const row = (item.content.getContent() as { id?: string; by?: string }[]).find((r) => r?.id === id);
    if (!row) continue;
    const isNew = item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0);
    if (!isNew && policy.userId !== undefined && !policy.isFacilitator && row.by !== policy.userId)
      fail(`tableCells "${key}": only the row's author or a facilitator can rename it`);
    return;
  }
  fail(`tableCells "${key}": no such row`);
}

function issueOf(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || 'value'} ${issue.message}` : 'invalid';
}

/** Only strings: an embed or a format attribute would carry arbitrary JSON past the length limit. */
function checkPlainText(text: Y.Text, root: string, key: string): void {
  for (let item = text._start; item !== null; item = item.right) {
    if (!item.deleted && !(item.content instanceof Y.ContentString)) {
      return fail(`${root} "${key}": only plain text is allowed (no embedded objects or formatting)`);
    }
  }
}

/** Items added in this transaction must carry the author the server knows the connection by; returns how many there are. */
function checkNewAuthors(
  array: Y.Array<unknown>,
  tr: Y.Transaction,
  policy: ChangePolicy,
  root: string,
  key: string,
): number {
  let added = 0;
  for (let item = array._start; item !== null; item = item.right) {
    if (item.deleted || item.id.clock < (tr.beforeState.get(item.id.client) ?? 0)) continue;
    added++;
    if (policy.userId === undefined) continue;
    for (const value of item.content.getContent() as { by?: unknown }[]) {
      if (value?.by !== policy.userId)
        return fail(`${root} "${key}": a new item must be by its author ("${policy.userId}")`);
    }
  }
  return added;
}

/** What an item list held before this transaction and no longer does: kept for the history. */
export interface RemovedItem {
  id: string;
  text: string;
  by: string;
  byName: string;
}

/** Items deleted in this transaction must be the connection's own, unless it is a facilitator's. */
function checkDeletions(
  array: Y.Array<unknown>,
  tr: Y.Transaction,
  policy: ChangePolicy,
  root: string,
  key: string,
): RemovedItem[] {
  const removed: RemovedItem[] = [];
  for (let item = array._start; item !== null; item = item.right) {
    // Older deletions, and items that were added and deleted in this one transaction, are not a removal.
    if (!item.deleted || !Y.isDeleted(tr.deleteSet, item.id)) continue;
    if (item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0)) continue;
    for (const value of item.content.getContent() as Partial<RemovedItem>[]) {
      const entry = {
        id: String(value?.id ?? ''),
        text: String(value?.text ?? ''),
        by: String(value?.by ?? ''),
        byName: String(value?.byName ?? ''),
      };
      if (policy.userId !== undefined && !policy.isFacilitator && entry.by !== policy.userId)
        fail(`${root} "${key}": only its author or a facilitator can delete item "${entry.id}"`);
      removed.push(entry);
    }
  }
  return removed;
}

/** Structs that add nothing to the document (garbage-collected ranges) newly claimed by this update. */
function checkNoEmptyStructs(tr: Y.Transaction): void {
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    if (after === before) continue;
    const structs = tr.doc.store.clients.get(client) ?? [];
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      // A client can claim any client id and clock range this way in a few bytes, and the
      // owner of that id would then have its real changes to that range dropped as known.
      if (structs[i] instanceof Y.GC)
        fail(`client ${client}: an update may not claim empty (garbage-collected) ranges; reload the review`);
    }
  }
}

function checkNested(
  type: SharedType,
  root: RootName,
  key: string,
  tr: Y.Transaction,
  policy: ChangePolicy,
): { added: number; removed: RemovedItem[] } {
  switch (root) {
    case Root.focus:
    case Root.evidence:
    case Root.tableCells:
    case Root.formFields:
    case Root.moderationStatement:
      if (root === Root.moderationStatement && key !== MODERATION_STATEMENT)
        return fail(`${root} "${key}": unexpected nested structure`);
      if (!(type instanceof Y.Text)) return fail(`${root} "${key}": expected text`);
      if (type.length > Limits.maxTextLength) {
        return fail(`${root} "${key}": text is ${type.length} characters; the limit is ${Limits.maxTextLength}`);
      }
      checkPlainText(type, root, key);
      if (root === Root.tableCells && splitKey(key, 3)?.[2] === ROW_NAME) checkRowName(type, key, tr, policy);
      return { added: 0, removed: [] };
    case Root.evidenceItems:
    case Root.comments:
    case Root.tableRows: {
      if (!(type instanceof Y.Array)) return fail(`${root} "${key}": expected a list`);
      const schema =
        root === Root.evidenceItems ? evidenceItemSchema : root === Root.comments ? commentSchema : tableRowSchema;
      for (const [i, item] of type.toArray().entries()) {
        if (item instanceof Y.AbstractType)
          return fail(`${root} "${key}" item ${i}: nested structures are not allowed`);
        const parsed = schema.safeParse(item);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          return fail(
            `${root} "${key}" item ${i}: ${issue ? `${issue.path.join('.') || 'value'} ${issue.message}` : 'invalid'}`,
          );
        }
      }
      const added = checkNewAuthors(type, tr, policy, root, key);
      // Removing a row, like deleting a comment, is for its author or a facilitator.
      const removed = checkDeletions(type, tr, policy, root, key);
      return { added, removed };
    }
    default:
      return fail(`${root} "${key}": unexpected nested structure`);
  }
}

/**
 * Check one applied transaction (on a shadow copy of the review) against the review's model.
 * Throws InvalidUpdateError naming the first fault; returns normally when the change is allowed.
 */
export function checkTransaction(tr: Y.Transaction, model: ReviewModel, policy: ChangePolicy): TouchedKey[] {
  const touched: TouchedKey[] = [];
  const doc = tr.doc;
  // Anything integrated at all advances the state vector, even structs that leave tr.changed and
  // the delete set empty (garbage-collected ranges): an observer may send none of it.
  const advanced = [...tr.afterState].some(([client, clock]) => (tr.beforeState.get(client) ?? 0) !== clock);
  if (policy.readOnly && (advanced || tr.changed.size > 0 || tr.deleteSet.clients.size > 0)) {
    fail(policy.readOnlyReason ?? 'this connection is read-only (observer): changes are not applied');
  }
  if (advanced) checkNoEmptyStructs(tr);
  const rootOf = new Map<SharedType, RootName>();
  for (const [name, type] of doc.share) {
    if (!(rootNames as readonly string[]).includes(name)) fail(`unknown root type "${name}"`);
    rootOf.set(type, name as RootName);
  }
  const locks = doc.getMap(Root.locks);
  const checkLock = (root: RootName, key: string) => {
    const criterion = criterionOf(root, key);
    if (criterion !== undefined && !policy.canEditLocked && locks.has(criterion)) {
      fail(`criterion "${criterion}" is locked; only a facilitator can change it`);
    }
  };
  for (const [type, keys] of tr.changed) {
    const root = rootOf.get(type);
    if (root !== undefined) {
      if (!(type instanceof Y.Map)) fail(`root "${root}" must be a map`);
      for (const key of keys) {
        if (key === null) fail(`root "${root}" must be a map`);
        else if (root === Root.actions) {
          touched.push(checkActionEntry(type as Y.Map<unknown>, key, tr, model, policy, fail));
        } else {
          checkValue(root, key, (type as Y.Map<unknown>).get(key), model, tr, policy);
          touched.push({ root, key });
          if (root === Root.locks && !policy.canEditLocked) fail('only a facilitator can lock or unlock a criterion');
          checkLock(root, key);
        }
      }
      continue;
    }
    const item = type._item;
    const parentRoot = item ? rootOf.get(item.parent as SharedType) : undefined;
    if (!item || parentRoot === undefined || typeof item.parentSub !== 'string') {
      fail('changes are allowed only in the structures the review was built with');
      continue;
    }
    const { added, removed } = checkNested(type, parentRoot, item.parentSub, tr, policy);
    checkLock(parentRoot, item.parentSub);
    const key = item.parentSub;
    touched.push(
      removed.length > 0 ? { root: parentRoot, key, removed, onlyRemoved: added === 0 } : { root: parentRoot, key },
    );
  }
  return touched;
}
