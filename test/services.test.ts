import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  endpointOf,
  ensureServices,
  reachable,
  servicesFrom,
} from './services.ts';

describe('the services check before the tests', () => {
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  async function listening(): Promise<number> {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  it('uses the machine defaults unless TEST_DATABASE_URL or TEST_REDIS_URL say otherwise', () => {
    expect(servicesFrom({}).map((s) => s.url)).toEqual([DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL]);
    const moved = servicesFrom({ TEST_DATABASE_URL: 'postgres://u@db:6543/x', TEST_REDIS_URL: 'redis://cache:7000' });
    expect(moved.map((s) => endpointOf(s.url))).toEqual([
      { host: 'db', port: 6543 },
      { host: 'cache', port: 7000 },
    ]);
  });

  it("fills in each engine's default port", () => {
    expect(endpointOf('postgres://postgres@localhost/test')).toEqual({ host: 'localhost', port: 5432 });
    expect(endpointOf('redis://localhost')).toEqual({ host: 'localhost', port: 6379 });
  });

  it('sees a listening port as up and reports nothing to start', async () => {
    const port = await listening();
    const url = `postgres://postgres@127.0.0.1:${port}/test`;
    expect(await reachable(url)).toBe(true);
    expect(await ensureServices([{ name: 'PostgreSQL', url, debianServices: [], hint: 'start it' }])).toEqual([]);
  });

  it('names a service that does not answer and says what to do, in one line', async () => {
    const port = await listening();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
    const url = `redis://127.0.0.1:${port}`;
    const problems = await ensureServices([{ name: 'Redis', url, debianServices: [], hint: 'start Redis' }]);
    expect(problems).toEqual([`Redis is not answering at ${url}: start Redis.`]);
  });
});
