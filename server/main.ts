import { configFromEnv } from './config.ts';
import { startServer } from './server.ts';

const config = configFromEnv();
const server = await startServer(config).catch((error: unknown) => {
  console.error(`[bestfit] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
console.log(`[bestfit] listening on ${server.url} (data in ${config.dataDir})`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`[bestfit] ${signal}: storing open reviews and stopping`);
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('[bestfit] shutdown failed', error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
