import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { inProcessApp, type InProcessApp } from '../../test/helpers/app.ts';
import { makeUser, type TestUser } from '../../test/helpers/server.ts';

const frameworksDir = fileURLToPath(new URL('../../frameworks/', import.meta.url));

let t: InProcessApp;
let admin: TestUser;
let northOwner: TestUser;
let northMember: TestUser;
let southOwner: TestUser;
let editor: TestUser;
let observer: TestUser;
let north: string;
let south: string;
/** A North review the editor and observer were invited to (they belong to no workspace). */
let northReview: string;

type ErrorBody = { error: { code: string; message: string } };
type Summary = { id: string; version: number; workspaceId: string | null; retirable: boolean };

const as = (user: TestUser, path: string, init: RequestInit = {}) =>
  Promise.resolve(
    t.app.request(path, {
      ...init,
      headers: { authorization: `Bearer ${user.token}`, ...(init.headers as Record<string, string>) },
    }),
  );

/** PMQS 3 under another id (and version). */
async function framework(id: string, version = 1, title = `Framework ${id}`): Promise<string> {
  const fw = parse(await readFile(`${frameworksDir}pmqs-3.yaml`, 'utf8')) as Record<string, unknown>;
  return stringify({ ...fw, id, version, title });
}

const upload = async (user: TestUser, body: string, workspaceId?: string) =>
  as(user, `/api/frameworks${workspaceId ? `?workspaceId=${workspaceId}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/yaml' },
    body,
  });

const listed = async (user: TestUser): Promise<Summary[]> =>
  (await (await as(user, '/api/frameworks')).json()) as Summary[];

const createReview = (user: TestUser, frameworkId: string, workspaceId: string) =>
  as(user, '/api/reviews', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ frameworkId, title: 'A review', workspaceId }),
  });

const retire = (user: TestUser, id: string) => as(user, `/api/frameworks/${id}/retire`, { method: 'POST' });

const messageOf = async (res: Response) => ((await res.json()) as ErrorBody).error.message;

beforeEach(async () => {
  t = await inProcessApp();
  admin = await makeUser(t.store, 'Admin', { isAdmin: true, workspace: null });
  northOwner = await makeUser(t.store, 'North owner', { workspace: 'North' });
  northMember = await makeUser(t.store, 'North member', { workspace: 'North' });
  southOwner = await makeUser(t.store, 'South owner', { workspace: 'South' });
  editor = await makeUser(t.store, 'Editor', { workspace: null });
  observer = await makeUser(t.store, 'Observer', { workspace: null });
  north = (await t.store.access.workspaceByName('North'))!.id;
  south = (await t.store.access.workspaceByName('South'))!.id;
  const res = await createReview(northOwner, 'pmqs-3', north);
  northReview = ((await res.json()) as { id: string }).id;
  await t.store.access.setReviewMember(northReview, editor.id, 'editor', null);
  await t.store.access.setReviewMember(northReview, observer.id, 'observer', null);
});

afterEach(() => t.close());

describe('who may publish a framework', () => {
  it('refuses observers, editors, members and other workspaces’ owners, with a message, storing nothing', async () => {
    const body = await framework('hijack');
    for (const user of [observer, editor, northMember, northOwner, southOwner]) {
      const res = await upload(user, body);
      expect(res.status, user.name).toBe(403);
      expect(await messageOf(res), user.name).toBe(
        'only an administrator can publish a framework to every workspace; a workspace owner can add one to their workspace with ?workspaceId=…',
      );
    }
    for (const user of [observer, editor, northMember, southOwner]) {
      const res = await upload(user, body, north);
      expect(res.status, user.name).toBe(403);
      expect(await messageOf(res), user.name).toBe(
        'workspaceId: only an owner of this workspace can add frameworks to it',
      );
    }
    expect((await listed(admin)).map((f) => f.id)).not.toContain('hijack');
  });

  it('lets an administrator publish to everyone', async () => {
    const res = await upload(admin, await framework('la-wide'));
    expect(res.status).toBe(201);
    expect(((await res.json()) as Summary).workspaceId).toBeNull();
    for (const user of [observer, northMember, southOwner]) {
      expect(
        (await listed(user)).map((f) => f.id),
        user.name,
      ).toContain('la-wide');
    }
    expect((await createReview(southOwner, 'la-wide', south)).status).toBe(201);
  });

  it('lets a workspace owner add a framework only that workspace sees and uses', async () => {
    expect((await upload(northOwner, await framework('north-only'), north)).status).toBe(201);
    for (const user of [northOwner, northMember]) {
      const mine = (await listed(user)).find((f) => f.id === 'north-only');
      expect(mine?.workspaceId, user.name).toBe(north);
    }
    expect((await listed(southOwner)).map((f) => f.id)).not.toContain('north-only');
    const hidden = await as(southOwner, '/api/frameworks/north-only');
    expect(hidden.status).toBe(404);
    expect(await messageOf(hidden)).toBe('no framework "north-only"');
    expect((await as(southOwner, '/api/frameworks/north-only?version=1')).status).toBe(404);
    // Using it from another workspace fails exactly as an unknown id does.
    const elsewhere = await createReview(southOwner, 'north-only', south);
    expect(elsewhere.status).toBe(400);
    expect(await messageOf(elsewhere)).toBe('frameworkId: no framework "north-only" you can use');
    // Not even its owner may start a review of it in another workspace.
    await t.store.access.addWorkspaceMember(south, northOwner.id, 'member');
    expect((await createReview(northOwner, 'north-only', south)).status).toBe(400);
    // The same id cannot be taken in another scope.
    const taken = await upload(southOwner, await framework('north-only', 2), south);
    expect(taken.status).toBe(409);
    expect(await messageOf(taken)).toBe('id: "north-only" is already used by another framework; choose another id');

    const review = await createReview(northMember, 'north-only', north);
    expect(review.status).toBe(201);
    // Someone invited to that review, outside the workspace, can read the version it uses.
    const { id } = (await review.json()) as { id: string };
    await t.store.access.setReviewMember(id, observer.id, 'observer', null);
    expect((await as(observer, '/api/frameworks/north-only?version=1')).status).toBe(200);
    expect((await as(observer, '/api/frameworks/north-only')).status).toBe(404);
  });

  it('reserves built-in ids, at any version and any scope', async () => {
    for (const [user, workspaceId] of [
      [admin, undefined],
      [northOwner, north],
    ] as const) {
      for (const version of [1, 2, 99]) {
        const res = await upload(user, await framework('pmqs-3', version, 'Not PMQS'), workspaceId);
        expect(res.status).toBe(409);
        expect(await messageOf(res)).toBe(
          'id: "pmqs-3" is a built-in framework\'s id; give your framework an id of its own',
        );
      }
    }
    const pmqs = (await (await as(observer, '/api/frameworks/pmqs-3')).json()) as { version: number; title: string };
    expect(pmqs.version).toBe(1);
    expect(pmqs.title).not.toBe('Not PMQS');
  });
});

describe('retiring an uploaded framework', () => {
  it('hides it from the library and new reviews; reviews made from it still open', async () => {
    expect((await upload(northOwner, await framework('north-old'), north)).status).toBe(201);
    const made = (await (await createReview(northOwner, 'north-old', north)).json()) as { id: string };
    expect((await listed(northOwner)).find((f) => f.id === 'north-old')?.retirable).toBe(true);
    expect((await listed(northMember)).find((f) => f.id === 'north-old')?.retirable).toBe(false);

    const res = await retire(northOwner, 'north-old');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'north-old', retired: true });

    expect((await listed(northOwner)).map((f) => f.id)).not.toContain('north-old');
    expect((await createReview(northOwner, 'north-old', north)).status).toBe(400);
    expect((await as(northOwner, '/api/frameworks/north-old')).status).toBe(404);
    // The review made before keeps its version, and its page can still load it.
    const review = (await (await as(northOwner, `/api/reviews/${made.id}`)).json()) as { frameworkVersion: number };
    expect(review.frameworkVersion).toBe(1);
    for (const user of [northOwner, northMember])
      expect((await as(user, '/api/frameworks/north-old?version=1')).status, user.name).toBe(200);
  });

  it('is for administrators and the owning workspace’s owners only', async () => {
    expect((await upload(admin, await framework('la-wide'))).status).toBe(201);
    expect((await upload(northOwner, await framework('north-fw'), north)).status).toBe(201);

    for (const user of [northMember, editor, observer]) {
      const res = await retire(user, 'la-wide');
      expect(res.status, user.name).toBe(403);
      expect(await messageOf(res)).toBe('only an administrator can retire a framework published to every workspace');
    }
    const member = await retire(northMember, 'north-fw');
    expect(member.status).toBe(403);
    expect(await messageOf(member)).toBe(
      'only an owner of the workspace it belongs to, or an administrator, can retire this framework',
    );
    // Another workspace cannot even see it.
    expect((await retire(southOwner, 'north-fw')).status).toBe(404);
    const builtIn = await retire(admin, 'pmqs-3');
    expect(builtIn.status).toBe(409);
    expect(await messageOf(builtIn)).toBe('"pmqs-3" is a built-in framework; only uploads can be retired');
    expect((await retire(admin, 'no-such')).status).toBe(404);

    expect((await retire(admin, 'la-wide')).status).toBe(200);
    expect((await retire(admin, 'north-fw')).status).toBe(200);
    expect((await listed(northOwner)).map((f) => f.id)).not.toContain('la-wide');
  });

  it('needs a signed-in person', async () => {
    const res = await t.app.request('/api/frameworks/pmqs-3/retire', { method: 'POST' });
    expect(res.status).toBe(401);
  });
});
