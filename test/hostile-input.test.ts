import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileInputs } from './helpers/hostile-uploads.ts';
import {
  makeUser,
  seedUser,
  spawnServer,
  startTestServer,
  tempDir,
  type TestServer,
  type TestUser,
} from './helpers/server.ts';
import { billionLaughs } from './helpers/hostile-uploads.ts';

let server: TestServer;
let admin: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  admin = await makeUser(server.store, 'Admin', { isAdmin: true });
});

afterAll(() => server.close());

describe('hostile uploads and bodies against the real server', () => {
  for (const input of hostileInputs()) {
    it(`${input.name}: ${input.expected.status}, naming the fault`, async () => {
      const signIn: Record<string, string> = input.path.startsWith('/api/frameworks')
        ? { authorization: `Bearer ${admin.token}` }
        : {};
      const res = await fetch(`${server.url}${input.path}`, {
        method: 'POST',
        headers: { 'content-type': input.contentType, ...signIn },
        body: input.body,
      });
      expect(res.status).toBe(input.expected.status);
      const body = (await res.json()) as { error?: { message: string } };
      if (input.expected.message) expect(body.error?.message).toBe(input.expected.message);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    });
  }

  it('refuses deep JSON before asking who is signed in, on every API path', async () => {
    for (const path of ['/api/frameworks', '/api/reviews', '/api/invites/x/accept']) {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '['.repeat(65) + ']'.repeat(65),
      });
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message, path).toBe(
        'request body: JSON nested deeper than 64 levels (at character 65)',
      );
    }
  });

  it('answers malformed JSON with a 400 that says so', async () => {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/JSON/);
  });

  it('checks uploads on its own thread when run as a process, as `npm start` runs it', async () => {
    const dir = await tempDir();
    const owner = await seedUser(dir.path);
    const child = await spawnServer(dir.path);
    try {
      const auth = { authorization: `Bearer ${owner.token}` };
      const me = (await (await fetch(`${child.url}/api/auth/me`, { headers: auth })).json()) as {
        workspaces: { id: string }[];
      };
      const res = await fetch(`${child.url}/api/frameworks?filename=bomb.yaml&workspaceId=${me.workspaces[0]!.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/yaml', ...auth },
        body: billionLaughs(),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
        'bomb.yaml: (aliases): aliases (*name) expand too far: more than 100 copies; write the repeated content out or use fewer aliases',
      );
    } finally {
      child.process.kill();
      await child.exited;
      await dir.remove();
    }
  });
});
