// Entry of the export thread: plain JavaScript, so it starts the same under `node --import tsx`,
// vitest and the bench, then loads the TypeScript exporter through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';
import { setThreadNice } from '../threads/thread-nice.mjs';

// Gives way to the event loop when they share a core, yet (unlike the upload checker's 19) still
// gets a fair share on a busy machine, since a person is waiting for the file.
setThreadNice(workerData.nice);

const { exportReview } = await tsImport(workerData.module, import.meta.url);

parentPort.on('message', ({ id, format, source }) => {
  exportReview(format, source).then(
    (bytes) => parentPort.postMessage({ id, result: bytes }, [bytes.buffer]),
    (error) => parentPort.postMessage({ id, crash: error instanceof Error ? error.message : String(error) }),
  );
});
parentPort.postMessage({ ready: true });
