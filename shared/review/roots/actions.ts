import type { ActionEntry } from '../decisions.ts';
import { checkActionEntry } from '../validate-decisions.ts';
import { defineRoot, fail } from './root-module.ts';

/** `actions`: entry id → an action-plan priority or action. */
export const actions = defineRoot<'actions', ActionEntry, 'action'>({
  name: 'actions',
  holds: 'values',
  checkKeyChange: (map, key, { tr, model, policy }) => checkActionEntry(map, key, tr, model, policy, fail),
  history: { kind: 'action' },
});
