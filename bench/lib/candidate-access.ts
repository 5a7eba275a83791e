/**
 * Everything the bench needs from the project's accounts: a data folder with an owner and many
 * participants (each with an API token, as scripts connect), reviews created through
 * `POST /api/reviews`, and participants let in through invite links. The reference needs none of
 * this. This is the only bench file that knows how the project authenticates.
 */
import { join } from 'node:path';
import { createApiToken, createUser } from '../../server/auth/accounts.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { newId } from '../../server/auth/tokens.ts';
import type { AccessStore } from '../../server/store/access-types.ts';
import { SqliteStore } from '../../server/store/sqlite.ts';

export const BENCH_PASSWORD = 'bench password, loopback only';

export interface BenchAccounts {
  owner: { email: string; token: string };
  /** API tokens of participants, each a different person. */
  participants: string[];
  /** Email of every participant, same order (the browser signs in with a password). */
  emails: string[];
}

/** Create the owner (an administrator, in workspace "Bench") and `count` participants in a fresh data folder. */
export async function createAccounts(dataDir: string, count: number): Promise<BenchAccounts> {
  const store = new SqliteStore(join(dataDir, 'bestfit.db'));
  try {
    return await createAccountsIn(store.access, count);
  } finally {
    await store.close();
  }
}

/** The same accounts in an open store (scenario 11 writes them into PostgreSQL). */
export async function createAccountsIn(access: AccessStore, count: number): Promise<BenchAccounts> {
  const ownerEmail = 'owner@bench.test';
  const owner = await createUser(access, {
    email: ownerEmail,
    name: 'Bench owner',
    password: BENCH_PASSWORD,
    workspace: 'Bench',
    // As `npm run admin -- create-user` makes the first account: it may publish frameworks.
    isAdmin: true,
  });
  const ownerToken = await createApiToken(access, owner.id, 'bench');
  // One password hash for everyone: scrypt is deliberately slow and there are thousands of users.
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const participants: string[] = [];
  const emails: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = newId();
    const email = `p${i}@bench.test`;
    await access.createUser({
      id,
      email,
      name: `Participant ${i}`,
      isAdmin: false,
      createdAt: new Date().toISOString(),
      passwordHash,
    });
    participants.push(await createApiToken(access, id, 'bench'));
    emails.push(email);
  }
  return { owner: { email: ownerEmail, token: ownerToken }, participants, emails };
}

async function api<T>(url: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** `POST /api/reviews` as the owner; resolves with the review id. */
export async function createReview(url: string, ownerToken: string, frameworkId: string, title: string) {
  const review = await api<{ id: string }>(url, ownerToken, 'POST', '/api/reviews', { frameworkId, title });
  return review.id;
}

/** Let participants into a review as editors: one invite link, accepted by each of them. */
export async function admit(url: string, ownerToken: string, reviewId: string, tokens: string[], concurrency = 8) {
  const { url: link } = await api<{ url: string }>(url, ownerToken, 'POST', `/api/reviews/${reviewId}/invites`, {
    role: 'editor',
  });
  const secret = link.split('/invite/')[1];
  if (!secret) throw new Error(`unexpected invite link ${link}`);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, tokens.length) }, async () => {
      while (next < tokens.length) {
        const token = tokens[next++]!;
        await api(url, token, 'POST', `/api/invites/${secret}/accept`, {});
      }
    }),
  );
}

/** Run `task` over `items` with at most `concurrency` at once. */
export async function pool<T, R>(items: T[], concurrency: number, task: (item: T, i: number) => Promise<R>) {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await task(items[i]!, i);
      }
    }),
  );
  return out;
}
