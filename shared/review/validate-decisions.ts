/**
 * Checks for the review's decisions: recorded overalls (facilitators only), ticked conditions and
 * triggers, and the action plan (anyone who may edit; only an entry's author or a facilitator
 * deletes it, and an entry's author and creation time never change).
 */
import * as Y from 'yjs';
import { actionEntrySchema, checkSchema, firstIssue, recordedOverallSchema, type ActionEntry } from './decisions.ts';
import type { TouchedKey } from './history.ts';
import type { ReviewModel } from './model.ts';
import { SCHOOL_TYPE_KEY } from './overall-scopes.ts';

/** The part of the validator's policy these checks read. */
export interface DecisionPolicy {
  userId?: string;
  isFacilitator?: boolean;
}

type Fail = (message: string) => never;

/** Who is making the change must be who the value names, unless the server itself is. */
function checkBy(root: string, key: string, by: string, policy: DecisionPolicy, fail: Fail): void {
  if (policy.userId !== undefined && by !== policy.userId)
    fail(`${root} "${key}": must be set by its author ("${policy.userId}")`);
}

export function checkOverall(
  key: string,
  value: unknown,
  model: ReviewModel,
  policy: DecisionPolicy,
  fail: Fail,
): void {
  if (!model.overallKeys.has(key)) fail(`overalls "${key}": no such track and overall in this framework`);
  if (policy.userId !== undefined && !policy.isFacilitator)
    fail(`overalls "${key}": only a facilitator can record or clear an overall judgement`);
  if (value === undefined) return;
  const parsed = recordedOverallSchema.safeParse(value);
  if (!parsed.success) fail(`overalls "${key}": ${firstIssue(parsed.error)}`);
  const overall = parsed.data;
  if (!model.framework.scale.levels.some((l) => l.id === overall.level))
    fail(`overalls "${key}": ${JSON.stringify(overall.level)} is not a level of this framework`);
  checkBy('overalls', key, overall.by, policy, fail);
}

export function checkCheck(key: string, value: unknown, model: ReviewModel, policy: DecisionPolicy, fail: Fail): void {
  const isType = key === SCHOOL_TYPE_KEY && model.schoolTypes.size > 0;
  if (!isType && !model.checkKeys.has(key)) fail(`checks "${key}": no such condition or trigger in this framework`);
  if (value === undefined) return;
  const parsed = checkSchema.safeParse(value);
  if (!parsed.success) fail(`checks "${key}": ${firstIssue(parsed.error)}`);
  const check = parsed.data;
  if (isType && (check.value === undefined || !model.schoolTypes.has(check.value)))
    fail(
      `checks "${key}": ${JSON.stringify(check.value)} is not a type of school (${[...model.schoolTypes].join(', ')})`,
    );
  if (!isType && check.value !== undefined) fail(`checks "${key}": a ticked item carries no value`);
  checkBy('checks', key, check.by, policy, fail);
}

/** The value a map key held before this transaction (deleted items keep their content until it ends). */
export function previousValue(map: Y.Map<unknown>, key: string, tr: Y.Transaction): unknown {
  let item: Y.Item | null = map._map.get(key) ?? null;
  while (item !== null) {
    if (item.id.clock < (tr.beforeState.get(item.id.client) ?? 0)) {
      // Deleted in an earlier transaction: the key was empty.
      if (item.deleted && !Y.isDeleted(tr.deleteSet, item.id)) return undefined;
      const content = item.content.getContent();
      return content[content.length - 1];
    }
    item = item.left;
  }
  return undefined;
}

const textOf = (entry: Partial<ActionEntry>): string =>
  String((entry.kind === 'priority' ? entry.title : entry.kind === 'action' ? entry.what : '') ?? '');

/** An action-plan entry added, changed or deleted; returns what the history should keep. */
export function checkActionEntry(
  map: Y.Map<unknown>,
  key: string,
  tr: Y.Transaction,
  model: ReviewModel,
  policy: DecisionPolicy,
  fail: Fail,
): TouchedKey {
  const before = previousValue(map, key, tr) as Partial<ActionEntry> | undefined;
  const value = map.get(key);
  if (value === undefined) {
    if (before === undefined) return { root: 'actions', key };
    if (policy.userId !== undefined && !policy.isFacilitator && before.by !== policy.userId)
      fail(`actions "${key}": only its author or a facilitator can delete it`);
    const removed = {
      id: key,
      text: textOf(before),
      by: String(before.by ?? ''),
      byName: String(before.byName ?? ''),
    };
    return { root: 'actions', key, removed: [removed], onlyRemoved: true };
  }
  if (value instanceof Y.AbstractType) fail(`actions "${key}": nested structures are not allowed`);
  const parsed = actionEntrySchema.safeParse(value);
  if (!parsed.success) fail(`actions "${key}": ${firstIssue(parsed.error)}`);
  const entry = parsed.data;
  if (entry.id !== key) fail(`actions "${key}": id must be its key`);
  if (entry.criterion !== undefined && !model.criteria.has(entry.criterion))
    fail(`actions "${key}": no criterion "${entry.criterion}" in this framework`);
  if (entry.kind === 'action' && entry.priority !== undefined) {
    const priority = map.get(entry.priority) as Partial<ActionEntry> | undefined;
    // A priority removed while someone was adding to it (its key remains, deleted) leaves an action
    // without a priority, shown as such; one that never existed, or an action, is refused.
    const removedMeanwhile = priority === undefined && map._map.has(entry.priority);
    if (priority?.kind !== 'priority' && !removedMeanwhile)
      fail(`actions "${key}": no priority "${entry.priority}" in this plan`);
  }
  if (entry.kind === 'action' && entry.start && entry.due && entry.due < entry.start)
    fail(`actions "${key}": the target completion date is before the start`);
  if (before === undefined) {
    checkBy('actions', key, entry.by, policy, fail);
    return { root: 'actions', key };
  }
  if (before.kind !== entry.kind) fail(`actions "${key}": a ${before.kind} cannot become a ${entry.kind}`);
  if (before.by !== entry.by || before.byName !== entry.byName || before.at !== entry.at)
    fail(`actions "${key}": its author and creation time cannot change`);
  if (policy.userId !== undefined && entry.editedBy !== policy.userId)
    fail(`actions "${key}": a change must name its editor ("${policy.userId}") as editedBy`);
  return { root: 'actions', key };
}
