/** The Store contract for uploaded frameworks: scopes, versions, retiring and moving an id. */
import { describe, expect, it } from 'vitest';
import type { Framework } from '../../shared/framework/schema.ts';
import { frameworkHash } from '../frameworks/library.ts';
import { FrameworkVersionConflict, type Store } from './types.ts';
import type { UploadRecord } from './framework-upload-types.ts';

const at = '2024-02-01T00:00:00.000Z';

/** `frameworkOf(id, version, title)` builds a valid framework. */
export function uploadsContract(
  store: () => Store,
  frameworkOf: (id: string, version: number, title?: string) => Framework,
): void {
  const upload = (id: string, version: number, extra: Partial<UploadRecord> = {}, title?: string): UploadRecord => {
    const framework = frameworkOf(id, version, title);
    return {
      id,
      version,
      body: JSON.stringify(framework),
      hash: frameworkHash(framework),
      createdAt: at,
      workspaceId: null,
      uploadedBy: 'ann',
      ...extra,
    };
  };

  describe('uploaded frameworks', () => {
    it('stores an upload once, in its scope, readable as a framework, with its version history', async () => {
      const s = store();
      expect(await s.uploads.scopeOf('up')).toBeNull();
      expect(await s.uploads.idInUse('up')).toBe(false);
      expect(await s.uploads.putUpload(upload('up', 1, { workspaceId: null }))).toBe('created');
      expect(await s.uploads.putUpload(upload('up', 1))).toBe('unchanged');
      expect(await s.uploads.putUpload(upload('up', 2, { changeNote: 'Second try', createdAt: '2024-03-01' }))).toBe(
        'created',
      );
      await expect(s.uploads.putUpload(upload('up', 2, {}, 'Changed'))).rejects.toBeInstanceOf(
        FrameworkVersionConflict,
      );
      expect(await s.uploads.scopeOf('up')).toEqual({ workspaceId: null });
      expect(await s.uploads.idInUse('up')).toBe(true);
      expect(await s.getFramework('up')).toMatchObject({
        framework: frameworkOf('up', 2),
        source: 'upload',
        uploadedBy: 'ann',
      });
      expect((await s.getFramework('up'))?.workspaceId ?? null).toBeNull();
      expect((await s.getFramework('up'))?.retiredAt ?? null).toBeNull();
      expect(await s.uploads.versions('up')).toEqual([
        { version: 1, createdAt: at, source: 'upload', uploadedBy: 'ann', changeNote: null, retiredAt: null },
        {
          version: 2,
          createdAt: '2024-03-01',
          source: 'upload',
          uploadedBy: 'ann',
          changeNote: 'Second try',
          retiredAt: null,
        },
      ]);
      expect(await s.uploads.versions('none')).toEqual([]);
    });

    it('knows a workspace upload’s scope, and the ids built-in frameworks use', async () => {
      const s = store();
      await s.access.createWorkspace('w1', 'North');
      await s.uploads.putUpload(upload('mine', 1, { workspaceId: 'w1' }));
      await s.putFramework({
        framework: frameworkOf('shipped', 1),
        hash: frameworkHash(frameworkOf('shipped', 1)),
        source: 'built-in',
        createdAt: at,
      });
      expect(await s.uploads.scopeOf('mine')).toEqual({ workspaceId: 'w1' });
      // A built-in id has no upload scope, but is in use.
      expect(await s.uploads.scopeOf('shipped')).toBeNull();
      expect(await s.uploads.idInUse('shipped')).toBe(true);
      expect(await s.uploads.builtInIds()).toEqual(['shipped']);
      expect((await s.uploads.versions('shipped'))[0]).toMatchObject({ source: 'built-in', uploadedBy: null });
    });

    it('retires every version of an upload once', async () => {
      const s = store();
      await s.uploads.putUpload(upload('up', 1));
      await s.uploads.putUpload(upload('up', 2));
      await s.uploads.putUpload(upload('other', 1));
      expect(await s.uploads.retire('up', '2024-04-01T00:00:00.000Z')).toBe(2);
      expect(await s.uploads.retire('up', '2024-05-01T00:00:00.000Z')).toBe(0);
      expect((await s.uploads.versions('up')).map((v) => v.retiredAt)).toEqual([
        '2024-04-01T00:00:00.000Z',
        '2024-04-01T00:00:00.000Z',
      ]);
      expect((await s.getFramework('up', 1))?.retiredAt).toBe('2024-04-01T00:00:00.000Z');
      expect((await s.uploads.versions('other'))[0]?.retiredAt).toBeNull();
    });

    it('moves uploads off a built-in id, retired, with the reviews made from them', async () => {
      const s = store();
      await s.access.createUser({
        id: 'ann',
        email: 'ann@example.test',
        name: 'Ann',
        isAdmin: false,
        createdAt: at,
        passwordHash: 'h',
      });
      await s.uploads.putUpload(upload('clash', 1));
      await s.uploads.putUpload(upload('clash', 2));
      await s.uploads.retire('clash', '2024-03-01T00:00:00.000Z');
      await s.uploads.putUpload(upload('clash', 3));
      const record = (id: string, version: number) => ({
        id,
        workspaceId: null,
        title: id,
        frameworkId: 'clash',
        frameworkVersion: version,
        createdAt: at,
        updatedAt: at,
      });
      await s.createReview(record('from-1', 1), new Uint8Array([0, 0]));
      await s.createReview(record('from-3', 3), new Uint8Array([0, 0]));
      await s.access.setReviewMember('from-3', 'ann', 'editor', null);
      expect(await s.uploads.hasReviewOf('ann', 'clash', 3)).toBe(true);
      expect(await s.uploads.hasReviewOf('ann', 'clash', 1)).toBe(false);
      expect(await s.uploads.moveUploads('clash', 'clash-upload', '2024-04-01T00:00:00.000Z')).toEqual([1, 2, 3]);
      expect(await s.uploads.idInUse('clash')).toBe(false);
      expect((await s.uploads.versions('clash-upload')).map((v) => v.retiredAt)).toEqual([
        '2024-03-01T00:00:00.000Z',
        '2024-03-01T00:00:00.000Z',
        '2024-04-01T00:00:00.000Z',
      ]);
      expect((await s.getFramework('clash-upload', 3))?.framework.id).toBe('clash-upload');
      expect((await s.getReview('from-1'))?.frameworkId).toBe('clash-upload');
      expect((await s.getReview('from-3'))?.frameworkVersion).toBe(3);
      expect(await s.uploads.hasReviewOf('ann', 'clash-upload', 3)).toBe(true);
      expect(await s.uploads.moveUploads('nothing', 'else', at)).toEqual([]);
    });
  });
}
