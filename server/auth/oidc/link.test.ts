import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../store/sqlite.ts';
import { MisconfiguredError, NO_PASSWORD, accountForIdentity, type ProvenIdentity } from './link.ts';

const ISSUER = 'https://login.example/tenant/v2.0';
const proven = (over: Partial<ProvenIdentity> = {}): ProvenIdentity => ({
  issuer: ISSUER,
  subject: 'sub-1',
  email: 'ada@school.example',
  name: 'Ada Lovelace',
  workspaceId: 'ws-school',
  ...over,
});

let store: SqliteStore;
beforeEach(async () => {
  store = new SqliteStore(':memory:');
  await store.access.createWorkspace('ws-school', 'Northfield School');
});
afterEach(async () => {
  await store.close();
});

describe('the account an identity signs in to', () => {
  it('creates a first-time account without a password, as a plain member of the domain’s workspace', async () => {
    const before = Date.now();
    const { user, how } = await accountForIdentity(store.access, store.identity, proven());
    expect(how).toBe('created');
    expect(user).toMatchObject({ email: 'ada@school.example', name: 'Ada Lovelace', isAdmin: false });
    expect(Date.parse(user.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(user.createdAt)).toBeLessThanOrEqual(Date.now());
    const stored = await store.access.userByEmail('ada@school.example');
    expect(stored).toMatchObject({ id: user.id, isAdmin: false, passwordHash: NO_PASSWORD });
    expect(await store.access.workspacesOf(user.id)).toEqual([
      { id: 'ws-school', name: 'Northfield School', role: 'member' },
    ]);
    // Linked: the next sign-in finds the account by issuer and subject.
    expect((await store.identity.userByIdentity(ISSUER, 'sub-1'))?.id).toBe(user.id);
  });

  it('names a new account after its email’s local part when the provider gives no name', async () => {
    const { user } = await accountForIdentity(store.access, store.identity, proven({ name: null }));
    expect(user.name).toBe('ada');
    expect((await store.access.userById(user.id))?.name).toBe('ada');
  });

  it('finds the workspace by its exact name when OIDC_DOMAINS names it so', async () => {
    const { user } = await accountForIdentity(
      store.access,
      store.identity,
      proven({ workspaceId: 'Northfield School' }),
    );
    expect((await store.access.workspacesOf(user.id)).map((w) => w.id)).toEqual(['ws-school']);
  });

  it('refuses a first-time account when the domain’s workspace does not exist, creating nothing', async () => {
    const attempt = accountForIdentity(store.access, store.identity, proven({ workspaceId: 'ws-gone' }));
    await expect(attempt).rejects.toBeInstanceOf(MisconfiguredError);
    await expect(accountForIdentity(store.access, store.identity, proven({ workspaceId: 'ws-gone' }))).rejects.toThrow(
      'OIDC_DOMAINS names workspace "ws-gone" for this domain, and there is no such workspace',
    );
    expect(await store.access.userByEmail('ada@school.example')).toBeNull();
    expect(await store.identity.userByIdentity(ISSUER, 'sub-1')).toBeNull();
  });

  it('links an existing account with the same email, keeping its password and rights, and never returns the hash', async () => {
    await store.access.createUser({
      id: 'u-ada',
      email: 'ada@school.example',
      name: 'Ada',
      isAdmin: true,
      createdAt: '2026-01-01T00:00:00.000Z',
      passwordHash: 'scrypt$kept',
    });
    const { user, how } = await accountForIdentity(store.access, store.identity, proven());
    expect(how).toBe('linked now');
    expect(user).not.toHaveProperty('passwordHash');
    expect(user).toMatchObject({ id: 'u-ada', name: 'Ada', isAdmin: true });
    expect((await store.access.userByEmail('ada@school.example'))?.passwordHash).toBe('scrypt$kept');
    expect((await store.identity.userByIdentity(ISSUER, 'sub-1'))?.id).toBe('u-ada');
    // No workspace is joined by linking.
    expect(await store.access.workspacesOf('u-ada')).toEqual([]);
  });

  it('signs a linked identity in to its account even after the email changed at the provider', async () => {
    const first = await accountForIdentity(store.access, store.identity, proven());
    const again = await accountForIdentity(
      store.access,
      store.identity,
      proven({ email: 'ada.lovelace@school.example', name: 'A. Lovelace' }),
    );
    expect(again.how).toBe('linked before');
    expect(again.user.id).toBe(first.user.id);
    expect(await store.access.userByEmail('ada.lovelace@school.example')).toBeNull();
  });

  it('keeps another issuer’s same subject apart', async () => {
    const first = await accountForIdentity(store.access, store.identity, proven());
    const other = await accountForIdentity(
      store.access,
      store.identity,
      proven({ issuer: 'https://other.example', email: 'bob@school.example' }),
    );
    expect(other.how).toBe('created');
    expect(other.user.id).not.toBe(first.user.id);
  });
});
