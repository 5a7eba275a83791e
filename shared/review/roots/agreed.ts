import { splitKey } from '../keys.ts';
import { shown } from './nested.ts';
import { checkLevel } from './ratings.ts';
import { defineRoot } from './root-module.ts';

/** `agreed`: agreedKey (criterion/phase) → the agreed level id or NOT_APPLICABLE, across tracks. */
export const agreed = defineRoot<'agreed', string, 'agreed'>({
  name: 'agreed',
  holds: 'values',
  criterionOf: (key) => splitKey(key, 2)?.[0],
  checkValue: (key, value, { model }) => checkLevel('agreed', model.agreedKeys, key, value, model),
  history: {
    kind: 'agreed',
    valued: true,
    event(touched, from, to) {
      const [criterion, phase] = splitKey(touched.key, 2) ?? [];
      return { criterion: criterion ?? null, detail: { phase: phase ?? null, from: shown(from), to: shown(to) } };
    },
  },
});
