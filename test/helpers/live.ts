import { afterEach } from 'vitest';
import { connectClient, type StockClient } from './clients.ts';
import { startTestServer, type TestServer } from './server.ts';

export interface LiveServer {
  /** Start a real server for this test (port 0, its own data folder unless given). */
  start(env?: Record<string, string>, dataDir?: string): Promise<TestServer>;
  readonly server: TestServer;
  /** A stock client of a review, as a token's holder (or with no credentials); closed after the test. */
  client(reviewId: string, token?: string): StockClient;
  /** Stop the server and every client, then start it again on the same data folder. */
  restart(): Promise<TestServer>;
}

/** One real server per test and the clients it opened, all closed after each test. */
export function liveServer(): LiveServer {
  let current: TestServer | null = null;
  const clients: StockClient[] = [];
  const closeClients = () => {
    for (const c of clients.splice(0)) c.destroy();
  };
  afterEach(async () => {
    closeClients();
    await current?.close();
    current = null;
  });
  const live: LiveServer = {
    async start(env = {}, dataDir) {
      current = await startTestServer(env, dataDir);
      return current;
    },
    get server() {
      if (!current) throw new Error('start() the server first');
      return current;
    },
    client(reviewId, token) {
      const c = connectClient(live.server.wsUrl, reviewId, token ? { token } : {});
      clients.push(c);
      return c;
    },
    async restart() {
      const { dataDir } = live.server;
      closeClients();
      await live.server.close();
      return live.start({}, dataDir);
    },
  };
  return live;
}
