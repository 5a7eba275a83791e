/**
 * Two ways to write one commit on SQLite, timed in alternating rounds in one process so load on
 * the machine falls on both alike:
 * - loop: read the log position, then one prepared single-row insert per update and per event;
 * - multi-row: the updates numbered inside one INSERT … SELECT, the events in one multi-row insert.
 * Both in one transaction, with the review touched, as the store commits. Run by hand:
 *
 *   node --import tsx bench/store/sqlite-insert-shapes.ts [--rounds=20] [--per-round=500]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { migrateSqlite } from '../../server/store/sqlite.ts';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k!, v ?? 'true'] as const;
  }),
);
const ROUNDS = Number(args.get('rounds') ?? 20);
const PER_ROUND = Number(args.get('per-round') ?? 500);

const dir = mkdtempSync(join(tmpdir(), 'insert-shapes-'));
const db = new Database(join(dir, 'shapes.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
migrateSqlite(db);
const now = new Date().toISOString();
db.prepare(
  `INSERT INTO frameworks (id, version, hash, body, source, created_at) VALUES ('f', 1, 'h', '{}', 'built-in', ?)`,
).run(now);

const SEQ = `coalesce((SELECT max(seq) FROM review_updates WHERE review_id = @review),
  (SELECT upto_seq FROM review_snapshots WHERE review_id = @review), 0)`;
const seqOf = db.prepare<[{ review: string }], { seq: number }>(`SELECT ${SEQ} AS seq`);
const insertUpdate = db.prepare(
  'INSERT INTO review_updates (review_id, seq, data, created_at, user_id) VALUES (?, ?, ?, ?, ?)',
);
const insertEvent = db.prepare(
  'INSERT INTO review_history (review_id, seq, at, user_id, user_name, criterion, kind, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
);
const insertUpdateMulti = db.prepare(
  `WITH base(s) AS (SELECT ${SEQ}) INSERT INTO review_updates (review_id, seq, data, created_at, user_id)
   SELECT @review, s + 1, ?, @at, @user FROM base RETURNING seq`,
);
const eventsMulti = new Map<number, Database.Statement>();
const touch = db.prepare('UPDATE reviews SET updated_at = ? WHERE id = ?');

const update = Buffer.alloc(40, 7);
const event = (i: number) => ({
  at: now,
  userId: 'u1',
  userName: 'Person One',
  criterion: `c${i}`,
  kind: 'rating',
  detail: { track: 'self', phase: 'p1', from: null, to: 'high' },
});

type Event = ReturnType<typeof event>;
/** The log position read first, then the update inserted with it. */
function readThenInsert(review: string, at: string): number {
  const seq = seqOf.get({ review })!.seq + 1;
  insertUpdate.run(review, seq, update, at, 'u1');
  return seq;
}
/** The update numbered inside its own insert. */
function numberedInInsert(review: string, at: string): number {
  return (insertUpdateMulti.get(update, { review, at, user: 'u1' }) as { seq: number }).seq;
}
function eventsLoop(review: string, seq: number, events: Event[]): void {
  for (const e of events)
    insertEvent.run(review, seq, e.at, e.userId, e.userName, e.criterion, e.kind, JSON.stringify(e.detail));
}
function eventsMultiRow(review: string, seq: number, events: Event[]): void {
  if (events.length === 0) return;
  let stmt = eventsMulti.get(events.length);
  if (!stmt) {
    const rows = events.map(() => '(@review, @seq, ?, ?, ?, ?, ?, ?)').join(', ');
    stmt = db.prepare(
      `INSERT INTO review_history (review_id, seq, at, user_id, user_name, criterion, kind, detail) VALUES ${rows}`,
    );
    eventsMulti.set(events.length, stmt);
  }
  const params: unknown[] = [];
  for (const e of events) params.push(e.at, e.userId, e.userName, e.criterion, e.kind, JSON.stringify(e.detail));
  stmt.run(...params, { review, seq });
}

const variants = {
  'read+insert, event loop': [readThenInsert, eventsLoop],
  'read+insert, multi-row events': [readThenInsert, eventsMultiRow],
  'numbered insert, event loop': [numberedInInsert, eventsLoop],
  'numbered insert, multi-row events': [numberedInInsert, eventsMultiRow],
} as const;
type Name = keyof typeof variants;
const names = Object.keys(variants) as Name[];
const commits = Object.fromEntries(
  names.map((name, i) => {
    const [updates, history] = variants[name];
    const review = `v${i}`;
    db.prepare(
      `INSERT INTO reviews (id, title, framework_id, framework_version, created_at, updated_at) VALUES (?, 't', 'f', 1, ?, ?)`,
    ).run(review, now, now);
    return [
      name,
      db.transaction((events: Event[]) => {
        const at = new Date().toISOString();
        history(review, updates(review, at), events);
        touch.run(at, review);
      }),
    ];
  }),
) as unknown as Record<Name, (events: Event[]) => void>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `load ${(await import('node:os')).loadavg()[0]!.toFixed(1)}; median of ${ROUNDS} rounds of ${PER_ROUND} commits`,
);
for (const count of [0, 1, 10]) {
  const events = Array.from({ length: count }, (_, i) => event(i));
  const wall = Object.fromEntries(names.map((n) => [n, [] as number[]]));
  const cpu = Object.fromEntries(names.map((n) => [n, [] as number[]]));
  for (let r = 0; r < ROUNDS; r++) {
    // A different order each round, so neither is always first after the other.
    const order = names.map((_, i) => names[(i + r) % names.length]!);
    for (const name of order) {
      const c0 = process.cpuUsage();
      const start = performance.now();
      for (let i = 0; i < PER_ROUND; i++) commits[name](events);
      wall[name]!.push(((performance.now() - start) * 1000) / PER_ROUND);
      const c = process.cpuUsage(c0);
      cpu[name]!.push((c.user + c.system) / PER_ROUND);
    }
  }
  for (const name of names)
    console.log(
      `${count} events, ${name.padEnd(34)} wall ${median(wall[name]!).toFixed(1)} µs, cpu ${median(cpu[name]!).toFixed(1)} µs per commit`,
    );
}
db.close();
rmSync(dir, { recursive: true, force: true });
