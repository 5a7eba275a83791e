import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Root } from '../shared/review/roots.ts';
import { parseFrameworkText } from '../shared/framework/validate.ts';
import { configFromEnv } from '../server/config.ts';
import { frameworkHash } from '../server/frameworks/library.ts';
import { startServer } from '../server/server.ts';
import { connectClient, synced } from './helpers/clients.ts';
import { createReviewOver, repoRoot, spawnServer, startTestServer, tempDir } from './helpers/server.ts';

describe('start-up', () => {
  it('refuses to start with an invalid built-in framework, naming the file and the fault', async () => {
    const dir = await tempDir();
    try {
      const frameworks = join(dir.path, 'frameworks');
      await mkdir(frameworks);
      await copyFile(join(repoRoot, 'frameworks/pmqs-3.yaml'), join(frameworks, 'pmqs-3.yaml'));
      const broken = (await readFile(join(repoRoot, 'frameworks/pmqs-3.yaml'), 'utf8'))
        .replace('id: pmqs-3', 'id: broken-copy')
        .replace(/^version: 1$/m, 'version: one');
      await writeFile(join(frameworks, 'broken.yaml'), broken);
      await expect(startTestServer({ FRAMEWORKS_DIR: frameworks }, join(dir.path, 'data'))).rejects.toThrow(
        'broken.yaml: version: Invalid input: expected number, received string',
      );
      // As a process: it exits non-zero and says why.
      await expect(spawnServer(join(dir.path, 'data2'), { FRAMEWORKS_DIR: frameworks })).rejects.toThrow(
        /could not start: broken\.yaml: version/,
      );
    } finally {
      await dir.remove();
    }
  });

  it('refuses to start when a built-in framework changed but kept its version', async () => {
    const dir = await tempDir();
    try {
      const frameworks = join(dir.path, 'frameworks');
      await mkdir(frameworks);
      const original = await readFile(join(repoRoot, 'frameworks/pmqs-3.yaml'), 'utf8');
      await writeFile(join(frameworks, 'pmqs-3.yaml'), original);
      const data = join(dir.path, 'data');
      const first = await startTestServer({ FRAMEWORKS_DIR: frameworks }, data);
      await first.close();
      await writeFile(join(frameworks, 'pmqs-3.yaml'), original.replace(/^title: .*$/m, 'title: Quietly edited'));
      await expect(startTestServer({ FRAMEWORKS_DIR: frameworks }, data)).rejects.toThrow(
        'framework "pmqs-3" version 1 is already stored with different content',
      );
    } finally {
      await dir.remove();
    }
  });

  it('starts when an upload holds a built-in id, moving the upload aside and keeping its reviews', async () => {
    const dir = await tempDir();
    try {
      const frameworks = join(dir.path, 'frameworks');
      await mkdir(frameworks);
      const original = await readFile(join(repoRoot, 'frameworks/pmqs-3.yaml'), 'utf8');
      await writeFile(join(frameworks, 'pmqs-3.yaml'), original);
      const data = join(dir.path, 'data');
      const first = await startTestServer({ FRAMEWORKS_DIR: frameworks }, data);
      // An upload made before built-in ids were reserved: "pmqs-3" version 2, changed.
      const hijack = parseFrameworkText(
        original.replace(/^version: 1$/m, 'version: 2').replace(/^title: .*$/m, 'title: Hijacked PMQS'),
        'upload.yaml',
      );
      if (!hijack.ok) throw new Error(JSON.stringify(hijack.issues));
      await first.store.putFramework({
        framework: hijack.framework,
        hash: frameworkHash(hijack.framework),
        source: 'upload',
        createdAt: new Date().toISOString(),
      });
      const reviewId = await createReviewOver(first.url, first.owner.token, 'pmqs-3', 'Made from the upload');
      await first.close();

      // The built-in file is later bumped to the version the upload holds.
      await writeFile(
        join(frameworks, 'pmqs-3.yaml'),
        original.replace(/^version: 1$/m, 'version: 2').replace(/^title: .*$/m, 'title: PMQS 3, second edition'),
      );
      const logged: string[] = [];
      const config = configFromEnv(
        { PORT: '0', DATA_DIR: data, FRAMEWORKS_DIR: frameworks, CLIENT_DIR: join(dir.path, 'none') },
        repoRoot,
      );
      const second = await startServer(config, { log: (message) => logged.push(message) });
      try {
        expect(logged).toContain(
          'framework "pmqs-3" is built in: uploaded version(s) 2 moved to "pmqs-3.upload" and retired; reviews made from them keep working',
        );
        const get = async <T>(path: string) => {
          const res = await fetch(`${second.url}${path}`, {
            headers: { authorization: `Bearer ${first.owner.token}` },
          });
          expect(res.status, path).toBe(200);
          return (await res.json()) as T;
        };
        expect(await get<{ version: number; title: string }>('/api/frameworks/pmqs-3')).toMatchObject({
          version: 2,
          title: 'PMQS 3, second edition',
        });
        const ids = (await get<{ id: string }[]>('/api/frameworks')).map((f) => f.id);
        expect(ids).toContain('pmqs-3');
        expect(ids).not.toContain('pmqs-3.upload');
        const review = await get<{ frameworkId: string; frameworkVersion: number }>(`/api/reviews/${reviewId}`);
        expect(review).toMatchObject({ frameworkId: 'pmqs-3.upload', frameworkVersion: 2 });
        expect(await get<{ title: string }>('/api/frameworks/pmqs-3.upload?version=2')).toMatchObject({
          title: 'Hijacked PMQS',
        });
        // The review still opens: a stock client syncs it.
        const client = connectClient(`${second.url.replace('http', 'ws')}/collab`, reviewId, {
          token: first.owner.token,
        });
        try {
          await synced(client);
          expect(client.doc.getMap(Root.meta).get('title')).toBe('Made from the upload');
        } finally {
          client.destroy();
        }
      } finally {
        await second.close();
      }
    } finally {
      await dir.remove();
    }
  });
});

describe('a fresh install', () => {
  it('has no accounts, and says so to the sign-in page', async () => {
    const dir = await tempDir();
    const config = configFromEnv({ PORT: '0', DATA_DIR: dir.path, CLIENT_DIR: join(dir.path, 'none') }, repoRoot);
    const server = await startServer(config, { log: () => {} });
    try {
      expect(await (await fetch(`${server.url}/api/auth/setup`)).json()).toEqual({ firstRun: true, oidc: null });
      expect((await fetch(`${server.url}/api/reviews`)).status).toBe(401);
    } finally {
      await server.close();
      await dir.remove();
    }
  });
});
