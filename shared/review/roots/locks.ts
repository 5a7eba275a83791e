import { lockSchema, type Lock } from '../entities.ts';
import { shown } from './nested.ts';
import { checkBy, defineRoot, fail } from './root-module.ts';

/** `locks`: criterion id → who locked it and when. Absent = unlocked. Facilitators only. */
export const locks = defineRoot<'locks', Lock, 'lock'>({
  name: 'locks',
  holds: 'values',
  checkValue(key, value, { model, policy }) {
    if (!model.criteria.has(key)) return fail(`locks "${key}": no such criterion`);
    if (value !== undefined && !lockSchema.safeParse(value).success) return fail(`locks "${key}": malformed lock`);
    checkBy('locks', key, value, policy);
    if (!policy.canEditLocked) fail('only a facilitator can lock or unlock a criterion');
  },
  history: {
    kind: 'lock',
    valued: true,
    event: (touched, from, to) => ({ criterion: touched.key, detail: { from: shown(from), to: shown(to) } }),
  },
});
