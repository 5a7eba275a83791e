import * as Y from 'yjs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { summariseDoc } from '../shared/cycles/figures.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { buildSkeleton } from '../shared/review/skeleton.ts';
import { SqliteStore } from '../server/store/sqlite.ts';
import { FrameworkLibrary } from '../server/frameworks/library.ts';
import { workspaceOverview } from '../server/cycles/overview.ts';
import { largeFramework } from '../bench/lib/frameworks.ts';
import { frameworkSchema } from '../shared/framework/schema.ts';
import { createUser } from '../server/auth/accounts.ts';

const store = new SqliteStore(':memory:');
const library = new FrameworkLibrary(store);
const fw = frameworkSchema.parse(largeFramework(30, 'bench-30-rows'));
await library.register(fw, 'built-in');
const user = await createUser(store.access, { email: 'a@b.c', name: 'A', password: 'correct horse battery staple', workspace: 'W' });
const ws = (await store.access.workspacesOf(user.id))[0]!;
const now = new Date().toISOString();
const levels = fw.scale.levels.map((l) => l.id);
for (let i = 0; i < 500; i++) {
  const id = `r${i}`;
  const doc = new Y.Doc();
  buildSkeleton(doc, fw, { reviewId: id, frameworkId: fw.id, frameworkVersion: 1, title: id, createdAt: now });
  const r = new ReviewDoc(doc, fw);
  fw.sections.flatMap((s) => s.criteria).forEach((c, j) => r.setRating('self', c.id, '-', levels[(i + j) % 4]!));
  await store.createReview({ id, workspaceId: ws.id, title: id, frameworkId: fw.id, frameworkVersion: 1, createdAt: now, updatedAt: now }, Y.encodeStateAsUpdate(doc));
  await store.cycles.putSummary(id, 0, summariseDoc(doc));
  if (i % 2) await store.cycles.link({ reviewId: id, previousReviewId: `r${i - 1}`, carriedFocus: false, createdAt: now });
}
const deps = { store, rooms: null, loadFramework: (id: string, v: number) => library.get(id, v) };
for (let k = 0; k < 4; k++) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  let t = performance.now();
  const rows = await store.cycles.overviewRows(ws.id, user.id);
  const tRows = performance.now() - t;
  t = performance.now();
  const o = await workspaceOverview(deps, { id: ws.id, name: 'W' }, user.id, { sort: 'movement' });
  const tAll = performance.now() - t;
  t = performance.now();
  const json = JSON.stringify(o);
  const tJson = performance.now() - t;
  h.disable();
  console.log({ rows: rows.length, tRows: tRows.toFixed(1), tAll: tAll.toFixed(1), tJson: tJson.toFixed(1), bytes: json.length, eldMax: (h.max / 1e6).toFixed(1) });
}
await store.close();
