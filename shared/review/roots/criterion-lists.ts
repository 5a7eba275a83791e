import * as Y from 'yjs';
import type { z } from 'zod';
import { checkList } from './nested.ts';
import { defineRoot, type RootModule } from './root-module.ts';

/** A root of one list of authored items per criterion, all built with the skeleton. */
export function criterionLists<const N extends string, T, const K extends string>(
  name: N,
  schema: z.ZodType,
  kind: K,
): RootModule<N, Y.Array<T>, K> {
  return defineRoot<N, Y.Array<T>, K>({
    name,
    holds: 'lists',
    criterionOf: (key) => key,
    checkNested: (type, key, ctx) => checkList(schema, type, name, key, ctx),
    history: { kind, event: (touched) => ({ criterion: touched.key, detail: {} }) },
    skeleton(map, model) {
      for (const criterion of model.criteria) map.set(criterion, new Y.Array<T>());
    },
  });
}
