import * as Y from 'yjs';
import { splitKey } from '../keys.ts';
import { checkText } from './nested.ts';
import { defineRoot, type RootModule } from './root-module.ts';

/** A root of one collaborative text per track and criterion (textKey), all built with the skeleton. */
export function trackTexts<const N extends string, const K extends string>(name: N, kind: K): RootModule<N, Y.Text, K> {
  return defineRoot<N, Y.Text, K>({
    name,
    holds: 'texts',
    criterionOf: (key) => splitKey(key, 2)?.[1],
    checkNested: (type, key) => checkText(type, name, key),
    history: {
      kind,
      event(touched) {
        const [track, criterion] = splitKey(touched.key, 2) ?? [];
        return { criterion: criterion ?? null, detail: { track: track ?? null } };
      },
    },
    skeleton(map, model) {
      for (const key of model.textKeys) map.set(key, new Y.Text());
    },
  });
}
