/**
 * Makes sure the PostgreSQL and Redis the multi-process tests use are up, starting them where
 * this machine can (Debian's service scripts, as root), else says in one line what to start.
 * `npm test` runs this after test/chromium.ts; TEST_DATABASE_URL and TEST_REDIS_URL move them.
 */
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface Service {
  readonly name: 'PostgreSQL' | 'Redis';
  readonly url: string;
  /** Debian service names tried, in order, when the port does not answer. */
  readonly debianServices: readonly string[];
  readonly hint: string;
}

export function servicesFrom(env: Readonly<Record<string, string | undefined>>): Service[] {
  return [
    {
      name: 'PostgreSQL',
      url: env.TEST_DATABASE_URL ?? DEFAULT_DATABASE_URL,
      debianServices: ['postgresql'],
      hint: 'start PostgreSQL (apt-get install -y postgresql && service postgresql start) with a database "test" that user postgres may use without a password, or set TEST_DATABASE_URL',
    },
    {
      name: 'Redis',
      url: env.TEST_REDIS_URL ?? DEFAULT_REDIS_URL,
      debianServices: ['redis-server', 'redis'],
      hint: 'start Redis (apt-get install -y redis-server && service redis-server start), or set TEST_REDIS_URL',
    },
  ];
}

/** Host and port a service URL points at, with each engine's default port. */
export function endpointOf(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  const fallback = parsed.protocol.startsWith('redis') ? 6379 : 5432;
  return { host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(parsed.port) || fallback };
}

/** Whether something accepts TCP connections at the service's address. */
export function reachable(url: string, timeoutMs = 2000): Promise<boolean> {
  const { host, port } = endpointOf(url);
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function tryStart(service: Service): void {
  if (process.getuid?.() !== 0) return;
  for (const name of service.debianServices) {
    try {
      execFileSync('service', [name, 'start'], { stdio: 'ignore' });
      return;
    } catch {
      // Not installed under this name; try the next.
    }
  }
}

/** Resolves with one line per service that is still down after trying to start it. */
export async function ensureServices(services: readonly Service[]): Promise<string[]> {
  const problems: string[] = [];
  for (const service of services) {
    if (await reachable(service.url)) continue;
    tryStart(service);
    let up = false;
    // A started server takes a moment to listen; poll its port a few times.
    for (let attempt = 0; attempt < 20 && !up; attempt++) {
      up = await reachable(service.url);
      if (!up) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (!up) problems.push(`${service.name} is not answering at ${service.url}: ${service.hint}.`);
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = await ensureServices(servicesFrom(process.env));
  for (const line of problems) console.error(line);
  if (problems.length > 0) process.exitCode = 1;
  else console.log('PostgreSQL and Redis are up for the multi-process tests.');
}
