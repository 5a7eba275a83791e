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
  console.log(`[bestfit] listening on ${server.url} (${where})`);
  // After listening, in the background: requests are answered meanwhile, and the first large review opened need not wait for it.
  void prestartOpenThread();

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
