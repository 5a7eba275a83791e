/**
 * Names of the review document's root types, from the registry of root modules (roots/): each
 * module declares its key parser, value checks, history and skeleton part.
 */
import { shippedRoots, type RootName } from './roots/registry.ts';

export { defineRoots, rootNames, type RootName } from './roots/registry.ts';
export { SCHEMA_VERSION } from './migrations.ts';

/** Root names by name, for reading a root map: `doc.getMap(Root.ratings)`. */
export const Root = Object.fromEntries(shippedRoots.map((r) => [r.name, r.name])) as { readonly [N in RootName]: N };
