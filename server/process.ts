import { prestartOpenThread } from './collab/stored-review-thread.ts';
import { configFromEnv, type Config } from './config.ts';
import { startServer, type ServerOptions } from './server.ts';

/**
 * Run the server as a process: configuration from the environment, stopped cleanly on SIGINT or
 * SIGTERM. `options` may pass a store (the bench's in-memory one); it is closed on the way out.
 */
export async function runServerProcess(
  options: (config: Config) => ServerOptions | Promise<ServerOptions> = () => ({}),
): Promise<void> {
  const config = configFromEnv();
  const starting = async () => {
    const given = await options(config);
    return { given, server: await startServer(config, given) };
  };
  const { given, server } = await starting().catch((error: unknown) => {
    console.error(`[bestfit] could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
  const where = config.database.engine === 'postgres' ? 'data in PostgreSQL' : `data in ${config.dataDir}`;
  // Requests are answered meanwhile; the line below, which scripts and the bench wait for, says
  // the thread is up too (or 10 s have passed), so its memory is in any baseline read after it.
  await Promise.race([prestartOpenThread(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  console.log(`[bestfit] listening on ${server.url} (${where})`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[bestfit] ${signal}: storing open reviews and stopping`);
    server
      .close()
      .then(() => given.store?.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('[bestfit] shutdown failed', error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
