// Entry of the framework-parsing thread: plain JavaScript, so it starts the same under
// `node --import tsx`, vitest and the bench, then loads the TypeScript parser through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';
import { setThreadNice } from '../threads/thread-nice.mjs';

// Yields the cores to the event loop when the machine is busy.
setThreadNice(19);

const { prepareUpload } = await tsImport(workerData.module, import.meta.url);

parentPort.on('message', ({ id, source, file }) => {
  try {
    parentPort.postMessage({ id, result: prepareUpload(source, file) });
  } catch (error) {
    parentPort.postMessage({ id, crash: error instanceof Error ? error.message : String(error) });
  }
});
parentPort.postMessage({ ready: true });
