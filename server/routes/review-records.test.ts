import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { inProcessApp } from '../../test/helpers/app.ts';
import { makeUser } from '../../test/helpers/server.ts';
import { createApp } from '../app.ts';
import { Rooms } from '../collab/rooms.ts';
import { FrameworkLibrary } from '../frameworks/library.ts';
import { SqliteStore } from '../store/sqlite.ts';
import type { ReviewState } from '../store/record-types.ts';

const frameworksDir = fileURLToPath(new URL('../../frameworks/', import.meta.url));

describe('the onFinalised hook', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function appWith(onFinalised: (e: { reviewId: string; state: ReviewState }) => Promise<void> | void) {
    const store = new SqliteStore(':memory:');
    const library = new FrameworkLibrary(store);
    await library.loadBuiltIns(frameworksDir);
    const rooms = new Rooms(store, (id, v) => library.get(id, v), { compactAfter: 500 });
    const logged: string[] = [];
    const app = createApp({ store, library, rooms, log: (m) => logged.push(m), onFinalised });
    closers.push(async () => {
      await rooms.close();
      await store.close();
    });
    const { token } = await makeUser(store);
    const req = (path: string, body?: unknown) =>
      app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      });
    const created = (await (await req('/api/reviews', { frameworkId: 'pmqs-3', title: 'Hooked' })).json()) as {
      id: string;
    };
    return { req, id: created.id, logged };
  }

  it('runs once a review is final, with its state, and not on other changes', async () => {
    const calls: { reviewId: string; state: ReviewState }[] = [];
    const { req, id } = await appWith((e) => void calls.push(e));
    await req(`/api/reviews/${id}/status`, { status: 'moderation' });
    await req(`/api/reviews/${id}/sign-offs`);
    expect(calls).toEqual([]);
    expect((await req(`/api/reviews/${id}/finalise`)).status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ reviewId: id, state: { status: 'final' } });
    await req(`/api/reviews/${id}/reopen`);
    expect(calls).toHaveLength(1);
  });

  it('keeps the review final when the hook fails, and logs the failure', async () => {
    const { req, id, logged } = await appWith(() => Promise.reject(new Error('snapshot store full')));
    const res = await req(`/api/reviews/${id}/finalise`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as ReviewState).status).toBe('final');
    expect(logged).toEqual([`review ${id}: after finalising`]);
  });
});

describe('body limits', () => {
  it('lets a backup up to 64 MiB through to the restore, and keeps 1 MiB everywhere else', async () => {
    const app = await inProcessApp();
    try {
      const big = new Uint8Array(64 * 1024 * 1024 + 1).fill(0x20);
      const tooBig = await app.req('/api/reviews/import', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: big,
      });
      expect(tooBig.status).toBe(413);
      expect(((await tooBig.json()) as { error: { message: string } }).error.message).toBe('backup over 64 MiB');
      // Two MiB of JSON is past the usual limit, but a restore reads it (and finds no backup in it).
      const twoMiB = `{"format":"bestfit-review-backup","pad":"${'x'.repeat(2 * 1024 * 1024)}"}`;
      const restore = await app.req('/api/reviews/import', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: twoMiB,
      });
      expect(restore.status).toBe(400);
      expect(((await restore.json()) as { error: { message: string } }).error.message).toMatch(/format version/);
      const elsewhere = await app.req('/api/reviews', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: twoMiB,
      });
      expect(elsewhere.status).toBe(413);
    } finally {
      await app.close();
    }
  });
});
