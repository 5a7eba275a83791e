import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { Rooms } from './collab/rooms.ts';
import { FrameworkLibrary } from './frameworks/library.ts';
import { SqliteStore } from './store/sqlite.ts';

let dir: string;
let store: SqliteStore;
let rooms: Rooms;
let app: ReturnType<typeof createApp>;
const script = 'console.log("a built chunk");\n'.repeat(100);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bestfit-static-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Bestfit</title>');
  await writeFile(join(dir, 'assets/index-abc123.js'), script);
  await writeFile(join(dir, 'assets/index-abc123.js.gz'), gzipSync(script));
  store = new SqliteStore(':memory:');
  const library = new FrameworkLibrary(store);
  rooms = new Rooms(store, (id, v) => library.get(id, v), { compactAfter: 500 });
  app = createApp({ store, library, rooms, clientDir: dir, log: () => {} });
});

afterAll(async () => {
  await rooms.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the built client', () => {
  it('serves hashed assets to be kept for good, compressed as built for browsers that take it', async () => {
    const plain = await app.request('/assets/index-abc123.js');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(script);
    const gzipped = await app.request('/assets/index-abc123.js', { headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gzipped.headers.get('vary')).toContain('Accept-Encoding');
    expect(gzipped.headers.get('content-type')).toMatch(/javascript/);
    expect(Number(gzipped.headers.get('content-length'))).toBeLessThan(script.length / 4);
  });

  it('serves the page, at / and at client-side routes, to be asked for again each time', async () => {
    for (const path of ['/', '/reviews/some-review']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      expect(await res.text()).toContain('<title>Bestfit</title>');
    }
  });
});
