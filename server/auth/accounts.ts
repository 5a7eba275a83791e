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

/** Creating an account for an email that has one; the message names no email. */
export class EmailTakenError extends AccountError {
  constructor() {
    super('email: this email cannot be used to create an account; if it is yours, sign in instead', 'email');
  }
}

export const SESSION_DAYS = 30;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Check a new account's details without looking anyone up; throws an AccountError naming the field. */
export function checkNewAccount(input: { email: string; name: string; password: string }): {
  email: string;
  name: string;
} {
  const email = input.email.trim();
  const name = input.name.trim();
  if (!emailPattern.test(email)) throw new AccountError('email: is not an email address', 'email');
  if (!name || name.length > 100) throw new AccountError('name: must be 1–100 characters', 'name');
  const problem = passwordProblem(input.password);
  if (problem) throw new AccountError(`password: ${problem}`, 'password');
  return { email, name };
}

export async function createUser(
  access: AccessStore,
  input: { email: string; name: string; password: string; isAdmin?: boolean; workspace?: string },
): Promise<User> {
  const { email, name } = checkNewAccount(input);
  // Never says whose email it is: callers that face the public turn this into "sign in to accept".
  if (await access.userByEmail(email)) throw new EmailTakenError();
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
  // An account with no password (made by sign-in with the identity provider) spends the same time.
  const hasPassword = user?.passwordHash.startsWith('scrypt$') ?? false;
  const ok = (await verifyPassword(password, hasPassword ? user!.passwordHash : await dummyHash)) && hasPassword;
  return user && ok && !user.disabledAt
    ? { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, createdAt: user.createdAt }
    : null;
}

// Stryker disable next-line StringLiteral: equivalent, any hash spends the same time and `hasPassword` refuses the match
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

/** A proven credential: whose it is, and (for a session) when it ends. Sockets keep it to be closed with it. */
export interface Credential {
  user: User;
  kind: 'session' | 'token';
  /** The stored hash of the secret, which names the session or token. */
  hash: string;
  /** When a session ends (ms since the epoch); null for an API token. */
  expiresAt: number | null;
}

/** The credential a cookie secret or API token stands for, if it is valid now. */
export async function resolveCredential(access: AccessStore, secret: string): Promise<Credential | null> {
  const hash = hashSecret(secret);
  if (secret.startsWith(API_TOKEN_PREFIX)) {
    const user = await access.tokenUser(hash);
    return user ? { user, kind: 'token', hash, expiresAt: null } : null;
  }
  const session = await access.sessionById(hash, new Date().toISOString());
  return session ? { user: session.user, kind: 'session', hash, expiresAt: Date.parse(session.expiresAt) } : null;
}

/** The user a cookie secret or API token stands for, if any. */
export async function userForSecret(access: AccessStore, secret: string): Promise<User | null> {
  return (await resolveCredential(access, secret))?.user ?? null;
}

/** Set a new password; every session of the user ends (the caller's socket closing is up to it). */
export async function changePassword(access: AccessStore, userId: string, password: string): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new AccountError(`newPassword: ${problem}`, 'newPassword');
  await access.setPasswordHash(userId, await hashPassword(password));
  await access.deleteSessionsOf(userId);
}
