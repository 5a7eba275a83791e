import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { startFloor, type ServerHandle } from '../lib/servers.ts';
import { stockClient, type StockClient } from '../lib/stock-client.ts';

let floor: ServerHandle;
const clients: StockClient[] = [];
beforeAll(async () => {
  floor = await startFloor();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await floor.stop();
});

const join = (room: string) => {
  const c = stockClient(floor.wsBase, room, undefined);
  clients.push(c);
  return c;
};

const seen = (doc: Y.Doc, key: string, value: string) =>
  new Promise<void>((resolve) => {
    const ratings = doc.getMap<string>('ratings');
    const check = () => {
      if (ratings.get(key) !== value) return;
      ratings.unobserve(check);
      resolve();
    };
    ratings.observe(check);
    check();
  });

test('relays a stock client’s edits to the room’s others and gives a late joiner everything kept', async () => {
  const [a, b] = [join('room-1'), join('room-1')];
  const outsider = join('room-2');
  await Promise.all([a.synced, b.synced, outsider.synced]);

  const arrived = seen(b.doc, '1.1', 'good');
  a.doc.getMap<string>('ratings').set('1.1', 'good');
  await arrived;
  b.doc.getMap<string>('ratings').set('1.2', 'outstanding');
  await seen(a.doc, '1.2', 'outstanding');

  const late = join('room-1');
  await late.synced;
  expect(late.doc.getMap('ratings').toJSON()).toEqual({ '1.1': 'good', '1.2': 'outstanding' });
  // Rooms are apart: nothing of room 1 reached room 2.
  expect(outsider.doc.getMap('ratings').size).toBe(0);
});

test('as the stored floor, has each update in its database by the time another client sees it', async () => {
  const dir = mkdtempSync(joinPath(tmpdir(), 'stored-floor-'));
  const file = joinPath(dir, 'floor.db');
  const stored = await startFloor({ store: file });
  const [a, b] = [stockClient(stored.wsBase, 'room-s', undefined), stockClient(stored.wsBase, 'room-s', undefined)];
  try {
    expect(stored.kind).toBe('stored-floor');
    await Promise.all([a.synced, b.synced]);
    const arrived = seen(b.doc, '2.1', 'good');
    a.doc.getMap<string>('ratings').set('2.1', 'good');
    await arrived;
    const db = new Database(file, { readonly: true });
    try {
      const rows = db.prepare<[], { room: string; data: Buffer }>('SELECT room, data FROM updates ORDER BY seq').all();
      const doc = new Y.Doc();
      for (const row of rows) Y.applyUpdate(doc, row.data);
      expect(new Set(rows.map((r) => r.room))).toEqual(new Set(['/collab/room-s']));
      expect(doc.getMap('ratings').toJSON()).toEqual({ '2.1': 'good' });
    } finally {
      db.close();
    }
  } finally {
    a.destroy();
    b.destroy();
    await stored.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
