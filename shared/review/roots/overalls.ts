import type { RecordedOverall } from '../decisions.ts';
import { checkOverall } from '../validate-decisions.ts';
import { shown } from './nested.ts';
import { defineRoot, fail, type TouchedKey } from './root-module.ts';

/** A decision's history: its key, its value before and after, and the rationale recorded with it. */
export function decisionEvent(mark: string) {
  return (touched: TouchedKey, from?: unknown, to?: unknown) => {
    const detail: Record<string, string | null> = { key: touched.key, from: shown(from, mark), to: shown(to, mark) };
    // A recorded overall keeps its rationale in the history too.
    const rationale = (to as { rationale?: unknown } | undefined)?.rationale;
    if (typeof rationale === 'string') detail.rationale = rationale;
    return { criterion: null, detail };
  };
}

/** `overalls`: overallKey (track/scope) → the overall judgement recorded, by a facilitator. */
export const overalls = defineRoot<'overalls', RecordedOverall, 'overall'>({
  name: 'overalls',
  holds: 'values',
  checkValue: (key, value, { model, policy }) => checkOverall(key, value, model, policy, fail),
  history: { kind: 'overall', valued: true, event: decisionEvent('locked') },
});
