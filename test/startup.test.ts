import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../server/config.ts';
import { startServer } from '../server/server.ts';
import { repoRoot, spawnServer, startTestServer, tempDir } from './helpers/server.ts';

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
});

describe('a fresh install', () => {
  it('has no accounts, and says so to the sign-in page', async () => {
    const dir = await tempDir();
    const config = configFromEnv({ PORT: '0', DATA_DIR: dir.path, CLIENT_DIR: join(dir.path, 'none') }, repoRoot);
    const server = await startServer(config, () => {});
    try {
      expect(await (await fetch(`${server.url}/api/auth/setup`)).json()).toEqual({ firstRun: true, oidc: null });
      expect((await fetch(`${server.url}/api/reviews`)).status).toBe(401);
    } finally {
      await server.close();
      await dir.remove();
    }
  });
});
