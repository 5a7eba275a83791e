import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { Limits } from '../shared/protocol/limits.ts';
import { createApp } from './app.ts';
import { Rooms } from './collab/rooms.ts';
import { Cluster } from './cluster/cluster.ts';
import { summaryKeeper } from './cycles/summaries.ts';
import type { Config } from './config.ts';
import { FrameworkLibrary } from './frameworks/library.ts';
import { openStore } from './store/open.ts';
import type { Store } from './store/types.ts';

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  rooms: Rooms;
  close(): Promise<void>;
}

const defaultLog = (message: string, error?: unknown) => {
  console.error(`[bestfit] ${message}`, error instanceof Error ? error.message : (error ?? ''));
};

export interface ServerOptions {
  /**
   * The store to serve from (tests, the bench's in-memory store); it stays the caller's to close.
   * Without one the server opens what the configuration names (DATABASE_URL) and closes it itself.
   */
  store?: Store;
  log?: (message: string, error?: unknown) => void;
}

/** Open the store, register the built-in frameworks and listen. Port 0 picks a free port. */
export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? defaultLog;
  const owned = options.store === undefined;
  const store = options.store ?? (await openStore(config, log, { backgroundCheckpoint: true }));
  const closeOwned = async () => {
    if (owned) await store.close();
  };
  const library = new FrameworkLibrary(store);
  try {
    await library.loadBuiltIns(config.frameworksDir, (message) => log(message));
  } catch (error) {
    await closeOwned();
    throw error;
  }
  const cluster = config.redisUrl ? new Cluster(config.redisUrl, log) : null;
  try {
    await cluster?.ready;
  } catch (error) {
    await Promise.all([cluster?.close(), closeOwned()]);
    throw new Error(`REDIS_URL: Redis did not answer (${error instanceof Error ? error.message : String(error)})`, {
      cause: error,
    });
  }
  const rooms = new Rooms(
    store,
    (id, version) => library.get(id, version),
    { compactAfter: config.compactAfter, log, onCommit: summaryKeeper(store, log) },
    cluster,
  );
  cluster?.serve(rooms);
  const app = createApp({
    store,
    library,
    rooms,
    clientDir: config.clientDir,
    log,
    security: config.security,
    oidc: config.oidc,
    cluster,
  });
  // Frames up to twice the limit reach the room, which refuses them with a clear close code;
  // anything larger is cut off by ws itself before it is buffered.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 2 * Limits.maxMessageBytes });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host, websocket: { server: wss } }, () =>
      resolve(s),
    );
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    port,
    store,
    rooms,
    async close() {
      await rooms.close();
      await cluster?.close();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeOwned();
    },
  };
}
