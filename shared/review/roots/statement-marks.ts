import { statementMarkSchema, type StatementMark } from '../entities.ts';
import { splitKey, textKey } from '../keys.ts';
import { evidenceItems } from './evidence-items.ts';
import { checkBy, defineRoot, fail, issueOf } from './root-module.ts';

/** `statementMarks`: markKey (track/criterion/ref) → how far one descriptor statement is evidenced, by whom. Since version 2. */
export const statementMarks = defineRoot<'statementMarks', StatementMark, 'statement-mark'>({
  name: 'statementMarks',
  holds: 'values',
  criterionOf: (key) => splitKey(key, 3)?.[1],
  checkValue(key, value, { model, tr, policy }) {
    const [track, criterion, ref] = splitKey(key, 3) ?? [];
    if (!track || !criterion || !ref || !model.textKeys.has(textKey(track, criterion)))
      return fail(`statementMarks "${key}": no such track or criterion in this framework`);
    if (!model.statementRefs.get(criterion)?.has(ref))
      return fail(`statementMarks "${key}": criterion ${criterion} has no statement "${ref}"`);
    if (value === undefined) return;
    const parsed = statementMarkSchema.safeParse(value);
    if (!parsed.success) return fail(`statementMarks "${key}": ${issueOf(parsed.error)}`);
    checkBy('statementMarks', key, value, policy);
    const items = evidenceItems.of(tr.doc).get(criterion);
    const known = new Set(items?.toArray().map((i) => i.id));
    const unknown = parsed.data.items.find((id) => !known.has(id));
    if (unknown !== undefined)
      return fail(`statementMarks "${key}": no evidence item "${unknown}" in criterion ${criterion}`);
  },
  history: {
    kind: 'statement-mark',
    valued: true,
    event(touched, from, to) {
      const [track, criterion, statement] = splitKey(touched.key, 3) ?? [];
      const mark = (v: unknown) => (v as { mark?: string } | undefined)?.mark ?? null;
      return {
        criterion: criterion ?? null,
        detail: { track: track ?? null, statement: statement ?? null, from: mark(from), to: mark(to) },
      };
    },
  },
});
