/**
 * Every root of the review document, in one list. The validator, history, skeleton, backup and
 * accessors loop over it; adding a root is its module and the migration that adds it (which lists it in `roots`).
 */
import type * as Y from 'yjs';
import { actions } from './actions.ts';
import { agreed } from './agreed.ts';
import { checks } from './checks.ts';
import { commentStatus } from './comment-status.ts';
import { comments } from './comments.ts';
import { evidenceItems } from './evidence-items.ts';
import { evidence } from './evidence.ts';
import { focus } from './focus.ts';
import { formFields } from './form-fields.ts';
import { locks } from './locks.ts';
import { meta } from './meta.ts';
import { reviewMigrations } from '../migrations.ts';
import { overalls } from './overalls.ts';
import { ratings } from './ratings.ts';
import type { AnyRoot } from './root-module.ts';
import { tableCells } from './table-cells.ts';
import { tableRows } from './table-rows.ts';

/** The first schema version's roots, in the order the document has always listed them (history kinds follow it). */
const firstRoots = [
  meta,
  ratings,
  agreed,
  locks,
  focus,
  evidence,
  evidenceItems,
  comments,
  commentStatus,
  tableCells,
  tableRows,
  formFields,
  overalls,
  checks,
  actions,
] as const;

type Added = NonNullable<(typeof reviewMigrations)[number]['roots']>[number];

/** Every shipped root: the first version's, then those each migration added, in version order. */
export const shippedRoots = [...firstRoots, ...reviewMigrations.flatMap((m) => m.roots ?? [])] as readonly (
  (typeof firstRoots)[number] | Added
)[];

type Shipped = (typeof shippedRoots)[number];
export type RootName = Shipped['name'];
/** History kinds the shipped roots record (review-wide kinds are added in history.ts). */
export type RootHistoryKind = NonNullable<Shipped['history']>['kind'];

// The registry is one live list, so a root registered later (a test's) is seen everywhere at once.
const modules: AnyRoot[] = [...shippedRoots];
const byName = new Map<string, AnyRoot>(modules.map((m) => [m.name, m]));
const names: string[] = modules.map((m) => m.name);

/** Every registered root, in order. */
export const rootModules: readonly AnyRoot[] = modules;
/** Names of the registered roots. Nothing else may exist at a review document's root. */
export const rootNames = names as readonly RootName[];

export function rootModule(name: string): AnyRoot | undefined {
  return byName.get(name);
}

/**
 * Add a root to the registry; returns the function that removes it again. The shipped roots are
 * listed above; this is for roots declared elsewhere (and for tests showing that the validator,
 * history and skeleton need no change to know a new root).
 */
export function registerRoot(root: AnyRoot): () => void {
  if (byName.has(root.name)) throw new Error(`root "${root.name}" is already registered`);
  modules.push(root);
  names.push(root.name);
  byName.set(root.name, root);
  return () => {
    modules.splice(modules.indexOf(root), 1);
    names.splice(names.indexOf(root.name), 1);
    byName.delete(root.name);
  };
}

/**
 * Give every root its type. A document filled from an update holds untyped roots until someone
 * asks for them; the server asks for all of them before checking anything.
 */
export function defineRoots(doc: Y.Doc): void {
  for (const root of modules) doc.getMap(root.name);
}
