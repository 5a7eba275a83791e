import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readFrameworkFile } from '../frameworks/files.ts';
import { buildSkeleton } from '../../shared/review/skeleton.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import { exportDocument } from './document-cache.ts';
import { buildExportModel, type ExportSource } from './model.ts';

const framework = await readFrameworkFile(new URL('../../frameworks/pmqs-3.yaml', import.meta.url).pathname);
const doc = new Y.Doc();
buildSkeleton(doc, framework, {
  reviewId: 'r1',
  frameworkId: framework.id,
  frameworkVersion: framework.version,
  title: 'Cache',
  createdAt: '2026-03-01T10:00:00.000Z',
});
const snapshot = Y.encodeStateAsUpdate(doc);
const source = (updates: Uint8Array[] = []): ExportSource => ({
  framework,
  review: { id: 'r1', title: 'Cache', createdAt: '2026-03-01T10:00:00.000Z', updatedAt: '2026-03-01T10:00:00.000Z' },
  document: { snapshot: snapshot.slice(), updates },
  people: [],
  history: [],
  exportedAt: '2026-03-02T10:00:00.000Z',
  exportedBy: 'A. Khan',
});

describe('the document an export reads', () => {
  it('is rebuilt once for the same stored bytes, and again as soon as an update is stored', () => {
    const first = exportDocument(source());
    expect(exportDocument(source())).toBe(first);

    const criterion = framework.sections[0]!.criteria[0]!;
    const edited = new Y.Doc();
    Y.applyUpdate(edited, snapshot);
    const before = Y.encodeStateVector(edited);
    new ReviewDoc(edited, framework).focus(framework.tracks[0]!.id, criterion.id).insert(0, 'Phonics first');
    const update = Y.encodeStateAsUpdate(edited, before);

    const next = exportDocument(source([update]));
    expect(next).not.toBe(first);
    const focus = buildExportModel(source([update]), next).sections[0]!.criteria[0]!.tracks[0]!.focus;
    expect(focus).toBe('Phonics first');
    expect(buildExportModel(source(), exportDocument(source())).sections[0]!.criteria[0]!.tracks[0]!.focus).toBe('');
  });
});
