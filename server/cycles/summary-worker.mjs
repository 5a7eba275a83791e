// Entry of the cycles thread: plain JavaScript, so it starts the same under `node --import tsx`,
// vitest and the bench, then loads the TypeScript tasks through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';
import { setThreadNice } from '../threads/thread-nice.mjs';

// Yield the cores to the event loop when the machine is busy (a nice value is per thread on Linux),
// unless the thread's owner says a person is waiting on its work.
setThreadNice(workerData.nice ?? 19);

const { runTask } = await tsImport(workerData.module, import.meta.url);

parentPort.on('message', ({ id, task }) => {
  try {
    parentPort.postMessage({ id, result: runTask(task) });
  } catch (error) {
    parentPort.postMessage({ id, crash: error instanceof Error ? error.message : String(error) });
  }
});
parentPort.postMessage({ ready: true });
