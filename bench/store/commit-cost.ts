/**
 * What one commit costs the store: N batches of a typical size (one rating, ten ratings merged
 * into one update, a text edit with nothing recorded) appended through `appendUpdates` on each
 * engine, timed one by one, with the slowest commits named (garbage collection, a compaction just
 * before, the WAL restarting after a checkpoint). Run by hand:
 *
 *   node --import tsx bench/store/commit-cost.ts [--root=/path/to/checkout] [--n=2000]
 *     [--engines=sqlite,postgres] [--sync=NORMAL|FULL] [--compact-after=500] [--gap-ms=0] [--json]
 *
 * `--gap-ms` leaves the process idle that long before each measured commit, as a meeting does
 * between edits (20 edits/s: 50 ms): a commit after idling costs several times one back to back.
 *
 * `--root` runs another checkout's stores (read only) with this script, to compare before/after.
 */
import { mkdtempSync, openSync, readSync, closeSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import type { HistoryEvent } from '../../shared/review/history.ts';
import type * as PostgresModule from '../../server/store/postgres.ts';
import type * as PostgresTestSchema from '../../server/store/postgres-test-schema.ts';
import type * as SqliteModule from '../../server/store/sqlite.ts';
import type { Store } from '../../server/store/types.ts';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k!, v ?? 'true'] as const;
  }),
);
const root = resolve(args.get('root') ?? join(import.meta.dirname, '..', '..'));
const N = Number(args.get('n') ?? 2000);
const WARMUP = Math.min(200, N);
const engines = (args.get('engines') ?? 'sqlite,postgres').split(',');
const sync = (args.get('sync') ?? 'NORMAL') as 'NORMAL' | 'FULL';
const compactAfter = Number(args.get('compact-after') ?? 500);
const gapMs = Number(args.get('gap-ms') ?? 0);

interface Shape {
  name: string;
  /** Ratings set in the batch (merged into one update, as the room commits it). */
  ratings: number;
  /** Whether the batch has history (ratings do; a text edit inside a typing session does not). */
  history: boolean;
}
const shapes: Shape[] = [
  { name: '1 rating + 1 event', ratings: 1, history: true },
  { name: '10 ratings + 10 events', ratings: 10, history: true },
  { name: '1 edit, no event', ratings: 1, history: false },
];

interface Opened {
  store: Store;
  walFile: string | null;
  cleanup(): Promise<void>;
}

async function openEngine(engine: string): Promise<Opened> {
  if (engine === 'sqlite') {
    const { SqliteStore } = (await import(join(root, 'server/store/sqlite.ts'))) as typeof SqliteModule;
    const dir = mkdtempSync(join(tmpdir(), 'commit-cost-'));
    const file = join(dir, 'bestfit.db');
    // As the server opens it: WAL, checkpointed from a worker thread.
    const store = new SqliteStore(file, { synchronous: sync, backgroundCheckpoint: true });
    return {
      store,
      walFile: `${file}-wal`,
      async cleanup() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const { createTestSchema } = (await import(
    join(root, 'server/store/postgres-test-schema.ts')
  )) as typeof PostgresTestSchema;
  const { PostgresStore } = (await import(join(root, 'server/store/postgres.ts'))) as typeof PostgresModule;
  const schema = await createTestSchema();
  const store = await PostgresStore.open(schema.url, { schema: schema.schema, max: 4 });
  return {
    store,
    walFile: null,
    async cleanup() {
      await store.close();
      await schema.drop();
    },
  };
}

/** The WAL header's salt: it changes each time a writer restarts the WAL after a full checkpoint. */
function walSalt(file: string | null): string {
  if (!file || !existsSync(file)) return '';
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(8);
    readSync(fd, buf, 0, 8, 16);
    return buf.toString('hex');
  } finally {
    closeSync(fd);
  }
}

const gcs: { start: number; end: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration });
}).observe({ entryTypes: ['gc'] });

const framework = {
  id: 'bench-fw',
  version: 1,
  title: 'Bench',
  provenance: { title: 'Bench' },
  scale: { label: 'Grade', levels: [{ id: 'high', label: 'High', value: 2 }] },
  tracks: [{ id: 'self', label: 'Self' }],
  sections: [{ id: 's1', title: 'S', criteria: [{ id: 'c1', title: 'One', descriptors: { high: ['Good'] } }] }],
  tables: [],
};

interface Sample {
  ms: number;
  /** CPU time of the whole process meanwhile: far below `ms` means waiting (I/O, the scheduler), not work. */
  cpuMs: number;
  gcMs: number;
  afterCompaction: boolean;
  walRestart: boolean;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function run(engine: string, shape: Shape) {
  const opened = await openEngine(engine);
  const { store } = opened;
  const now = new Date().toISOString();
  await store.putFramework({ framework: framework, hash: 'bench', source: 'built-in', createdAt: now });
  const doc = new Y.Doc();
  doc.getMap('meta').set('title', 'Bench');
  await store.createReview(
    {
      id: 'r1',
      workspaceId: null,
      title: 'Bench',
      frameworkId: 'bench-fw',
      frameworkVersion: 1,
      createdAt: now,
      updatedAt: now,
    },
    Y.encodeStateAsUpdate(doc),
  );
  const ratings = doc.getMap<string>('ratings');
  const samples: Sample[] = [];
  const compactions: number[] = [];
  let snapshotSeq = 0;
  let compacted = false;
  let salt = walSalt(opened.walFile);
  for (let i = 0; i < WARMUP + N; i++) {
    const parts: Uint8Array[] = [];
    const onUpdate = (u: Uint8Array) => parts.push(u);
    doc.on('update', onUpdate);
    const history: HistoryEvent[] = [];
    const at = new Date().toISOString();
    for (let k = 0; k < shape.ratings; k++) {
      const criterion = `c${(i * shape.ratings + k) % 300}`;
      const from = ratings.get(`${criterion}|self|p1`) ?? null;
      const to = from === 'high' ? 'low' : 'high';
      ratings.set(`${criterion}|self|p1`, to);
      if (shape.history)
        history.push({
          at,
          userId: 'u1',
          userName: 'Person One',
          criterion,
          kind: 'rating',
          detail: { track: 'self', phase: 'p1', from, to },
        });
    }
    doc.off('update', onUpdate);
    // The room's commit: one merged update per batch.
    const update = parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
    if (gapMs > 0 && i >= WARMUP) await new Promise((resolve) => setTimeout(resolve, gapMs));
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    const seq = await store.appendUpdates('r1', [update], 'u1', history);
    const end = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const nextSalt = walSalt(opened.walFile);
    if (i >= WARMUP) {
      const gcMs = gcs.filter((g) => g.end > start && g.start < end).reduce((s, g) => s + g.end - g.start, 0);
      samples.push({
        ms: end - start,
        cpuMs: (cpu.user + cpu.system) / 1000,
        gcMs,
        afterCompaction: compacted,
        walRestart: nextSalt !== salt,
      });
    }
    salt = nextSalt;
    compacted = false;
    // The review log's compaction, as often as the server's default.
    if (seq - snapshotSeq >= compactAfter) {
      const c0 = performance.now();
      await store.compact('r1', Y.encodeStateAsUpdate(doc), seq);
      compactions.push(performance.now() - c0);
      snapshotSeq = seq;
      compacted = true;
    }
  }
  await opened.cleanup();
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  const slow = samples
    .map((s, index) => ({ ...s, index }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map((s) => {
      const why = [
        `cpu ${(s.cpuMs * 1000).toFixed(0)} µs`,
        s.gcMs > 0 ? `gc ${s.gcMs.toFixed(2)} ms` : '',
        s.afterCompaction ? 'first after a compaction' : '',
        s.walRestart ? 'WAL restarted' : '',
      ].filter(Boolean);
      return `#${s.index} ${(s.ms * 1000).toFixed(0)} µs${why.length ? ` (${why.join(', ')})` : ''}`;
    });
  const over = (ms: number) => samples.filter((s) => s.ms > ms);
  const slowSet = over(quantile(sorted, 0.99));
  return {
    engine: engine === 'sqlite' ? `sqlite (${sync})` : engine,
    shape: shape.name,
    n: samples.length,
    meanUs: Math.round(mean * 1000),
    p50Us: Math.round(quantile(sorted, 0.5) * 1000),
    p99Us: Math.round(quantile(sorted, 0.99) * 1000),
    maxUs: Math.round(sorted.at(-1)! * 1000),
    compactionMs: compactions.length ? +(compactions.reduce((s, v) => s + v, 0) / compactions.length).toFixed(2) : 0,
    // Of the commits slower than p99: how many overlapped a GC, followed a compaction, restarted the WAL.
    aboveP99: {
      count: slowSet.length,
      gc: slowSet.filter((s) => s.gcMs > 0).length,
      afterCompaction: slowSet.filter((s) => s.afterCompaction).length,
      walRestart: slowSet.filter((s) => s.walRestart).length,
      mostlyWaiting: slowSet.filter((s) => s.cpuMs < s.ms / 4).length,
    },
    slowest: slow,
  };
}

const results = [];
for (const engine of engines) for (const shape of shapes) results.push(await run(engine, shape));
if (args.has('json')) console.log(JSON.stringify(results, null, 2));
else {
  console.log(
    `root ${root}; N ${N} after ${WARMUP} warm-up${gapMs > 0 ? `, ${gapMs} ms idle before each` : ''}; load ${(await import('node:os')).loadavg()[0]!.toFixed(2)}`,
  );
  for (const r of results) {
    console.log(
      `${r.engine.padEnd(16)} ${r.shape.padEnd(24)} mean ${r.meanUs} µs  p50 ${r.p50Us}  p99 ${r.p99Us}  max ${r.maxUs}  ` +
        `compaction ${r.compactionMs} ms; above p99: ${r.aboveP99.count} (gc ${r.aboveP99.gc}, after compaction ${r.aboveP99.afterCompaction}, WAL restart ${r.aboveP99.walRestart}, cpu < 1/4 of wall ${r.aboveP99.mostlyWaiting})`,
    );
    console.log(`    slowest: ${r.slowest.join('; ')}`);
  }
}
