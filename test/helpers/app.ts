import { fileURLToPath } from 'node:url';
import type { Agreements } from '../../server/agreement/agreements.ts';
import { createApp, type AppDeps } from '../../server/app.ts';
import { Rooms } from '../../server/collab/rooms.ts';
import { FrameworkLibrary } from '../../server/frameworks/library.ts';
import { SqliteStore } from '../../server/store/sqlite.ts';
import { makeUser } from './server.ts';

const frameworksDir = fileURLToPath(new URL('../../frameworks/', import.meta.url));

export interface InProcessApp {
  app: ReturnType<typeof createApp>;
  store: SqliteStore;
  /** A request as a signed-in user (bearer token), straight into the Hono app. */
  req(path: string, init?: RequestInit): Promise<Response>;
  post(path: string, body: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** The whole HTTP app over an in-memory store with the built-in frameworks, for app.request() tests. */
export async function inProcessApp(
  options: { agreements?: Agreements; log?: AppDeps['log']; cluster?: AppDeps['cluster'] } = {},
): Promise<InProcessApp> {
  const store = new SqliteStore(':memory:');
  const library = new FrameworkLibrary(store);
  await library.loadBuiltIns(frameworksDir);
  const rooms = new Rooms(store, (id, v) => library.get(id, v), { compactAfter: 500 });
  const { agreements, cluster, log = () => {} } = options;
  const app = createApp({ store, library, rooms, log, agreements, cluster });
  const token = (await makeUser(store)).token;
  const req = (path: string, init: RequestInit = {}) =>
    Promise.resolve(
      app.request(path, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
      }),
    );
  return {
    app,
    store,
    req,
    post: (path, body) =>
      req(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    async close() {
      await rooms.close();
      await store.close();
    },
  };
}
