import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createApiToken, createUser } from '../server/auth/accounts.ts';
import { hashSecret } from '../server/auth/tokens.ts';
import type { AuditRecord, OrphanedReview, Person, WorkspaceSummary } from '../server/store/admin-types.ts';
import type { UploadedFramework } from '../shared/protocol/admin.ts';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import {
  createReviewOver,
  makeUser,
  repoRoot,
  startTestServer,
  type TestServer,
  type TestUser,
} from './helpers/server.ts';

let server: TestServer;
let admin: TestUser;
let adminCount = 0;

/** An administrator with a password and an API token. */
async function makeAdmin(name = `Admin ${++adminCount}`): Promise<TestUser> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}@example.test`;
  const password = 'correct horse battery staple';
  const user = await createUser(server.store.access, { email, name, password, isAdmin: true });
  return { id: user.id, name, email, password, token: await createApiToken(server.store.access, user.id, 'tests') };
}

interface Answer<T = unknown> {
  status: number;
  body: T;
}

async function call<T = unknown>(
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; raw?: string } = {},
): Promise<Answer<T>> {
  const token = options.token === undefined ? admin.token : options.token;
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  return { status: res.status, body: (await res.json()) as T };
}

type ErrorBody = { error: { code: string; message: string; field?: string } };

const login = (email: string, password: string) =>
  fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

beforeAll(async () => {
  server = await startTestServer();
  admin = await makeAdmin();
});
afterAll(async () => {
  await server.close();
});

describe('who may use /api/admin', () => {
  const endpoints: [string, string, unknown?][] = [
    ['GET', '/api/admin/workspaces'],
    ['POST', '/api/admin/workspaces', { name: 'Refused' }],
    ['PATCH', '/api/admin/workspaces/some-id', { name: 'Refused' }],
    ['DELETE', '/api/admin/workspaces/some-id'],
    ['PUT', '/api/admin/workspaces/some-id/members/some-user', { role: 'member' }],
    ['DELETE', '/api/admin/workspaces/some-id/members/some-user'],
    ['GET', '/api/admin/people'],
    ['PATCH', '/api/admin/people/some-user', { disabled: true }],
    ['POST', '/api/admin/people/some-user/password-reset'],
    ['GET', '/api/admin/reviews/orphaned'],
    ['POST', '/api/admin/reviews/some-review/facilitators', { userId: 'some-user' }],
    ['GET', '/api/admin/audit'],
    ['GET', '/api/admin/frameworks'],
    ['POST', '/api/admin/frameworks/some-framework/retire'],
  ];

  it.each(endpoints)('%s %s: 401 signed out, 403 for a signed-in non-administrator', async (method, path, body) => {
    const signedOut = await call<ErrorBody>(method, path, { token: null, body });
    expect(signedOut.status).toBe(401);
    expect(signedOut.body.error.code).toBe('unauthenticated');
    const editor = await call<ErrorBody>(method, path, { token: server.owner.token, body });
    expect(editor.status).toBe(403);
    expect(editor.body.error.message).toBe('only an administrator can do this');
  });

  it('refuses a non-administrator who signed in with a password (cookie), and changes nothing', async () => {
    const signedIn = await login(server.owner.email, server.owner.password);
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    const res = await fetch(`${server.url}/api/admin/workspaces`, {
      method: 'POST',
      headers: { cookie, origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Made by a non-administrator' }),
    });
    expect(res.status).toBe(403);
    const { body } = await call<WorkspaceSummary[]>('GET', '/api/admin/workspaces');
    expect(body.map((w) => w.name)).not.toContain('Made by a non-administrator');
  });
});

describe('bad input gets a 400 naming the field', () => {
  it.each([
    ['POST', '/api/admin/workspaces', {}, 'name', 'name: is required'],
    ['POST', '/api/admin/workspaces', { name: '   ' }, 'name', 'name: must not be empty'],
    ['POST', '/api/admin/workspaces', { name: 'x'.repeat(101) }, 'name', 'name: must be at most 100 characters'],
    ['POST', '/api/admin/workspaces', { name: 'Fine', colour: 'red' }, undefined, 'colour'],
    ['PUT', '/api/admin/workspaces/w/members/u', { role: 'boss' }, 'role', 'role: must be owner or member'],
    ['PATCH', '/api/admin/people/u', {}, undefined, 'give disabled or isAdmin'],
    ['PATCH', '/api/admin/people/u', { disabled: 'yes' }, 'disabled', 'disabled: must be true or false'],
    ['PATCH', '/api/admin/people/u', { isAdmin: 1 }, 'isAdmin', 'isAdmin: must be true or false'],
    ['POST', '/api/admin/reviews/r/facilitators', {}, 'userId', 'userId: is required'],
  ])('%s %s %j', async (method, path, body, field, message) => {
    const res = await call<ErrorBody>(method, path, { body });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toContain(message);
  });

  it('a body that is not JSON', async () => {
    const res = await call<ErrorBody>('POST', '/api/admin/workspaces', { raw: '{name:' });
    expect(res.status).toBe(400);
  });

  it('unknown workspaces, people and reviews are 404s that name them', async () => {
    const person = await makeUser(server.store, 'Somebody');
    const ws = await call<WorkspaceSummary>('POST', '/api/admin/workspaces', { body: { name: 'For 404s' } });
    const cases: [string, string, unknown, string][] = [
      ['PATCH', '/api/admin/workspaces/nope', { name: 'X' }, 'no workspace "nope"'],
      ['DELETE', '/api/admin/workspaces/nope', undefined, 'no workspace "nope"'],
      ['PUT', `/api/admin/workspaces/${ws.body.id}/members/nope`, { role: 'member' }, 'userId: no person "nope"'],
      [
        'DELETE',
        `/api/admin/workspaces/${ws.body.id}/members/${person.id}`,
        undefined,
        `no member "${person.id}" in workspace "For 404s"`,
      ],
      ['PATCH', '/api/admin/people/nope', { disabled: true }, 'no person "nope"'],
      ['POST', '/api/admin/people/nope/password-reset', undefined, 'no person "nope"'],
      ['POST', '/api/admin/reviews/nope/facilitators', { userId: person.id }, 'no review "nope"'],
    ];
    for (const [method, path, body, message] of cases) {
      const res = await call<ErrorBody>(method, path, { body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.message).toBe(message);
    }
  });
});

describe('workspaces', () => {
  it('creates, renames, adds and changes members, removes them, and removes the workspace; the audit trail says so', async () => {
    const colleague = await makeUser(server.store, 'Colleague');
    const created = await call<WorkspaceSummary>('POST', '/api/admin/workspaces', { body: { name: ' North ' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'North', reviews: 0, members: [] });
    const id = created.body.id;

    const clash = await call<ErrorBody>('POST', '/api/admin/workspaces', { body: { name: 'north' } });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({
      field: 'name',
      message: 'name: a workspace named "North" already exists',
    });

    const renamed = await call<WorkspaceSummary>('PATCH', `/api/admin/workspaces/${id}`, {
      body: { name: 'North partnership' },
    });
    expect(renamed.body.name).toBe('North partnership');

    // A member may start reviews in the workspace; before that, they may not.
    const start = () =>
      fetch(`${server.url}/api/reviews`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${colleague.token}` },
        body: JSON.stringify({ frameworkId: 'ba-partnership-sef', title: 'North review', workspaceId: id }),
      });
    expect((await start()).status).toBe(403);
    const added = await call<WorkspaceSummary>('PUT', `/api/admin/workspaces/${id}/members/${colleague.id}`, {
      body: { role: 'member' },
    });
    expect(added.body.members).toEqual([
      { userId: colleague.id, name: 'Colleague', email: colleague.email, role: 'member' },
    ]);
    expect((await start()).status).toBe(201);
    const owner = await call<WorkspaceSummary>('PUT', `/api/admin/workspaces/${id}/members/${colleague.id}`, {
      body: { role: 'owner' },
    });
    expect(owner.body.members[0]?.role).toBe('owner');
    expect(owner.body.reviews).toBe(1);

    const removed = await call<WorkspaceSummary>('DELETE', `/api/admin/workspaces/${id}/members/${colleague.id}`);
    expect(removed.body.members).toEqual([]);
    expect((await start()).status).toBe(403);

    expect((await call('DELETE', `/api/admin/workspaces/${id}`)).status).toBe(200);
    const list = await call<WorkspaceSummary[]>('GET', '/api/admin/workspaces');
    expect(list.body.find((w) => w.id === id)).toBeUndefined();
    // The review it owned is kept, with its people, in no workspace.
    const reviews = await fetch(`${server.url}/api/reviews`, {
      headers: { authorization: `Bearer ${colleague.token}` },
    });
    const [kept] = (await reviews.json()) as { title: string; workspaceId: string | null; role: string }[];
    expect(kept).toMatchObject({ title: 'North review', workspaceId: null, role: 'facilitator' });

    const audit = await call<AuditRecord[]>('GET', '/api/admin/audit');
    const mine = audit.body.filter((a) => a.subject === id).map((a) => [a.action, a.detail, a.actorName]);
    expect(mine).toEqual([
      [
        'workspace.remove',
        'removed workspace "North partnership" (0 member(s); 1 review(s) kept, in no workspace)',
        admin.name,
      ],
      [
        'workspace.member.remove',
        `removed Colleague (${colleague.email}) from workspace "North partnership"`,
        admin.name,
      ],
      [
        'workspace.member.set',
        `changed Colleague (${colleague.email}) from member to owner of workspace "North partnership"`,
        admin.name,
      ],
      [
        'workspace.member.set',
        `added Colleague (${colleague.email}) to workspace "North partnership" as member`,
        admin.name,
      ],
      ['workspace.rename', 'renamed workspace "North" to "North partnership"', admin.name],
      ['workspace.create', 'created workspace "North"', admin.name],
    ]);
  });
});

/** A workspace the administrator owns, holding an upload of PMQS 3 under another id and title. */
async function workspaceWithUpload(name: string, id: string, title: string): Promise<string> {
  const created = await call<WorkspaceSummary>('POST', '/api/admin/workspaces', { body: { name } });
  const workspaceId = created.body.id;
  await call('PUT', `/api/admin/workspaces/${workspaceId}/members/${admin.id}`, { body: { role: 'owner' } });
  const pmqs = parse(await readFile(join(repoRoot, 'frameworks/pmqs-3.yaml'), 'utf8')) as Record<string, unknown>;
  const upload = await fetch(`${server.url}/api/frameworks?workspaceId=${workspaceId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/yaml', authorization: `Bearer ${admin.token}` },
    body: stringify({ ...pmqs, id, title }),
  });
  expect(upload.status).toBe(201);
  return workspaceId;
}

describe('uploaded frameworks', () => {
  it('lists every upload with where it was published, and retires one, in the audit trail; built-ins and unknown ids refused', async () => {
    const workspaceId = await workspaceWithUpload('West', 'west-pmqs', 'West PMQS');

    const listed = await call<UploadedFramework[]>('GET', '/api/admin/frameworks');
    expect(listed.body.find((f) => f.id === 'west-pmqs')).toMatchObject({
      title: 'West PMQS',
      version: 1,
      workspaceId,
      workspaceName: 'West',
      retiredAt: null,
    });
    expect(listed.body.map((f) => f.id)).not.toContain('pmqs-3');

    const builtIn = await call<ErrorBody>('POST', '/api/admin/frameworks/pmqs-3/retire');
    expect(builtIn.status).toBe(409);
    expect(builtIn.body.error.message).toBe('"pmqs-3" is built in; only uploads can be retired');
    const unknown = await call<ErrorBody>('POST', '/api/admin/frameworks/nope/retire');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('no uploaded framework "nope"');

    const retired = await call<UploadedFramework>('POST', '/api/admin/frameworks/west-pmqs/retire');
    expect(retired.status).toBe(200);
    expect(retired.body.retiredAt).not.toBeNull();
    const seen = await call<{ id: string }[]>('GET', `/api/frameworks`);
    expect(seen.body.map((f) => f.id)).not.toContain('west-pmqs');
    const audit = await call<AuditRecord[]>('GET', '/api/admin/audit');
    expect(audit.body.filter((a) => a.subject === 'west-pmqs').map((a) => [a.action, a.detail])).toEqual([
      [
        'framework.retire',
        'retired framework "West PMQS" (west-pmqs, uploaded to workspace "West"); reviews made from it keep it',
      ],
    ]);
    // Retiring again changes nothing and records nothing more.
    expect((await call('POST', '/api/admin/frameworks/west-pmqs/retire')).status).toBe(200);
    expect(
      (await call<AuditRecord[]>('GET', '/api/admin/audit')).body.filter((a) => a.subject === 'west-pmqs'),
    ).toHaveLength(1);
  });
});

describe('removing a workspace that holds frameworks', () => {
  it('retires its frameworks instead of failing, and its reviews still load their version', async () => {
    const workspaceId = await workspaceWithUpload('South', 'south-pmqs', 'South PMQS');
    const review = await fetch(`${server.url}/api/reviews`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      body: JSON.stringify({ frameworkId: 'south-pmqs', title: 'South review', workspaceId }),
    });
    expect(review.status).toBe(201);

    expect((await call('DELETE', `/api/admin/workspaces/${workspaceId}`)).status).toBe(200);
    const listed = await call<{ id: string }[]>('GET', '/api/frameworks');
    expect(listed.body.map((f) => f.id)).not.toContain('south-pmqs');
    const version = await call<{ id: string; title: string }>('GET', '/api/frameworks/south-pmqs?version=1');
    expect(version.body).toMatchObject({ id: 'south-pmqs', title: 'South PMQS' });
  });
});

describe('people', () => {
  it('lists everyone on the install with their workspaces and standing', async () => {
    const { body } = await call<Person[]>('GET', '/api/admin/people');
    const owner = body.find((p) => p.id === server.owner.id);
    expect(owner).toMatchObject({ email: server.owner.email, isAdmin: false, disabledAt: null });
    expect(owner?.workspaces.map((w) => w.name)).toContain('Test workspace');
    expect(body.find((p) => p.id === admin.id)?.isAdmin).toBe(true);
  });

  it('disables a person: their open sockets close at once with the reason, their token and password stop working; enabling lets them sign in again', async () => {
    const person = await makeUser(server.store, 'Leaver');
    const reviewId = await createReviewOver(server.url, person.token, 'ba-partnership-sef', 'Leaver review');
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(`${server.wsUrl}/${reviewId}?token=${person.token}`);
    await new Promise((resolve) => ws.once('message', resolve));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );

    const disabled = await call<Person>('PATCH', `/api/admin/people/${person.id}`, { body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).not.toBeNull();
    expect(await closed).toEqual({
      code: CloseCode.forbidden,
      reason: 'your account has been disabled by an administrator',
    });

    const me = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${person.token}` } });
    expect(me.status).toBe(401);
    expect((await login(person.email, person.password)).status).toBe(401);

    const enabled = await call<Person>('PATCH', `/api/admin/people/${person.id}`, { body: { disabled: false } });
    expect(enabled.body.disabledAt).toBeNull();
    expect((await login(person.email, person.password)).status).toBe(200);

    const audit = await call<AuditRecord[]>('GET', '/api/admin/audit');
    expect(audit.body.filter((a) => a.subject === person.id).map((a) => a.action)).toEqual([
      'user.enable',
      'user.disable',
    ]);
  });

  it('makes an administrator, who may then use the administration API', async () => {
    const person = await makeUser(server.store, 'Deputy');
    expect((await call('GET', '/api/admin/people', { token: person.token })).status).toBe(403);
    const made = await call<Person>('PATCH', `/api/admin/people/${person.id}`, { body: { isAdmin: true } });
    expect(made.body.isAdmin).toBe(true);
    expect((await call('GET', '/api/admin/people', { token: person.token })).status).toBe(200);
    const back = await call<Person>('PATCH', `/api/admin/people/${person.id}`, { body: { isAdmin: false } });
    expect(back.body.isAdmin).toBe(false);
    expect((await call('GET', '/api/admin/people', { token: person.token })).status).toBe(403);
  });

  it('refuses to let an administrator disable or demote themselves', async () => {
    const self = await call<ErrorBody>('PATCH', `/api/admin/people/${admin.id}`, { body: { disabled: true } });
    expect(self.status).toBe(409);
    expect(self.body.error).toMatchObject({
      field: 'disabled',
      message: 'disabled: you cannot disable your own account',
    });
    const demote = await call<ErrorBody>('PATCH', `/api/admin/people/${admin.id}`, { body: { isAdmin: false } });
    expect(demote.status).toBe(409);
    expect(demote.body.error).toMatchObject({
      field: 'isAdmin',
      message: 'isAdmin: you cannot take away your own administration',
    });
    expect(await server.store.admin.person(admin.id)).toMatchObject({ isAdmin: true, disabledAt: null });
  });
});

describe('password-reset links', () => {
  it('are stored as hashes, show whose they are, set a new password once, and end the old sessions', async () => {
    const person = await makeUser(server.store, 'Forgetful');
    const before = await login(person.email, person.password);
    const oldCookie = before.headers.get('set-cookie')!.split(';')[0]!;

    const first = await call<{ url: string; expiresAt: string }>(
      'POST',
      `/api/admin/people/${person.id}/password-reset`,
    );
    expect(first.status).toBe(201);
    const made = await call<{ url: string; expiresAt: string }>(
      'POST',
      `/api/admin/people/${person.id}/password-reset`,
    );
    const secret = made.body.url.split('/reset-password/')[1]!;
    expect(made.body.url).toBe(`${server.url}/reset-password/${secret}`);

    // Only the hash is kept.
    const db = new Database(join(server.dataDir, 'bestfit.db'), { readonly: true });
    const rows = db.prepare('SELECT * FROM password_resets WHERE user_id = ?').all(person.id) as {
      token_hash: string;
    }[];
    db.close();
    expect(rows.map((r) => r.token_hash)).toContain(hashSecret(secret));
    expect(JSON.stringify(rows)).not.toContain(secret);

    // A newer link replaces the older one.
    const older = first.body.url.split('/reset-password/')[1]!;
    expect((await call('GET', `/api/password-resets/${older}`, { token: null })).status).toBe(410);

    const shown = await call('GET', `/api/password-resets/${secret}`, { token: null });
    expect(shown).toEqual({
      status: 200,
      body: { name: 'Forgetful', email: person.email, expiresAt: made.body.expiresAt },
    });

    const short = await call<ErrorBody>('POST', `/api/password-resets/${secret}`, {
      token: null,
      body: { password: 'short' },
    });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({ field: 'password', message: 'password: must be at least 10 characters' });

    const set = await call('POST', `/api/password-resets/${secret}`, {
      token: null,
      body: { password: 'a brand new passphrase' },
    });
    expect(set.status).toBe(200);
    expect((await login(person.email, person.password)).status).toBe(401);
    expect((await login(person.email, 'a brand new passphrase')).status).toBe(200);
    const oldSession = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: oldCookie } });
    expect(oldSession.status).toBe(401);

    const again = await call<ErrorBody>('POST', `/api/password-resets/${secret}`, {
      token: null,
      body: { password: 'another new passphrase' },
    });
    expect(again.status).toBe(410);
    expect(again.body.error.message).toContain('ask an administrator for a new one');
    expect((await call('GET', '/api/password-resets/not-a-link', { token: null })).status).toBe(410);

    const audit = await call<AuditRecord[]>('GET', '/api/admin/audit');
    expect(audit.body.filter((a) => a.subject === person.id).map((a) => [a.action, a.actorName])).toEqual([
      ['user.password-reset.use', 'Forgetful'],
      ['user.password-reset.create', admin.name],
      ['user.password-reset.create', admin.name],
    ]);
  });

  it('expire, and stop working when the account is disabled', async () => {
    const person = await makeUser(server.store, 'Expiring');
    const made = await call<{ url: string; expiresAt: string }>(
      'POST',
      `/api/admin/people/${person.id}/password-reset`,
    );
    const hash = hashSecret(made.body.url.split('/reset-password/')[1]!);
    const justBefore = new Date(Date.parse(made.body.expiresAt) - 1).toISOString();
    expect(await server.store.admin.passwordReset(hash, justBefore)).not.toBeNull();
    expect(await server.store.admin.passwordReset(hash, made.body.expiresAt)).toBeNull();
    expect(await server.store.admin.usePasswordReset(hash, made.body.expiresAt, 'x')).toBeNull();

    await call('PATCH', `/api/admin/people/${person.id}`, { body: { disabled: true } });
    expect(await server.store.admin.passwordReset(hash, justBefore)).toBeNull();
    const refused = await call<ErrorBody>('POST', `/api/admin/people/${person.id}/password-reset`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('enable it before resetting its password');
  });
});

describe('recovery', () => {
  it('lists reviews whose facilitators have all left and makes someone facilitator of one, once', async () => {
    const facilitator = await makeUser(server.store, 'Departed');
    const reviewId = await createReviewOver(server.url, facilitator.token, 'ba-partnership-sef', 'Orphan review');
    const editor = await server.addMember(reviewId, 'editor', 'Remaining editor');
    const orphaned = async () => (await call<OrphanedReview[]>('GET', '/api/admin/reviews/orphaned')).body;
    expect((await orphaned()).map((r) => r.id)).not.toContain(reviewId);

    await call('PATCH', `/api/admin/people/${facilitator.id}`, { body: { disabled: true } });
    const listed = (await orphaned()).find((r) => r.id === reviewId);
    expect(listed).toMatchObject({ title: 'Orphan review', workspaceName: 'Test workspace' });
    expect(listed?.members.map((m) => [m.name, m.role])).toEqual([
      ['Departed', 'facilitator'],
      ['Remaining editor', 'editor'],
    ]);

    // A disabled person cannot be the rescuer.
    const refused = await call<ErrorBody>('POST', `/api/admin/reviews/${reviewId}/facilitators`, {
      body: { userId: facilitator.id },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.field).toBe('userId');

    const granted = await call('POST', `/api/admin/reviews/${reviewId}/facilitators`, { body: { userId: editor.id } });
    expect(granted.status).toBe(200);
    const review = await fetch(`${server.url}/api/reviews/${reviewId}`, {
      headers: { authorization: `Bearer ${editor.token}` },
    });
    expect(((await review.json()) as { role: string }).role).toBe('facilitator');
    expect((await orphaned()).map((r) => r.id)).not.toContain(reviewId);

    const twice = await call<ErrorBody>('POST', `/api/admin/reviews/${reviewId}/facilitators`, {
      body: { userId: admin.id },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('review "Orphan review" still has a facilitator; ask them instead');

    const audit = await call<AuditRecord[]>('GET', '/api/admin/audit');
    expect(audit.body.find((a) => a.subject === reviewId)).toMatchObject({
      action: 'review.facilitator.grant',
      actorId: admin.id,
      detail: `made Remaining editor (${editor.email}) facilitator of review "Orphan review", which had no facilitator`,
    });
  });
});

describe('the admin CLI', () => {
  it('stays, and what it changes in workspaces is in the audit trail too', async () => {
    const person = await makeUser(server.store, 'Shell added');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'server/cli/admin.ts',
        'add-to-workspace',
        '--email',
        person.email,
        '--workspace',
        'Shell workspace',
      ],
      { cwd: repoRoot, env: { ...process.env, DATA_DIR: server.dataDir } },
    );
    expect(stdout).toContain(`${person.email} can now create reviews in "Shell workspace"`);
    const audit = await call<AuditRecord[]>('GET', '/api/admin/audit');
    expect(audit.body.slice(0, 2).map((a) => [a.action, a.actorName, a.detail])).toEqual([
      [
        'workspace.member.set',
        'the shell (npm run admin)',
        `added Shell added (${person.email}) to workspace "Shell workspace" as owner`,
      ],
      ['workspace.create', 'the shell (npm run admin)', 'created workspace "Shell workspace"'],
    ]);
  });
});
