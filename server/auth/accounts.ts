import type { AccessStore, User } from '../store/access-types.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { API_TOKEN_PREFIX, hashSecret, newId, newSecret } from './tokens.ts';

export class AccountError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const SESSION_DAYS = 30;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createUser(
  access: AccessStore,
  input: { email: string; name: string; password: string; isAdmin?: boolean; workspace?: string },
): Promise<User> {
  const email = input.email.trim();
  const name = input.name.trim();
  if (!emailPattern.test(email)) throw new AccountError('email: is not an email address', 'email');
  if (!name || name.length > 100) throw new AccountError('name: must be 1–100 characters', 'name');
  const problem = passwordProblem(input.password);
  if (problem) throw new AccountError(`password: ${problem}`, 'password');
  if (await access.userByEmail(email)) throw new AccountError(`email: ${email} already has an account`, 'email');
  const user: User = { id: newId(), email, name, isAdmin: input.isAdmin ?? false, createdAt: new Date().toISOString() };
  await access.createUser({ ...user, passwordHash: await hashPassword(input.password) });
  if (input.workspace) {
    const existing = await access.workspaceByName(input.workspace);
    const workspaceId = existing?.id ?? newId();
    if (!existing) await access.createWorkspace(workspaceId, input.workspace);
    await access.addWorkspaceMember(workspaceId, user.id, existing ? 'member' : 'owner');
  }
  return user;
}

/** Check a password; the same answer and about the same time whether or not the account exists. */
export async function checkLogin(access: AccessStore, email: string, password: string): Promise<User | null> {
  const user = await access.userByEmail(email.trim());
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
  return user && ok && !user.disabledAt
    ? { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, createdAt: user.createdAt }
    : null;
}

const dummyHash = hashPassword('not a real password, only here to spend the time');

export async function startSession(access: AccessStore, userId: string): Promise<{ secret: string; expires: Date }> {
  const secret = newSecret();
  const expires = new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000);
  await access.createSession(hashSecret(secret), userId, expires.toISOString());
  return { secret, expires };
}

export async function createApiToken(access: AccessStore, userId: string, name: string): Promise<string> {
  const secret = newSecret(API_TOKEN_PREFIX);
  await access.createApiToken({ id: newId(), tokenHash: hashSecret(secret), userId, name });
  return secret;
}

/** The user a cookie secret or API token stands for, if any. */
export async function userForSecret(access: AccessStore, secret: string): Promise<User | null> {
  const hash = hashSecret(secret);
  if (secret.startsWith(API_TOKEN_PREFIX)) return access.tokenUser(hash);
  return access.sessionUser(hash, new Date().toISOString());
}
