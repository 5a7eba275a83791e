import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { inProcessApp, type InProcessApp } from '../../test/helpers/app.ts';
import { makeUser, type TestUser } from '../../test/helpers/server.ts';

const frameworksDir = fileURLToPath(new URL('../../frameworks/', import.meta.url));

let t: InProcessApp;
let admin: TestUser;
let northOwner: TestUser;
let northMember: TestUser;
let southOwner: TestUser;
let north: string;

type ErrorBody = { error: { code: string; message: string; field?: string } };
type Versions = {
  id: string;
  source: string;
  workspaceId: string | null;
  latest: number;
  editable: boolean;
  versions: { version: number; createdAt: string; changeNote: string | null }[];
};

const as = (user: TestUser | null, path: string, init: RequestInit = {}) =>
  Promise.resolve(
    t.app.request(path, {
      ...init,
      headers: {
        ...(user ? { authorization: `Bearer ${user.token}` } : {}),
        ...(init.headers as Record<string, string>),
      },
    }),
  );

/** The B&A SEF as the editor sends it: JSON, under an id of its own. */
async function sef(id: string, version: number, changes: Record<string, unknown> = {}): Promise<string> {
  const fw = parse(await readFile(`${frameworksDir}ba-partnership-sef.yaml`, 'utf8')) as Record<string, unknown>;
  return JSON.stringify({ ...fw, id, version, ...changes });
}

const save = (user: TestUser | null, body: string, query: Record<string, string>) =>
  as(user, `/api/frameworks?${new URLSearchParams({ filename: 'editor', ...query }).toString()}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

const versions = (user: TestUser | null, id: string) => as(user, `/api/frameworks/${id}/versions`);

const body = async <T>(res: Response) => (await res.json()) as T;

beforeEach(async () => {
  t = await inProcessApp();
  admin = await makeUser(t.store, 'Admin', { isAdmin: true, workspace: null });
  northOwner = await makeUser(t.store, 'North owner', { workspace: 'North' });
  northMember = await makeUser(t.store, 'North member', { workspace: 'North' });
  southOwner = await makeUser(t.store, 'South owner', { workspace: 'South' });
  north = (await t.store.access.workspaceByName('North'))!.id;
  const first = await save(northOwner, await sef('sef-north', 1), { workspaceId: north, changeNote: 'Adapted' });
  expect(first.status).toBe(201);
});

afterEach(() => t.close());

describe('framework versions and change notes', () => {
  it('lists versions with their notes to whoever sees the framework, and says who may save the next', async () => {
    const v2 = await save(northOwner, await sef('sef-north', 2, { title: 'Our SEF' }), {
      workspaceId: north,
      changeNote: '  Renamed for the partnership  ',
    });
    expect(v2.status).toBe(201);

    const byOwner = await body<Versions>(await versions(northOwner, 'sef-north'));
    expect(byOwner).toMatchObject({ id: 'sef-north', source: 'upload', workspaceId: north, latest: 2, editable: true });
    expect(byOwner.versions.map((v) => [v.version, v.changeNote])).toEqual([
      [1, 'Adapted'],
      [2, 'Renamed for the partnership'],
    ]);
    expect((await body<Versions>(await versions(admin, 'sef-north'))).editable).toBe(true);
    // A member sees the history but may not save a version.
    const byMember = await body<Versions>(await versions(northMember, 'sef-north'));
    expect(byMember.editable).toBe(false);
    expect(byMember.versions).toHaveLength(2);

    // Another workspace cannot tell the framework exists; signed out is refused.
    const other = await versions(southOwner, 'sef-north');
    expect(other.status).toBe(404);
    expect((await body<ErrorBody>(other)).error.message).toBe('no framework "sef-north"');
    expect((await versions(null, 'sef-north')).status).toBe(401);
    expect((await versions(admin, 'no-such')).status).toBe(404);
  });

  it('never offers a built-in for editing: it is adapted under an id of its own', async () => {
    const builtIn = await body<Versions>(await versions(admin, 'ba-partnership-sef'));
    expect(builtIn).toMatchObject({ source: 'built-in', editable: false, workspaceId: null });
    expect(builtIn.versions.map((v) => v.changeNote)).toEqual([null]);
    const taken = await save(admin, await sef('ba-partnership-sef', 2), { changeNote: 'Mine now' });
    expect(taken.status).toBe(409);
    expect((await body<ErrorBody>(taken)).error).toMatchObject({ field: 'id' });
  });

  it('refuses a version from a member, another workspace’s owner and the signed out, storing nothing', async () => {
    const next = await sef('sef-north', 2, { title: 'Hijacked' });
    for (const user of [northMember, southOwner]) {
      const res = await save(user, next, { workspaceId: north, changeNote: 'Hijack' });
      expect(res.status).toBe(403);
      expect((await body<ErrorBody>(res)).error.message).toMatch(/only an owner of this workspace/);
    }
    expect((await save(null, next, { workspaceId: north, changeNote: 'Hijack' })).status).toBe(401);
    // Saving the id into another scope is refused too.
    const elsewhere = await save(admin, next, { changeNote: 'Moved' });
    expect(elsewhere.status).toBe(409);
    expect((await body<Versions>(await versions(admin, 'sef-north'))).latest).toBe(1);
  });

  it('refuses a change note that is too long, and a changed framework under a stored version, naming the fault', async () => {
    const long = await save(northOwner, await sef('sef-north', 2), {
      workspaceId: north,
      changeNote: 'x'.repeat(1001),
    });
    expect(long.status).toBe(400);
    expect((await body<ErrorBody>(long)).error).toMatchObject({
      field: 'changeNote',
      message: 'changeNote: 1001 characters; a change note may have at most 1000',
    });
    const same = await save(northOwner, await sef('sef-north', 1, { title: 'Changed' }), {
      workspaceId: north,
      changeNote: 'Forgot the version',
    });
    expect(same.status).toBe(409);
    expect((await body<ErrorBody>(same)).error).toMatchObject({ field: 'version' });
    const invalid = await save(northOwner, await sef('sef-north', 2, { title: '' }), {
      workspaceId: north,
      changeNote: 'Empty title',
    });
    expect(invalid.status).toBe(400);
    expect((await body<ErrorBody>(invalid)).error.message).toBe('editor: title: must not be empty');
    expect((await body<Versions>(await versions(northOwner, 'sef-north'))).latest).toBe(1);
  });

  it('keeps a review on the version it was made from when the next version is saved', async () => {
    const created = await as(northOwner, '/api/reviews', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ frameworkId: 'sef-north', title: 'Autumn', workspaceId: north }),
    });
    const { id: autumn } = await body<{ id: string }>(created);
    const v2 = await save(northOwner, await sef('sef-north', 2, { title: 'Our SEF, revised' }), {
      workspaceId: north,
      changeNote: 'Revised',
    });
    expect(v2.status).toBe(201);
    const review = await body<{ frameworkVersion: number }>(await as(northOwner, `/api/reviews/${autumn}`));
    expect(review.frameworkVersion).toBe(1);
    const v1 = await body<{ title: string; version: number }>(
      await as(northOwner, '/api/frameworks/sef-north?version=1'),
    );
    expect(v1.version).toBe(1);
    expect(v1.title).not.toBe('Our SEF, revised');
    const spring = await as(northOwner, '/api/reviews', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ frameworkId: 'sef-north', title: 'Spring', workspaceId: north }),
    });
    const { id: springId } = await body<{ id: string }>(spring);
    expect(
      (await body<{ frameworkVersion: number }>(await as(northOwner, `/api/reviews/${springId}`))).frameworkVersion,
    ).toBe(2);
  });

  it('says a retired framework can no longer take a version', async () => {
    expect((await as(northOwner, '/api/frameworks/sef-north/retire', { method: 'POST' })).status).toBe(200);
    expect((await body<Versions>(await versions(northOwner, 'sef-north'))).editable).toBe(false);
  });
});
