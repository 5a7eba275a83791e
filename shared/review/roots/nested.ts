/** Checks shared by the roots that hold texts or lists under their keys. */
import * as Y from 'yjs';
import type { z } from 'zod';
import { Limits } from '../../protocol/limits.ts';
import {
  fail,
  type ChangePolicy,
  type CheckContext,
  type NestedChange,
  type RemovedItem,
  type SharedType,
} from './root-module.ts';

/** Only strings: an embed or a format attribute would carry arbitrary JSON past the length limit. */
export function checkPlainText(text: Y.Text, root: string, key: string): void {
  for (let item = text._start; item !== null; item = item.right) {
    if (!item.deleted && !(item.content instanceof Y.ContentString)) {
      return fail(`${root} "${key}": only plain text is allowed (no embedded objects or formatting)`);
    }
  }
}

/** A collaborative text under a key: plain, and within the length limit. */
export function checkText(type: SharedType, root: string, key: string): NestedChange {
  if (!(type instanceof Y.Text)) return fail(`${root} "${key}": expected text`);
  if (type.length > Limits.maxTextLength) {
    return fail(`${root} "${key}": text is ${type.length} characters; the limit is ${Limits.maxTextLength}`);
  }
  checkPlainText(type, root, key);
  return { added: 0, removed: [] };
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
    // Only whether any item was added is read (onlyRemoved).
    // Stryker disable next-line UpdateOperator: equivalent, see docs/mutation.md
    added++;
    if (policy.userId === undefined) continue;
    for (const value of item.content.getContent() as { by?: unknown }[]) {
      // Every item was parsed by the list's schema above: none is null.
      // Stryker disable next-line OptionalChaining: equivalent, see docs/mutation.md
      if (value?.by !== policy.userId)
        return fail(`${root} "${key}": a new item must be by its author ("${policy.userId}")`);
    }
  }
  return added;
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
    // Stryker disable next-line LogicalOperator: equivalent, see docs/mutation.md
    if (!item.deleted || !Y.isDeleted(tr.deleteSet, item.id)) continue;
    if (item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0)) continue;
    for (const value of item.content.getContent() as Partial<RemovedItem>[]) {
      // Items were parsed by the list's schema when added: objects, each with an id and an author (a row has no text).
      const entry = {
        // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, see docs/mutation.md
        id: String(value?.id ?? ''),
        // Stryker disable next-line OptionalChaining: equivalent, see docs/mutation.md
        text: String(value?.text ?? ''),
        // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, see docs/mutation.md
        by: String(value?.by ?? ''),
        // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, see docs/mutation.md
        byName: String(value?.byName ?? ''),
      };
      if (policy.userId !== undefined && !policy.isFacilitator && entry.by !== policy.userId)
        fail(`${root} "${key}": only its author or a facilitator can delete item "${entry.id}"`);
      removed.push(entry);
    }
  }
  return removed;
}

/**
 * A list of authored items under a key: each item valid, new items by the connection's user, and
 * deleted items (removing a row, like deleting a comment) its own unless it is a facilitator.
 */
export function checkList(
  schema: z.ZodType,
  type: SharedType,
  root: string,
  key: string,
  { tr, policy }: CheckContext,
): NestedChange {
  if (!(type instanceof Y.Array)) return fail(`${root} "${key}": expected a list`);
  for (const [i, item] of type.toArray().entries()) {
    if (item instanceof Y.AbstractType) return fail(`${root} "${key}" item ${i}: nested structures are not allowed`);
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // The list schemas are flat (paths one level deep), and zod reports at least one issue.
      return fail(
        // Stryker disable next-line StringLiteral: equivalent, see docs/mutation.md
        `${root} "${key}" item ${i}: ${issue ? `${issue.path.join('.') || 'value'} ${issue.message}` : 'invalid'}`,
      );
    }
  }
  const added = checkNewAuthors(type, tr, policy, root, key);
  const removed = checkDeletions(type, tr, policy, root, key);
  return { added, removed };
}

/** How a recorded value reads in the history: a level, the school's type, or what it is (`mark`). */
export function shown(v: unknown, mark = 'locked'): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  const { level, value } = v as { level?: unknown; value?: unknown };
  if (typeof level === 'string') return level;
  if (typeof value === 'string') return value;
  return mark;
}
