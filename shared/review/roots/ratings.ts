import { splitKey } from '../keys.ts';
import type { ReviewModel } from '../model.ts';
import { shown } from './nested.ts';
import { defineRoot, fail } from './root-module.ts';

/** A rating-like value: its key must be known, its value a level of the framework (or N/A). */
export function checkLevel(
  root: string,
  known: ReadonlySet<string>,
  key: string,
  value: unknown,
  model: ReviewModel,
): void {
  if (!known.has(key)) return fail(`${root} "${key}": no such track, criterion or phase in this framework`);
  // A set of strings holds no other kind of value, so a number or an object is refused here too.
  if (value !== undefined && !model.ratingValues.has(value as string)) {
    return fail(`${root} "${key}": ${JSON.stringify(value)} is not a level of this framework`);
  }
}

/** `ratings`: ratingKey (track/criterion/phase) → level id or NOT_APPLICABLE. Absent = not rated. */
export const ratings = defineRoot<'ratings', string, 'rating'>({
  name: 'ratings',
  holds: 'values',
  criterionOf: (key) => splitKey(key, 3)?.[1],
  checkValue: (key, value, { model }) => checkLevel('ratings', model.ratingKeys, key, value, model),
  history: {
    kind: 'rating',
    valued: true,
    event(touched, from, to) {
      const [track, criterion, phase] = splitKey(touched.key, 3) ?? [];
      return {
        criterion: criterion ?? null,
        detail: { track: track ?? null, phase: phase ?? null, from: shown(from), to: shown(to) },
      };
    },
  },
});
