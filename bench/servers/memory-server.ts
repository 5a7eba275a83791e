/**
 * The project's server as `npm start` runs it, but serving from a store whose review log stays in
 * memory (scenario 6's "in-memory store"), passed to startServer; accounts and reviews are read
 * from the data folder's SQLite database.
 */
import { runServerProcess } from '../../server/process.ts';
import { openStore } from '../../server/store/open.ts';
import { MemoryLogStore } from './memory-log-store.ts';

await runServerProcess(async (config) => ({
  store: new MemoryLogStore(await openStore(config, undefined, { backgroundCheckpoint: true })),
}));
