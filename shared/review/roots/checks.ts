import type { Check } from '../decisions.ts';
import { checkCheck } from '../validate-decisions.ts';
import { decisionEvent } from './overalls.ts';
import { defineRoot, fail } from './root-module.ts';

/** `checks`: checkKey → a condition or trigger ticked; SCHOOL_TYPE_KEY → the school's type. */
export const checks = defineRoot<'checks', Check, 'check'>({
  name: 'checks',
  holds: 'values',
  checkValue: (key, value, { model, policy }) => checkCheck(key, value, model, policy, fail),
  history: { kind: 'check', valued: true, event: decisionEvent('ticked') },
});
