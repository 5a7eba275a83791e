import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiToken, createUser } from '../../server/auth/accounts.ts';
import { configFromEnv } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import type { ReviewRole } from '../../server/store/access-types.ts';
import { SqliteStore } from '../../server/store/sqlite.ts';
import type { Store } from '../../server/store/types.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export async function tempDir(prefix = 'bestfit-test-'): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export interface TestUser {
  id: string;
  name: string;
  email: string;
  password: string;
  /** An API token for scripts and stock clients. */
  token: string;
}

let userCount = 0;

/** A user in the test workspace (or another; its first member owns it), with a password and an API token. */
export async function makeUser(
  store: Store,
  name = `User ${++userCount}`,
  options: { isAdmin?: boolean; workspace?: string | null } = {},
): Promise<TestUser> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}.${++userCount}@example.test`;
  const password = 'correct horse battery staple';
  const workspace = options.workspace === undefined ? 'Test workspace' : (options.workspace ?? undefined);
  const user = await createUser(store.access, { email, name, password, workspace, isAdmin: options.isAdmin });
  return { id: user.id, name, email, password, token: await createApiToken(store.access, user.id, 'tests') };
}

export interface TestServer extends RunningServer {
  wsUrl: string;
  dataDir: string;
  /** A user who belongs to the test workspace and can create reviews. */
  owner: TestUser;
  /** Add a user to a review with a role. */
  addMember(reviewId: string, role: ReviewRole, name?: string): Promise<TestUser>;
}

/** A real server in this process on a free port (port 0), with its own data folder and a first user. */
export async function startTestServer(env: Record<string, string> = {}, dataDir?: string): Promise<TestServer> {
  const dir = dataDir ?? (await tempDir()).path;
  const config = configFromEnv(
    { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, CLIENT_DIR: join(dir, 'no-client'), ...env },
    repoRoot,
  );
  // TEST_SERVER_LOG=1 prints what the server logs (failed meeting actions, refused updates…) when a test fails.
  const log = process.env.TEST_SERVER_LOG ? (...args: unknown[]) => console.error('[server]', ...args) : () => {};
  const server = await startServer(config, { log });
  const owner = await makeUser(server.store, 'Owner');
  return {
    ...server,
    wsUrl: `${server.url.replace('http', 'ws')}/collab`,
    dataDir: dir,
    owner,
    async addMember(reviewId, role, name) {
      const user = await makeUser(server.store, name);
      await server.store.access.setReviewMember(reviewId, user.id, role, null);
      return user;
    },
  };
}

export interface ChildServer {
  url: string;
  wsUrl: string;
  process: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

/** Create a user directly in a data folder (as the admin CLI does), for a server run as a process. */
export async function seedUser(dataDir: string): Promise<TestUser> {
  const store = new SqliteStore(join(dataDir, 'bestfit.db'));
  try {
    return await makeUser(store, 'Script');
  } finally {
    await store.close();
  }
}

/** The real server as a separate process (for kill -9 tests); resolves once it is listening. */
export function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CLIENT_DIR: join(dataDir, 'no-client'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1])
        resolve({ url: match[1], wsUrl: `${match[1].replace('http', 'ws')}/collab`, process: child, exited });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${err}`)));
  });
}

/** POST /api/reviews as a user (bearer token); resolves with the new review's id. */
export async function createReviewOver(
  url: string,
  token: string,
  frameworkId: string,
  title = 'Test review',
): Promise<string> {
  const res = await fetch(`${url}/api/reviews`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ frameworkId, title }),
  });
  if (res.status !== 201) throw new Error(`creating a review failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}
