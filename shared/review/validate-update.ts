import * as Y from 'yjs';
import { locks } from './roots/locks.ts';
import { rootModule } from './roots/registry.ts';
import {
  fail,
  structural,
  type ChangePolicy,
  type CheckContext,
  type AnyRoot as RootModule,
  type SharedType,
  type TouchedKey,
} from './roots/root-module.ts';
import type { ReviewModel } from './model.ts';

export { InvalidUpdateError, type ChangePolicy, type RemovedItem } from './roots/root-module.ts';

/** Structs that add nothing to the document (garbage-collected ranges) newly claimed by this update. */
function checkNoEmptyStructs(tr: Y.Transaction): void {
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    if (after === before) continue;
    // The state after the transaction is read from the store, so the store has this client.
    const structs = tr.doc.store.clients.get(client)!;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      // A client can claim any client id and clock range this way in a few bytes, and the
      // owner of that id would then have its real changes to that range dropped as known.
      if (structs[i] instanceof Y.GC)
        fail(`client ${client}: an update may not claim empty (garbage-collected) ranges; reload the review`);
    }
  }
}

/** A key set, replaced or deleted in a root map: the root's own check, or structural when it has none. */
function checkKey(root: RootModule, map: Y.Map<unknown>, key: string, ctx: CheckContext): TouchedKey {
  if (root.checkKeyChange) return root.checkKeyChange(map, key, ctx);
  if (root.checkValue) root.checkValue(key, map.get(key), ctx);
  else structural(root.name, key);
  return { root: root.name, key };
}

/**
 * Check one applied transaction (on a shadow copy of the review) against the review's model.
 * Throws InvalidUpdateError naming the first fault; returns normally when the change is allowed.
 */
export function checkTransaction(tr: Y.Transaction, model: ReviewModel, policy: ChangePolicy): TouchedKey[] {
  const touched: TouchedKey[] = [];
  const doc = tr.doc;
  // Anything integrated at all advances the state vector, even structs that leave tr.changed and
  // the delete set empty (garbage-collected ranges); anything else that changes the document is a
  // deletion. An observer may send neither.
  const advanced = [...tr.afterState].some(([client, clock]) => (tr.beforeState.get(client) ?? 0) !== clock);
  if (policy.readOnly && (advanced || tr.deleteSet.clients.size > 0)) {
    fail(policy.readOnlyReason ?? 'this connection is read-only (observer): changes are not applied');
  }
  checkNoEmptyStructs(tr);
  const rootOf = new Map<SharedType, RootModule>();
  for (const [name, type] of doc.share) {
    const root = rootModule(name);
    if (root === undefined) fail(`unknown root type "${name}"`);
    else rootOf.set(type, root);
  }
  const ctx: CheckContext = { model, tr, policy };
  // A key that belongs to no criterion looks up undefined, which no lock holds.
  const locked: { has(criterion: string | undefined): boolean } = locks.of(doc);
  const checkLock = (root: RootModule, key: string) => {
    const criterion = root.criterionOf?.(key);
    if (!policy.canEditLocked && locked.has(criterion)) {
      fail(`criterion "${criterion}" is locked; only a facilitator can change it`);
    }
  };
  for (const [type, keys] of tr.changed) {
    const root = rootOf.get(type);
    if (root !== undefined) {
      // Defence only: a root that is not a map reports its changes under the null key, refused below.
      // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, see docs/mutation.md
      if (!(type instanceof Y.Map)) fail(`root "${root.name}" must be a map`);
      for (const key of keys) {
        if (key === null) fail(`root "${root.name}" must be a map`);
        else {
          touched.push(checkKey(root, type as Y.Map<unknown>, key, ctx));
          checkLock(root, key);
        }
      }
      continue;
    }
    const item = type._item;
    const parentRoot = item ? rootOf.get(item.parent as SharedType) : undefined;
    // Defence only: every nested type the review holds sits under a root map's key (the list check
    // refuses anything deeper), so a change elsewhere cannot reach this point.
    // Stryker disable next-line all: equivalent, see docs/mutation.md
    if (!item || parentRoot === undefined || typeof item.parentSub !== 'string') {
      // Stryker disable next-line all: equivalent, see docs/mutation.md
      fail('changes are allowed only in the structures the review was built with');
      continue;
    }
    const key = item.parentSub;
    if (!parentRoot.checkNested) fail(`${parentRoot.name} "${key}": unexpected nested structure`);
    const { added, removed } = parentRoot.checkNested!(type, key, ctx);
    checkLock(parentRoot, key);
    touched.push(
      removed.length > 0
        ? { root: parentRoot.name, key, removed, onlyRemoved: added === 0 }
        : { root: parentRoot.name, key },
    );
  }
  return touched;
}
