import { recordStoreContract } from './contract-records.ts';
import { SqliteStore } from './sqlite.ts';

recordStoreContract('SqliteStore', async () => {
  // A real SQLite database held in memory.
  const store = new SqliteStore(':memory:');
  return { store, cleanup: () => store.close() };
});
