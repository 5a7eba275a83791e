import * as Y from 'yjs';
import { Limits } from '../../protocol/limits.ts';
import { ROW_NAME, splitKey } from '../keys.ts';
import { checkPlainText, checkText } from './nested.ts';
import { defineRoot, fail, structural, type ChangePolicy } from './root-module.ts';
import { tableRows } from './table-rows.ts';

/**
 * An added row's name: short, and changed only by the row's author or a facilitator. A row added in
 * this same transaction is named by whoever adds it, whose authorship the row list's check checks.
 */
function checkRowName(text: Y.Text, key: string, tr: Y.Transaction, policy: ChangePolicy): void {
  if (text.length > Limits.maxRowNameLength)
    fail(`tableCells "${key}": a row name is ${text.length} characters; the limit is ${Limits.maxRowNameLength}`);
  const [table, id] = key.split('/');
  const rows = tableRows.of(tr.doc).get(table!);
  for (let item = rows?._start ?? null; item !== null; item = item.right) {
    if (item.deleted) continue;
    // Rows were parsed by the row list's schema when added: none is null.
    // Stryker disable next-line OptionalChaining: equivalent, see docs/mutation.md
    const row = (item.content.getContent() as { id?: string; by?: string }[]).find((r) => r?.id === id);
    if (!row) continue;
    // A row new in this transaction carries the connection's own user (the list check), so `>` would change nothing.
    // Stryker disable next-line EqualityOperator: equivalent, see docs/mutation.md
    const isNew = item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0);
    if (!isNew && policy.userId !== undefined && !policy.isFacilitator && row.by !== policy.userId)
      fail(`tableCells "${key}": only the row's author or a facilitator can rename it`);
    return;
  }
  fail(`tableCells "${key}": no such row`);
}

/** `tableCells`: cellKey (table/row/column) → a table cell's text; an added row's name under column ROW_NAME. */
export const tableCells = defineRoot<'tableCells', Y.Text, 'table'>({
  name: 'tableCells',
  holds: 'texts',
  checkValue(key, value, { model, tr, policy }) {
    // Fixed cells are built with the skeleton; only an added row's cells (and name) may be created.
    const parts = splitKey(key, 3);
    const columns = parts && model.openTables.get(parts[0]!);
    const name = parts?.[2] === ROW_NAME;
    if (!parts || !columns || !(name || columns.includes(parts[2]!)) || model.cellKeys.has(key))
      return structural('tableCells', key);
    // A cell created in this transaction hides its own contents from tr.changed, so check them here.
    if (!(value instanceof Y.Text)) return fail(`tableCells "${key}": a cell must be text`);
    if (value.length > Limits.maxTextLength)
      return fail(`tableCells "${key}": text is over ${Limits.maxTextLength} characters`);
    checkPlainText(value, 'tableCells', key);
    const rows = tableRows.of(tr.doc).get(parts[0]!);
    if (!rows?.toArray().some((r) => r.id === parts[1])) return fail(`tableCells "${key}": no such row`);
    if (name) checkRowName(value, key, tr, policy);
  },
  checkNested(type, key, { tr, policy }) {
    const change = checkText(type, 'tableCells', key);
    // Texts under tableCells have three-part keys: built with the skeleton, or checked by checkValue when added.
    // Stryker disable next-line OptionalChaining: equivalent, see docs/mutation.md
    if (splitKey(key, 3)?.[2] === ROW_NAME) checkRowName(type as Y.Text, key, tr, policy);
    return change;
  },
  history: { kind: 'table' },
  skeleton(map, model) {
    for (const key of model.cellKeys) map.set(key, new Y.Text());
  },
});
