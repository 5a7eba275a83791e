import * as Y from 'yjs';
import { tableRowSchema, type TableRow } from '../entities.ts';
import { checkList } from './nested.ts';
import { defineRoot } from './root-module.ts';

/** `tableRows`: table id → rows users added (tables with openRows). Their cells are recorded under `tableCells`. */
export const tableRows = defineRoot<'tableRows', Y.Array<TableRow>>({
  name: 'tableRows',
  holds: 'lists',
  checkNested: (type, key, ctx) => checkList(tableRowSchema, type, 'tableRows', key, ctx),
  skeleton(map, model) {
    for (const table of model.openTables.keys()) map.set(table, new Y.Array<TableRow>());
  },
});
