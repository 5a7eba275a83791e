import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReviewOver, repoRoot, startTestServer, tempDir } from './helpers/server.ts';

describe('a built-in framework bumped to a new version', () => {
  it('is offered at the new version after a restart, while a review made before keeps its own', async () => {
    const dir = await tempDir();
    try {
      const frameworks = join(dir.path, 'frameworks');
      await mkdir(frameworks);
      const file = join(frameworks, 'ns-la-quality-standards.yaml');
      const current = await readFile(join(repoRoot, 'frameworks/ns-la-quality-standards.yaml'), 'utf8');
      expect(current).toMatch(/^version: 2$/m);
      // The file as an earlier install had it: version 1, other wording.
      await writeFile(
        file,
        current.replace(/^version: 2$/m, 'version: 1').replace(/^shortTitle: .*$/m, 'shortTitle: LA standards (first)'),
      );
      const data = join(dir.path, 'data');
      const first = await startTestServer({ FRAMEWORKS_DIR: frameworks }, data);
      const reviewId = await createReviewOver(first.url, first.owner.token, 'ns-la-quality-standards', 'Last year');
      await first.close();

      await writeFile(file, current);
      const second = await startTestServer({ FRAMEWORKS_DIR: frameworks }, data);
      try {
        const get = async <T>(path: string): Promise<T> => {
          const res = await fetch(`${second.url}${path}`, {
            headers: { authorization: `Bearer ${first.owner.token}` },
          });
          expect(res.status, path).toBe(200);
          return (await res.json()) as T;
        };
        expect(await get<{ version: number }>('/api/frameworks/ns-la-quality-standards')).toMatchObject({ version: 2 });
        expect(await get<{ shortTitle: string }>('/api/frameworks/ns-la-quality-standards?version=1')).toMatchObject({
          shortTitle: 'LA standards (first)',
        });
        expect(await get(`/api/reviews/${reviewId}`)).toMatchObject({ frameworkVersion: 1 });
        const next = await createReviewOver(second.url, first.owner.token, 'ns-la-quality-standards', 'This year');
        expect(await get(`/api/reviews/${next}`)).toMatchObject({ frameworkVersion: 2 });
      } finally {
        await second.close();
      }
    } finally {
      await dir.remove();
    }
  });
});
