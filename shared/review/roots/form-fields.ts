import * as Y from 'yjs';
import { checkText } from './nested.ts';
import { defineRoot, fail, structural } from './root-module.ts';

/** `formFields`: formKey (form/section/field) → a text field, or the grade id of a grade field. */
export const formFields = defineRoot<'formFields', Y.Text | string, 'form'>({
  name: 'formFields',
  holds: 'texts-and-values',
  checkValue(key, value, { model }) {
    const grades = model.formGradeKeys.get(key);
    if (!grades) return structural('formFields', key);
    if (value !== undefined && !grades.has(value as string)) {
      return fail(`formFields "${key}": ${JSON.stringify(value)} is not a grade of this form`);
    }
  },
  checkNested: (type, key) => checkText(type, 'formFields', key),
  history: { kind: 'form' },
  skeleton(map, model) {
    for (const key of model.formTextKeys) map.set(key, new Y.Text());
  },
});
