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
    // A malformed key leaves all three undefined, and no text key is "undefined/undefined": the part checks only spare the lookup.
    // Stryker disable next-line ArrayDeclaration: equivalent, see docs/mutation.md
    const [track, criterion, ref] = splitKey(key, 3) ?? [];
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, see docs/mutation.md
    if (!track || !criterion || !ref || !model.textKeys.has(textKey(track, criterion)))
      return fail(`statementMarks "${key}": no such track or criterion in this framework`);
    // Every criterion of the framework has its statement refs (model.ts), and the criterion is known here.
    // Stryker disable next-line OptionalChaining: equivalent, see docs/mutation.md
    if (!model.statementRefsOf(criterion)?.has(ref))
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
