import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ratingKey } from '../../shared/review/keys.ts';
import { Root } from '../../shared/review/roots.ts';
import { phasedFramework, plainFramework, skeletonDoc } from '../../shared/review/test-fixtures.ts';
import type * as TaskThreadModule from '../threads/task-thread.ts';
import type { TaskThread, TaskThreadOptions } from '../threads/task-thread.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupFault, parseBackup, type BackupBody } from './backup-format.ts';
import { BackupThread } from './backup-thread.ts';

// The real task thread, its options and instances kept so the errors it is given can be read.
const made = vi.hoisted(() => ({ options: [] as TaskThreadOptions[], threads: [] as TaskThread[] }));
vi.mock('../threads/task-thread.ts', async (importOriginal) => {
  const real = await importOriginal<typeof TaskThreadModule>();
  class Recorded extends real.TaskThread {
    constructor(options: TaskThreadOptions) {
      super(options);
      made.options.push(options);
      made.threads.push(this);
    }
  }
  return { ...real, TaskThread: Recorded };
});

const AT = '2026-03-02T09:00:00.000Z';
const body: Omit<BackupBody, 'document'> = {
  format: BACKUP_FORMAT,
  formatVersion: BACKUP_VERSION,
  exportedAt: AT,
  review: { id: 'review-1', title: 'Northfield', createdAt: AT, updatedAt: AT },
  framework: { id: plainFramework.id, version: plainFramework.version, hash: 'h' },
  record: { status: 'draft', signOffs: [], finalisedAt: null, finalisedBy: null, archivedAt: null },
  history: [],
  rounds: [],
  members: [{ name: 'Ada', role: 'facilitator' }],
};
/** A review's stored parts: its skeleton, then one rating. */
const parts = (): Uint8Array[] => {
  const doc = skeletonDoc(plainFramework);
  const snapshot = Y.encodeStateAsUpdate(doc);
  const sv = Y.encodeStateVector(doc);
  doc.getMap(Root.ratings).set(ratingKey('self', 'k1'), 'b');
  return [snapshot, Y.encodeStateAsUpdate(doc, sv)];
};
const read = (update: Uint8Array): Y.Doc => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
};

const threads: BackupThread[] = [];
const thread = (): BackupThread => {
  const t = new BackupThread();
  threads.push(t);
  return t;
};
afterEach(async () => {
  for (const t of threads.splice(0)) await t.close();
});

describe('the backup thread', () => {
  it('writes a backup file from the stored parts, and reads it back, the file’s bytes handed over, not copied', async () => {
    const t = thread();
    const file = await t.encode(parts(), body);
    const { backup, document } = parseBackup(file.slice());
    expect(backup).toEqual({ ...body, document: '' });
    expect(read(document).getMap(Root.ratings).get(ratingKey('self', 'k1'))).toBe('b');

    const sent = file.slice();
    const parsed = await t.parse(sent);
    expect(sent.byteLength).toBe(0);
    expect(parsed.backup).toEqual({ ...body, document: '' });
    expect(read(parsed.document).getMap(Root.ratings).get(ratingKey('self', 'k1'))).toBe('b');
  });

  it('refuses a damaged file as the caller’s fault, in the checks’ own words', async () => {
    const t = thread();
    const refused = t.parse(new TextEncoder().encode('{"format":'));
    await expect(refused).rejects.toBeInstanceOf(BackupFault);
    await expect(refused).rejects.toThrow(/^the file is damaged: it is not valid JSON \(/);
  });

  it('checks a restored document against its framework and gives it its new id and title', async () => {
    const t = thread();
    const [snapshot, update] = parts();
    const whole = Y.mergeUpdates([snapshot!, update!]);
    const sent = whole.slice();
    const prepared = read(await t.prepare(sent, plainFramework, { reviewId: 'review-2', title: 'Copy' }));
    expect(sent.byteLength).toBe(0);
    expect(prepared.getMap(Root.meta).get('reviewId')).toBe('review-2');
    expect(prepared.getMap(Root.meta).get('title')).toBe('Copy');
    expect(prepared.getMap(Root.ratings).get(ratingKey('self', 'k1'))).toBe('b');
    const other = t.prepare(whole.slice(), phasedFramework, { reviewId: 'review-3', title: 'Copy' });
    await expect(other).rejects.toBeInstanceOf(BackupFault);
    await expect(other).rejects.toThrow(`document: made from framework "plain" version 1, not the "phased"`);
  });

  it('copies a review’s parts under a new id, title and creation time, without checking them again', async () => {
    const t = thread();
    const stored = parts();
    const copy = read(
      await t.copy(stored, phasedFramework, { reviewId: 'review-2', title: 'Copy', createdAt: '2026-04-01T00:00:00Z' }),
    );
    expect(copy.getMap(Root.meta).get('reviewId')).toBe('review-2');
    expect(copy.getMap(Root.meta).get('title')).toBe('Copy');
    expect(copy.getMap(Root.meta).get('createdAt')).toBe('2026-04-01T00:00:00Z');
    expect(copy.getMap(Root.ratings).get(ratingKey('self', 'k1'))).toBe('b');
    // The parts are copied to the thread, not handed over: the review's own stay readable.
    expect(stored.every((p) => p.byteLength > 0)).toBe(true);
  });

  it('says each of its failures in the backup’s words: the file’s (refused, 400) or the server’s', () => {
    thread();
    const { errors } = made.options.at(-1)!;
    const said = (error: Error) => ({ fault: error instanceof BackupFault, message: error.message });
    expect(said(errors.timeout(30))).toEqual({ fault: true, message: 'checking the backup took over 30 s' });
    expect(said(errors.outOfMemory(768))).toEqual({
      fault: true,
      message: 'checking the backup needed more than 768 MiB',
    });
    expect(said(errors.crashed('boom'))).toEqual({ fault: false, message: 'checking the backup failed: boom' });
    expect(said(errors.stopped())).toEqual({ fault: false, message: 'the backup thread stopped' });
    expect(said(errors.fault!('document: bad'))).toEqual({ fault: true, message: 'document: bad' });
  });

  it('fails a task asked for as it closes, whether the thread was starting or ready, never leaving it waiting', async () => {
    const t = thread();
    const file = await t.encode(parts(), body);
    // Each expectation is attached as the task is asked for: the task fails during close(), before the end.
    const stopped = (task: Promise<unknown>) => expect(task).rejects.toThrow('the backup thread stopped');
    const asked = [stopped(t.parse(file.slice()))];
    await t.close();
    await t.encode(parts(), body);
    asked.push(stopped(t.parse(file.slice())));
    await t.close();
    await Promise.all(asked);
  });

  it('closes its thread', async () => {
    const t = thread();
    const closing = vi.spyOn(made.threads.at(-1)!, 'close');
    await t.close();
    expect(closing).toHaveBeenCalledOnce();
  });
});
