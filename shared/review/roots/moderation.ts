import { moderationOutcomeSchema, type ModerationOutcome } from '../entities.ts';
import { splitKey } from '../keys.ts';
import { checkBy, defineRoot, fail, issueOf } from './root-module.ts';

/**
 * `moderation`: agreedKey (criterion/phase) → the moderation outcome of a criterion in a phase.
 * Since version 2. Moderation follows a locked judgement, so a lock does not freeze it.
 */
export const moderation = defineRoot<'moderation', ModerationOutcome, 'moderation'>({
  name: 'moderation',
  holds: 'values',
  checkValue(key, value, { model, policy }) {
    if (!model.agreedKeys.has(key)) return fail(`moderation "${key}": no such criterion or phase in this framework`);
    if (value === undefined) return;
    const parsed = moderationOutcomeSchema.safeParse(value);
    if (!parsed.success) return fail(`moderation "${key}": ${issueOf(parsed.error)}`);
    checkBy('moderation', key, value, policy);
  },
  history: {
    kind: 'moderation',
    valued: true,
    event(touched, from, to) {
      const [criterion, phase] = splitKey(touched.key, 2) ?? [];
      const outcome = (v: unknown) => (v as { outcome?: string } | undefined)?.outcome ?? null;
      const reason = (to as { reason?: string } | undefined)?.reason;
      return {
        criterion: criterion ?? null,
        detail: { phase: phase ?? null, from: outcome(from), to: outcome(to), ...(reason ? { reason } : {}) },
      };
    },
  },
});
