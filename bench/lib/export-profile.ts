/**
 * Times one export format in this process on the generated 1,000-row review, filled as scenario 9
 * fills it, without a server: for profiling the exporter itself (run under `node --cpu-prof`).
 *   node --import tsx bench/lib/export-profile.ts [format] [runs]
 */
import { writeFile } from 'node:fs/promises';
import * as Y from 'yjs';
import { exportReview } from '../../server/export/export-review.ts';
import type { ExportFormat, ExportSource } from '../../server/export/model.ts';
import { frameworkSchema } from '../../shared/framework/schema.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import { buildSkeleton } from '../../shared/review/skeleton.ts';
import { fillReview } from '../../test/helpers/export-fill.ts';
import { largeFramework } from './frameworks.ts';

const format = (process.argv[2] ?? 'pdf') as ExportFormat;
const runs = Number(process.argv[3] ?? 3);
const framework = frameworkSchema.parse(largeFramework());
const doc = new Y.Doc();
const createdAt = '2026-03-01T10:00:00.000Z';
buildSkeleton(doc, framework, {
  reviewId: 'r1',
  frameworkId: framework.id,
  frameworkVersion: framework.version,
  title: 'Export of 1,000 rows',
  createdAt,
});
fillReview(new ReviewDoc(doc, framework), { id: 'u1', name: 'A. Khan' });
const source: ExportSource = {
  framework,
  review: { id: 'r1', title: 'Export of 1,000 rows', createdAt, updatedAt: createdAt },
  document: { snapshot: Y.encodeStateAsUpdate(doc), updates: [] },
  people: [{ name: 'A. Khan', role: 'facilitator' }],
  history: [],
  exportedAt: createdAt,
  exportedBy: 'A. Khan',
};

for (let i = 0; i < runs; i++) {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const bytes = await exportReview(format, source);
  const wall = performance.now() - t;
  const { user, system } = process.cpuUsage(cpu);
  console.log(
    `${format} run ${i + 1}: ${wall.toFixed(0)} ms wall, ${((user + system) / 1000).toFixed(0)} ms CPU, ${bytes.byteLength} bytes`,
  );
  if (i === runs - 1 && process.env.EXPORT_OUT) await writeFile(process.env.EXPORT_OUT, bytes);
}
