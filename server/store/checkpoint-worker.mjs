// Entry of the checkpoint thread: plain JavaScript, so it starts the same under `node --import tsx`,
// vitest and the bench.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { setThreadNice } from '../threads/thread-nice.mjs';

// On the event loop's core, a checkpoint's copying would delay the edits arriving meanwhile; no
// one waits for it, and a late one only leaves the WAL longer for a while.
setThreadNice(workerData.nice);

const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, result });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error) });
  }
});
