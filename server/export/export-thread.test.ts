import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { readFrameworkFile } from '../frameworks/files.ts';
import { buildSkeleton } from '../../shared/review/skeleton.ts';
import { ExportFailed, ExportThread } from './export-thread.ts';
import type { ExportSource } from './model.ts';

const framework = await readFrameworkFile(new URL('../../frameworks/pmqs-3.yaml', import.meta.url).pathname);
const doc = new Y.Doc();
buildSkeleton(doc, framework, {
  reviewId: 'r1',
  frameworkId: framework.id,
  frameworkVersion: framework.version,
  title: 'Thread',
  createdAt: '2026-03-01T10:00:00.000Z',
});
const source: ExportSource = {
  framework,
  review: { id: 'r1', title: 'Thread', createdAt: '2026-03-01T10:00:00.000Z', updatedAt: '2026-03-01T10:00:00.000Z' },
  document: { snapshot: Y.encodeStateAsUpdate(doc), updates: [] },
  people: [{ name: 'A. Khan', role: 'facilitator' }],
  history: [],
  exportedAt: '2026-03-02T10:00:00.000Z',
  exportedBy: 'A. Khan',
};

const threads: ExportThread[] = [];
const thread = (options?: ConstructorParameters<typeof ExportThread>[0]) => {
  const t = new ExportThread(options);
  threads.push(t);
  return t;
};
afterEach(async () => {
  for (const t of threads.splice(0)) await t.close();
});

describe('the export thread', () => {
  it('builds exports in turn and at once on one thread', async () => {
    const t = thread();
    const [csv, pdf] = await Promise.all([t.run('csv', source), t.run('pdf', source)]);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(csv).startsWith('Section,')).toBe(true);
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
  });

  it('gives up on an export that takes too long, and starts afresh for the next one', async () => {
    const t = thread({ timeoutMs: 1 });
    const failed = t.run('pdf', source);
    await expect(failed).rejects.toBeInstanceOf(ExportFailed);
    await expect(failed).rejects.toThrow('building the export took over 0.001 s');
    await expect(t.run('csv', source)).rejects.toBeInstanceOf(ExportFailed);
  });

  it('says why a document it cannot read failed', async () => {
    const t = thread();
    const damaged = { ...source, document: { snapshot: new Uint8Array([1, 2, 3]), updates: [] } };
    await expect(t.run('csv', damaged)).rejects.toThrow(/^the export failed: /);
    // The thread is still there for the next export.
    expect((await t.run('csv', source)).byteLength).toBeGreaterThan(0);
  });
});
