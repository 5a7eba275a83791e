import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileInputs } from './helpers/hostile-uploads.ts';
import { makeUser, startTestServer, type TestServer, type TestUser } from './helpers/server.ts';

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
});
