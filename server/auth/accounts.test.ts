import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccessStore, User, UserWithPassword } from '../store/access-types.ts';
import {
  AccountError,
  EmailTakenError,
  SESSION_DAYS,
  changePassword,
  checkLogin,
  checkNewAccount,
  createApiToken,
  createUser,
  resolveCredential,
  startSession,
  userForSecret,
} from './accounts.ts';
import type * as passwords from './passwords.ts';
import { hashPassword } from './passwords.ts';

// scrypt's real cost (tests of its own in passwords.test.ts) would make these tests slow; the
// rules here only need a hash that is not the password and matches it again.
// Every stored hash a password was checked against, to see the time spent when there is none.
const verified = vi.hoisted((): string[] => []);
vi.mock('./passwords.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof passwords>()),
  hashPassword: (password: string) => Promise.resolve(`scrypt$test$${Buffer.from(password).toString('base64url')}`),
  verifyPassword: (password: string, stored: string) => {
    verified.push(stored);
    return Promise.resolve(stored === `scrypt$test$${Buffer.from(password).toString('base64url')}`);
  },
}));
import { API_TOKEN_PREFIX, hashSecret } from './tokens.ts';

const T = new Date('2026-03-02T09:00:00.000Z');
const DAY = 24 * 3600 * 1000;
const PASSWORD = 'correct horse battery staple';

/** The part of the access store accounts use, in memory. */
function fakeAccess() {
  const users = new Map<string, UserWithPassword>();
  const sessions = new Map<string, { userId: string; expiresAt: string }>();
  const tokens = new Map<string, { id: string; userId: string; name: string }>();
  const workspaces = new Map<string, string>();
  const workspacesCreated: string[] = [];
  const workspaceMembers: [workspaceId: string, userId: string, role: string][] = [];
  const plain = ({ passwordHash: _hash, ...user }: UserWithPassword): User => user;
  const byId = (id: string) => [...users.values()].find((u) => u.id === id) ?? null;
  const access: Partial<AccessStore> = {
    userByEmail: (email) => Promise.resolve(users.get(email) ?? null),
    createUser: (user) => {
      users.set(user.email, user);
      return Promise.resolve();
    },
    workspaceByName: (name) => {
      const id = [...workspaces].find(([, n]) => n === name)?.[0];
      return Promise.resolve(id ? { id, name } : null);
    },
    createWorkspace: (id, name) => {
      workspacesCreated.push(name);
      workspaces.set(id, name);
      return Promise.resolve();
    },
    addWorkspaceMember: (workspaceId, userId, role) => {
      workspaceMembers.push([workspaceId, userId, role]);
      return Promise.resolve();
    },
    createSession: (tokenHash, userId, expiresAt) => {
      sessions.set(tokenHash, { userId, expiresAt });
      return Promise.resolve();
    },
    sessionById: (tokenHash, now) => {
      const s = sessions.get(tokenHash);
      const user = s && s.expiresAt > now ? byId(s.userId) : null;
      return Promise.resolve(user && s ? { user: plain(user), expiresAt: s.expiresAt } : null);
    },
    deleteSessionsOf: (userId) => {
      for (const [k, s] of sessions) if (s.userId === userId) sessions.delete(k);
      return Promise.resolve();
    },
    setPasswordHash: (userId, passwordHash) => {
      const user = byId(userId);
      if (user) user.passwordHash = passwordHash;
      return Promise.resolve();
    },
    createApiToken: ({ tokenHash, ...token }) => {
      tokens.set(tokenHash, token);
      return Promise.resolve();
    },
    tokenUser: (tokenHash) => {
      const t = tokens.get(tokenHash);
      const user = t ? byId(t.userId) : null;
      return Promise.resolve(user ? plain(user) : null);
    },
  };
  return { access: access as AccessStore, users, sessions, tokens, workspaces, workspacesCreated, workspaceMembers };
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return null;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('checkNewAccount', () => {
  it('trims the email and name and returns them', () => {
    expect(checkNewAccount({ email: ' ada@la.example ', name: ' Ada Lovelace ', password: PASSWORD })).toEqual({
      email: 'ada@la.example',
      name: 'Ada Lovelace',
    });
  });

  it('names the field at fault: email, then name, then password', () => {
    const fault = (input: { email: string; name: string; password: string }) => {
      const error = thrown(() => checkNewAccount(input));
      expect(error).toBeInstanceOf(AccountError);
      return [(error as AccountError).field, (error as AccountError).message];
    };
    for (const email of ['ada', 'ada@la', '@la.example', 'ada@.example x', 'a da@la.example', 'ada@la.example x'])
      expect(fault({ email, name: 'Ada', password: PASSWORD }), email).toEqual([
        'email',
        'email: is not an email address',
      ]);
    for (const name of ['', '   ', 'x'.repeat(101)])
      expect(fault({ email: 'ada@la.example', name, password: PASSWORD })).toEqual([
        'name',
        'name: must be 1–100 characters',
      ]);
    expect(checkNewAccount({ email: 'ada@la.example', name: 'x'.repeat(100), password: PASSWORD }).name).toHaveLength(
      100,
    );
    expect(fault({ email: 'ada@la.example', name: 'Ada', password: 'short' })).toEqual([
      'password',
      'password: must be at least 10 characters',
    ]);
  });
});

describe('createUser', () => {
  it('stores the account with a password hash, never the password, and not as an administrator unless asked', async () => {
    const f = fakeAccess();
    const user = await createUser(f.access, { email: ' ada@la.example', name: 'Ada ', password: PASSWORD });
    expect(user.id).toMatch(/^[\w-]{16}$/);
    expect(user).toEqual({
      id: user.id,
      email: 'ada@la.example',
      name: 'Ada',
      isAdmin: false,
      createdAt: T.toISOString(),
    });
    const stored = f.users.get('ada@la.example')!;
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
    expect(f.workspaceMembers).toEqual([]);
    const admin = await createUser(f.access, {
      email: 'admin@la.example',
      name: 'Admin',
      password: PASSWORD,
      isAdmin: true,
    });
    expect(admin.isAdmin).toBe(true);
  });

  it('refuses an email that has an account, without naming it', async () => {
    const f = fakeAccess();
    await createUser(f.access, { email: 'ada@la.example', name: 'Ada', password: PASSWORD });
    const error = await createUser(f.access, { email: 'ada@la.example', name: 'Other', password: PASSWORD }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EmailTakenError);
    expect((error as Error).message).toBe(
      'email: this email cannot be used to create an account; if it is yours, sign in instead',
    );
    expect((error as EmailTakenError).field).toBe('email');
    expect((error as Error).message).not.toContain('ada@la.example');
    expect(f.users.get('ada@la.example')!.name).toBe('Ada');
  });

  it('makes the first person of a new workspace its owner, and later ones its members', async () => {
    const f = fakeAccess();
    const ada = await createUser(f.access, { email: 'a@la.example', name: 'A', password: PASSWORD, workspace: 'LA' });
    const bo = await createUser(f.access, { email: 'b@la.example', name: 'B', password: PASSWORD, workspace: 'LA' });
    expect(f.workspacesCreated).toEqual(['LA']);
    const [id] = f.workspaces.keys();
    expect(f.workspaceMembers).toEqual([
      [id, ada.id, 'owner'],
      [id, bo.id, 'member'],
    ]);
  });
});

describe('checkLogin', () => {
  it('returns the user for the right password, whatever spaces surround the email, without the hash', async () => {
    const f = fakeAccess();
    const ada = await createUser(f.access, { email: 'ada@la.example', name: 'Ada', password: PASSWORD });
    expect(await checkLogin(f.access, ' ada@la.example ', PASSWORD)).toEqual(ada);
  });

  it('refuses a wrong password, an unknown email, a disabled account and an account with no password', async () => {
    const f = fakeAccess();
    await createUser(f.access, { email: 'ada@la.example', name: 'Ada', password: PASSWORD });
    expect(await checkLogin(f.access, 'ada@la.example', `${PASSWORD}!`)).toBeNull();
    expect(await checkLogin(f.access, 'nobody@la.example', PASSWORD)).toBeNull();
    f.users.get('ada@la.example')!.disabledAt = T.toISOString();
    expect(await checkLogin(f.access, 'ada@la.example', PASSWORD)).toBeNull();
    // Made by sign-in with the identity provider: no password hash, so no password can match it.
    f.users.set('sso@la.example', {
      ...f.users.get('ada@la.example')!,
      email: 'sso@la.example',
      disabledAt: null,
      passwordHash: '',
    });
    verified.length = 0;
    expect(await checkLogin(f.access, 'sso@la.example', '')).toBeNull();
    // About the same time as a real check: a password hash was still checked, not the empty one.
    expect(verified).toHaveLength(1);
    expect(verified[0]).toMatch(/^scrypt\$/);
    verified.length = 0;
    expect(await checkLogin(f.access, 'nobody@la.example', PASSWORD)).toBeNull();
    expect(verified).toHaveLength(1);
    expect(verified[0]).toMatch(/^scrypt\$/);
    // Nor the password that spends the time for it.
    expect(await checkLogin(f.access, 'sso@la.example', 'not a real password, only here to spend the time')).toBeNull();
    f.users.get('sso@la.example')!.passwordHash = `oidc$${await hashPassword(PASSWORD)}`;
    expect(await checkLogin(f.access, 'sso@la.example', PASSWORD)).toBeNull();
  });
});

describe('sessions and API tokens', () => {
  it('store only the hash of a session secret, ending SESSION_DAYS from now', async () => {
    const f = fakeAccess();
    const ada = await createUser(f.access, { email: 'ada@la.example', name: 'Ada', password: PASSWORD });
    const { secret, expires } = await startSession(f.access, ada.id);
    expect(expires.getTime()).toBe(T.getTime() + SESSION_DAYS * DAY);
    // 32 random bytes, URL-safe, with no prefix (an API token's prefix would make it look one up as a token).
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(f.sessions.get(hashSecret(secret))).toEqual({ userId: ada.id, expiresAt: expires.toISOString() });
    expect(await resolveCredential(f.access, secret)).toEqual({
      user: ada,
      kind: 'session',
      hash: hashSecret(secret),
      expiresAt: expires.getTime(),
    });
    expect(await userForSecret(f.access, secret)).toEqual(ada);
    vi.setSystemTime(expires);
    expect(await resolveCredential(f.access, secret)).toBeNull();
    expect(await userForSecret(f.access, secret)).toBeNull();
  });

  it('give API tokens their prefix, stored by hash, with no end', async () => {
    const f = fakeAccess();
    const ada = await createUser(f.access, { email: 'ada@la.example', name: 'Ada', password: PASSWORD });
    const token = await createApiToken(f.access, ada.id, 'nightly export');
    expect(token.startsWith(API_TOKEN_PREFIX)).toBe(true);
    expect(f.tokens.get(hashSecret(token))).toMatchObject({ userId: ada.id, name: 'nightly export' });
    expect(f.tokens.get(hashSecret(token))!.id).toMatch(/^[\w-]{16}$/);
    expect(await resolveCredential(f.access, token)).toEqual({
      user: ada,
      kind: 'token',
      hash: hashSecret(token),
      expiresAt: null,
    });
    expect(await resolveCredential(f.access, `${API_TOKEN_PREFIX}unknown`)).toBeNull();
    // A session secret is never looked up as a token, nor a token as a session.
    const { secret } = await startSession(f.access, ada.id);
    f.tokens.set(hashSecret(secret), { id: 't', userId: ada.id, name: 'x' });
    expect((await resolveCredential(f.access, secret))?.kind).toBe('session');
    f.sessions.set(hashSecret(`${API_TOKEN_PREFIX}s`), { userId: ada.id, expiresAt: '2099-01-01' });
    expect(await resolveCredential(f.access, `${API_TOKEN_PREFIX}s`)).toBeNull();
  });
});

describe('changePassword', () => {
  it('sets the new password and ends every session of the user', async () => {
    const f = fakeAccess();
    const ada = await createUser(f.access, { email: 'ada@la.example', name: 'Ada', password: PASSWORD });
    const { secret } = await startSession(f.access, ada.id);
    await changePassword(f.access, ada.id, 'a much better passphrase');
    expect(await checkLogin(f.access, 'ada@la.example', 'a much better passphrase')).toEqual(ada);
    expect(await checkLogin(f.access, 'ada@la.example', PASSWORD)).toBeNull();
    expect(await resolveCredential(f.access, secret)).toBeNull();
  });

  it('refuses a weak password, naming the field, and changes nothing', async () => {
    const f = fakeAccess();
    const ada = await createUser(f.access, { email: 'ada@la.example', name: 'Ada', password: PASSWORD });
    const { secret } = await startSession(f.access, ada.id);
    const error = await changePassword(f.access, ada.id, 'short').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountError);
    expect([(error as AccountError).field, (error as AccountError).message]).toEqual([
      'newPassword',
      'newPassword: must be at least 10 characters',
    ]);
    expect(await checkLogin(f.access, 'ada@la.example', PASSWORD)).toEqual(ada);
    expect(await resolveCredential(f.access, secret)).not.toBeNull();
  });
});
