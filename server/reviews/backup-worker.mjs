// Entry of the backup-checking thread: plain JavaScript, so it starts the same under
// `node --import tsx`, vitest and the bench, then loads the TypeScript checks through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';
import { setThreadNice } from '../threads/thread-nice.mjs';
import * as Y from 'yjs';

// Yields the cores to the event loop when the machine is busy.
setThreadNice(19);

const { parseBackup, prepareDocument, encodeBackup, BackupFault } = await tsImport(workerData.module, import.meta.url);

parentPort.on('message', ({ id, op, args }) => {
  try {
    if (op === 'parse') {
      const result = parseBackup(args.bytes);
      parentPort.postMessage({ id, result }, [result.document.buffer]);
    } else if (op === 'copy') {
      const update = args.parts.length === 1 ? args.parts[0] : Y.mergeUpdates(args.parts);
      const result = prepareDocument(update, args.framework, args.meta, false);
      parentPort.postMessage({ id, result }, [result.buffer]);
    } else if (op === 'encode') {
      const result = encodeBackup(args.parts, args.body);
      parentPort.postMessage({ id, result }, [result.buffer]);
    } else {
      const result = prepareDocument(args.update, args.framework, args.meta, args.check);
      parentPort.postMessage({ id, result }, [result.buffer]);
    }
  } catch (error) {
    if (error instanceof BackupFault) parentPort.postMessage({ id, fault: error.message });
    else parentPort.postMessage({ id, crash: error instanceof Error ? error.message : String(error) });
  }
});
parentPort.postMessage({ ready: true });
